/**
 * What every command that lints files sets up the same way (`shootlint` and
 * `shootlint report`): the configuration lookup, the engine configuration of
 * each file (configuration file, its overrides, then the flags) and the
 * sources to lint.
 */
import { resolve } from 'node:path';
import { ConfigLookup, engineConfigFor, isIgnored, matchingOverrides, toPosix } from '../config/index.ts';
import type { LoadedConfig } from '../config/index.ts';
import { defaultConfig } from '../engine/defaults.ts';
import { lint } from '../engine/lint.ts';
import { inWorkspace } from '../engine/lookup-scope.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { EngineConfig } from '../engine/settings.ts';
import type { LintOutput, SourceFile } from '../engine/types.ts';
import type { CliOptions } from './options.ts';
import { applyCliFlags, today } from './engine-config.ts';
import type { Collected } from './files.ts';
import { collectFiles, DEFAULT_MAX_FILE_BYTES } from './files.ts';
import { readStdin } from '../input/stdin.ts';
import { UsageError } from './usage-error.ts';

export interface EngineConfigs {
  /** The configuration of the working directory (settings of workspace-wide checks). */
  readonly config: EngineConfig;
  /** The configuration of one file: nearest config file, its overrides, then the flags. */
  readonly configForFile: (path: string) => EngineConfig;
  /** True when the file's configuration `ignore`s it. */
  readonly ignored: (path: string) => boolean;
  /** Lints sources with these configurations and every rule; `collectPasses: false` leaves passes out of `results`; `keep`: only these files' findings (the others are context). */
  readonly lint: (files: readonly SourceFile[], collectPasses?: boolean, keep?: ReadonlySet<string>) => LintOutput;
  /** The same configurations for a run in the workspace at `root`: findings about a missing reference name it. */
  readonly inWorkspace: (root: string) => EngineConfigs;
}

/** The engine's lint with these configurations and every rule (EngineConfigs.lint). */
function lintWith(config: EngineConfig, configForFile: (path: string) => EngineConfig, rules: readonly AnyRule[]): EngineConfigs['lint'] {
  return (files, collectPasses = true, keep) => lint({ files, config, configForFile, rules, collectPasses, ...(keep ? { keep } : {}) });
}

/** `configs` with every configuration's `settings.workspaceRoot` set to `root`. */
function configsInWorkspace(configs: EngineConfigs, root: string, rules: readonly AnyRule[]): EngineConfigs {
  const rooted = inWorkspace(root);
  const config = rooted(configs.config);
  const configForFile = (path: string): EngineConfig => rooted(configs.configForFile(path));
  return {
    config,
    configForFile,
    ignored: configs.ignored,
    lint: lintWith(config, configForFile, rules),
    inWorkspace: (other) => configsInWorkspace(configs, other, rules),
  };
}

/** The configuration lookup of `--config` / `--no-config` (they exclude each other). */
export function configLookup(opts: Pick<CliOptions, 'config' | 'noConfig'>, cwd: string, rules: readonly AnyRule[]): ConfigLookup {
  if (opts.config !== undefined && opts.noConfig) throw new UsageError('--config and --no-config exclude each other');
  return new ConfigLookup({ cwd, rules, ...(opts.config !== undefined ? { explicit: opts.config } : {}), none: opts.noConfig });
}

/**
 * Configuration files (looked up per file) with the command-line flags on top;
 * `layer`, when given, applies last (the report's additions).
 */
export function engineConfigs(
  lookup: ConfigLookup,
  opts: CliOptions,
  cwd: string,
  rules: readonly AnyRule[],
  layer?: (config: EngineConfig) => EngineConfig,
): EngineConfigs {
  const base = defaultConfig(today());
  const abs = (path: string): string => toPosix(resolve(cwd, path));
  const make = (loaded: LoadedConfig | undefined, file: string | undefined): EngineConfig => {
    const flagged = applyCliFlags(loaded ? engineConfigFor(loaded, file, base) : base, opts, rules);
    return layer ? layer(flagged) : flagged;
  };
  const config = make(lookup.forDir(cwd), undefined);
  // Files under the same configuration with the same overrides share one object, so the
  // engine resolves rule settings once per configuration rather than once per file.
  const cache = new Map<string, EngineConfig>();
  const shared = new Map<LoadedConfig | undefined, Map<string, EngineConfig>>();
  // An item of a List on standard input is linted under a name with a NUL (lib/run/stdin-list.ts); its configuration is standard input's.
  const configForFile = (name: string): EngineConfig => {
    const path = name.split('\u0000')[0]!;
    let c = cache.get(path);
    if (!c) {
      const loaded = lookup.forFile(path);
      const key = loaded ? matchingOverrides(loaded, abs(path)).join(',') : '';
      let byOverrides = shared.get(loaded);
      if (!byOverrides) shared.set(loaded, (byOverrides = new Map()));
      c = byOverrides.get(key);
      if (!c) byOverrides.set(key, (c = make(loaded, abs(path))));
      cache.set(path, c);
    }
    return c;
  };
  // Asked for every file of the workspace index: no array per name, and a path resolved only for a configuration with ignore patterns.
  const ignored = (name: string): boolean => {
    const nul = name.indexOf('\u0000');
    const path = nul < 0 ? name : name.slice(0, nul);
    if (path.startsWith('<')) return false;
    const loaded = lookup.forFile(path);
    return loaded?.data.ignore?.length ? isIgnored(loaded, abs(path)) : false;
  };
  const configs: EngineConfigs = {
    config,
    configForFile,
    ignored,
    lint: lintWith(config, configForFile, rules),
    inWorkspace: (root) => configsInWorkspace(configs, root, rules),
  };
  return configs;
}

/** Standard input: its chunks as read (a real process), else its text (a caller in-process). */
export interface StdinIo {
  readonly readStdin: () => string;
  readonly readStdinChunks?: () => Iterable<Uint8Array>;
}

export interface Sources {
  /** The files to lint: found, readable and not ignored by their configuration. */
  readonly files: SourceFile[];
  readonly collected: Collected;
}

/**
 * The files the paths name, less those their configuration ignores. Reports
 * paths that named nothing on stderr, and reads every file's configuration
 * before linting, so a bad one stops the run (exit 2) with its position.
 * `lazy`: the files' texts are not kept but read again when linted (lib/run/disk-source.ts).
 */
export function collectSources(
  opts: Pick<CliOptions, 'paths' | 'stdinFilename' | 'maxFileSize'>,
  io: StdinIo & { readonly cwd: string; readonly stderr: (s: string) => void },
  engine: Pick<EngineConfigs, 'ignored' | 'configForFile'>,
  splitStdin = false,
  lazy = false,
): Sources {
  const maxBytes = opts.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  const collected = collectFiles(opts.paths, {
    cwd: io.cwd,
    stdin: () => readStdin(io.readStdinChunks?.() ?? [Buffer.from(io.readStdin(), 'utf8')], { maxBytes, limitFlag: '--max-file-size', split: splitStdin }),
    ...(opts.stdinFilename !== undefined ? { stdinFilename: opts.stdinFilename } : {}),
    ...(opts.maxFileSize !== undefined ? { maxFileBytes: opts.maxFileSize } : {}),
    lazy,
  });
  for (const m of collected.missing) io.stderr(`shootlint: no such file or directory, or nothing matched: ${m}\n`);
  const files = collected.files.filter((f) => !engine.ignored(f.path));
  for (const f of files) engine.configForFile(f.path);
  return { files, collected };
}
