/**
 * The language server's configuration seam: the EngineConfig for each file.
 * Everything config-related the server needs goes through `ConfigSource`, so
 * the configuration lookup is plugged in here and nowhere else.
 */
import { isAbsolute } from 'node:path';
import { today } from '../run/engine-config.ts';
import { ConfigError, ConfigLookup, engineConfigFor, isIgnored, toPosix } from '../config/index.ts';
import type { LoadedConfig } from '../config/index.ts';
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

/**
 * Configuration as the CLI finds it: the nearest `.shootlint.yaml` (or .yml,
 * .json) upwards from each file, its overrides by glob, its `ignore` list.
 * A broken configuration file does not stop the server: the documents it
 * governs are linted with the defaults and show the problem.
 */
export function createConfigSource(rules: readonly AnyRule[]): ConfigSource {
  let base = defaultConfig(today());
  let lookup = new ConfigLookup({ cwd: '/', rules });
  const cache = new Map<string, EngineConfig>();
  const onDisk = (path: string): boolean => isAbsolute(path);
  const loaded = (path: string): LoadedConfig | undefined => {
    if (!onDisk(path)) return undefined;
    try {
      return lookup.forFile(path);
    } catch {
      return undefined;
    }
  };
  return {
    base: () => base,
    forFile(path) {
      let c = cache.get(path);
      if (!c) {
        const l = loaded(path);
        c = l ? engineConfigFor(l, toPosix(path), base) : base;
        cache.set(path, c);
      }
      return c;
    },
    issueFor(path) {
      if (!onDisk(path)) return undefined;
      try {
        lookup.forFile(path);
        return undefined;
      } catch (err) {
        if (err instanceof ConfigError) return { configPath: err.path, message: err.problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join('; ') };
        return { configPath: '.shootlint.yaml', message: err instanceof Error ? err.message : String(err) };
      }
    },
    ignored(path) {
      const l = loaded(path);
      return l ? isIgnored(l, toPosix(path)) : false;
    },
    reload() {
      base = defaultConfig(today());
      lookup = new ConfigLookup({ cwd: '/', rules });
      cache.clear();
    },
  };
}
