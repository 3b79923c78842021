/**
 * The language server's configuration seam: the EngineConfig for each file.
 * Everything config-related the server needs goes through `ConfigSource`, so
 * the configuration lookup is plugged in here and nowhere else.
 */
import { today } from '../cli/engine-config.ts';
import { defaultConfig } from '../engine/defaults.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { EngineConfig } from '../engine/settings.ts';

/** A problem with a configuration file, reported on the documents it governs. */
export interface ConfigIssue {
  readonly configPath: string;
  readonly message: string;
}

export interface ConfigSource {
  /** Settings shared by the run (the workspace-wide rules use them). */
  base(): EngineConfig;
  /** The configuration governing a file (engine path); undefined config = defaults. */
  forFile(path: string): EngineConfig;
  /** A configuration problem that applies to this file, if any. */
  issueFor(path: string): ConfigIssue | undefined;
  /** True when the file is ignored by its configuration. */
  ignored(path: string): boolean;
  /** Forget everything loaded (a configuration file changed). */
  reload(): void;
}

/** Configuration file names that make the server reload. */
export const CONFIG_FILE = /(^|[\\/])\.shootlint\.(ya?ml|json)$/;

export function createConfigSource(_rules: readonly AnyRule[]): ConfigSource {
  let base = defaultConfig(today());
  return {
    base: () => base,
    forFile: () => base,
    issueFor: () => undefined,
    ignored: () => false,
    reload: () => {
      base = defaultConfig(today());
    },
  };
}
