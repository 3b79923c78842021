/**
 * The options every command that lints files shares (`shootlint`, `shootlint
 * report`): what they mean to a run, the flags that give them, and the parser
 * that turns a malformed command line into a usage error.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { didYouMeanText } from '../config/did-you-mean.ts';
import type { FixType } from '../engine/types.ts';
import type { RenderFlags } from '../render/options.ts';
import { UsageError } from './usage-error.ts';

/** The options of a lint run (the lint command's flags; the report sets the ones it has no flag for). */
export interface CliOptions {
  readonly paths: string[];
  /** The format written to standard output (or --output-file). */
  readonly format: string;
  readonly outputFile?: string;
  /** More formats of the same run, each to its own file (`--format NAME:FILE`). */
  readonly fileFormats?: readonly { readonly format: string; readonly file: string }[];
  readonly rules: string[];
  readonly disable: string[];
  readonly strict: boolean;
  readonly stigRelease?: string;
  readonly gardenerVersion?: string;
  readonly kubernetesVersion?: string;
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly version: boolean;
  readonly help: boolean;
  readonly printRules: boolean;
  readonly stdinFilename?: string;
  readonly maxFileSize?: number;
  readonly color?: boolean;
  readonly config?: string;
  readonly noConfig: boolean;
  readonly baseline?: string;
  readonly updateBaseline: boolean;
  readonly reportUnusedSuppressions: boolean;
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly workspace?: string;
  readonly noWorkspace?: boolean;
  readonly cache?: boolean;
  readonly cacheLocation?: string;
  /** Worker threads that lint (`--jobs N`; default: the available cores; 1 lints in-process). */
  readonly jobs?: number;
  /** Which fixes `--fix` / `--fix-dry-run` apply (default: safe ones). */
  readonly fixTypes?: FixType[];
  /** How kustomizations and charts are rendered (lib/render). */
  readonly render?: RenderFlags;
}

/** The workspace options: the root whose manifests are the context of the given files, and the index cache. */
export const WORKSPACE_SPEC = {
  workspace: { type: 'string' },
  'no-workspace': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
} as const;

export function workspaceOptions(v: { workspace?: string; 'no-workspace'?: boolean; cache?: boolean; 'cache-location'?: string }): Pick<CliOptions, 'workspace' | 'noWorkspace' | 'cache' | 'cacheLocation'> {
  return {
    ...(v.workspace !== undefined ? { workspace: v.workspace } : {}),
    noWorkspace: v['no-workspace'] ?? false,
    cache: (v.cache ?? false) || v['cache-location'] !== undefined,
    ...(v['cache-location'] !== undefined ? { cacheLocation: v['cache-location'] } : {}),
  };
}

/** The options `shootlint` and `shootlint report` share: configuration, rule selection, versions and inputs. */
export const SHARED_SPEC = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  strict: { type: 'boolean' },
  'stig-release': { type: 'string' },
  'gardener-version': { type: 'string' },
  'kubernetes-version': { type: 'string' },
  baseline: { type: 'string' },
  'stdin-filename': { type: 'string' },
  'max-file-size': { type: 'string' },
} as const;

export function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, got "${v}"`);
  return n;
}

export function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Parses a command's arguments; a malformed command line is a usage error that names the command's help. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, command: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, '');
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(message)?.[1];
    const flags = Object.keys(options).map((o) => `--${o}`);
    const hint = unknown?.startsWith('--') ? didYouMeanText(unknown, flags) : '';
    throw new UsageError(`${message}${hint}\nRun ${command} --help for usage.`);
  }
}

type SharedValues = ReturnType<typeof parseCommandLine<typeof SHARED_SPEC>>['values'];

/** The options of SHARED_SPEC, and the paths. */
export type SharedOptions = Pick<
  CliOptions,
  | 'paths'
  | 'rules'
  | 'disable'
  | 'strict'
  | 'stigRelease'
  | 'gardenerVersion'
  | 'kubernetesVersion'
  | 'stdinFilename'
  | 'maxFileSize'
  | 'config'
  | 'noConfig'
  | 'baseline'
>;

export function sharedOptions(v: SharedValues, paths: string[]): SharedOptions {
  const maxFileMb = count('max-file-size', v['max-file-size']);
  return {
    paths,
    rules: list(v.rule),
    disable: list(v.disable),
    strict: v.strict ?? false,
    ...(v['stig-release'] !== undefined ? { stigRelease: v['stig-release'] } : {}),
    ...(v['gardener-version'] !== undefined ? { gardenerVersion: v['gardener-version'] } : {}),
    ...(v['kubernetes-version'] !== undefined ? { kubernetesVersion: v['kubernetes-version'] } : {}),
    ...(v['stdin-filename'] !== undefined ? { stdinFilename: v['stdin-filename'] } : {}),
    ...(maxFileMb !== undefined ? { maxFileSize: maxFileMb * 1024 * 1024 } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    noConfig: v['no-config'] ?? false,
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
  };
}
