import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_GARDENER_VERSION } from '../gardener/versions.ts';
import { didYouMeanText } from '../config/did-you-mean.ts';
import type { FixType } from '../engine/types.ts';
import { UsageError } from './usage-error.ts';

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
  /** Which fixes `--fix` / `--fix-dry-run` apply (default: safe ones). */
  readonly fixTypes?: FixType[];
}

/** The workspace options: the root whose manifests are the context of the given files, and the index cache. */
const WORKSPACE_SPEC = {
  workspace: { type: 'string' },
  'no-workspace': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
} as const;

function workspaceOptions(v: { workspace?: string; 'no-workspace'?: boolean; cache?: boolean; 'cache-location'?: string }): Pick<CliOptions, 'workspace' | 'noWorkspace' | 'cache' | 'cacheLocation'> {
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

const SPEC = {
  ...SHARED_SPEC,
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  'print-rules': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'update-baseline': { type: 'boolean' },
  'report-unused-suppressions': { type: 'boolean' },
  'no-report-unused-suppressions': { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  ...WORKSPACE_SPEC,
  'fix-type': { type: 'string', multiple: true },
  'fix-all': { type: 'boolean' },
} as const;

export const FIX_TYPES: readonly FixType[] = ['safe', 'review'];

export const USAGE = `Usage: shootlint [options] [paths...]

Checks Gardener Shoot manifests (and the ConfigMaps, CloudProfiles and workloads
beside them) against the DISA Kubernetes STIG rules a cluster admin answers for.

Paths are files, directories (searched for *.yaml, *.yml, *.json), globs, or -
for standard input.

Commands:
  shootlint lsp                      Start the language server over stdio
  shootlint report [paths...]        Compliance report (see shootlint report --help)
  shootlint explain RULE             A rule's page: STIG ids, CAT, rationale, fix, options

Options:
  -f, --format NAME                  Output format (default: stylish)
  -f, --format NAME:FILE             Also write this format to FILE (repeatable; one lint, many formats)
  -o, --output-file FILE             Write the output to FILE instead of stdout
  -c, --config FILE                  Use this configuration file (.shootlint.yaml or .json)
      --no-config                    Do not look up a configuration file
      --rule ID                      Run only this rule (repeatable; id or name)
      --disable ID                   Turn a rule off (repeatable; id or name)
      --strict                       Secure defaults must be written down (auditor mode)
      --stig-release V2R6|V1R11      STIG release to report against (default V2R6)
      --gardener-version VERSION     Gardener release whose API and defaults apply (default ${DEFAULT_GARDENER_VERSION})
      --kubernetes-version VERSION   Version workloads are judged against when no single Shoot decides it
      --max-warnings N               Exit 1 when there are more than N warnings
  -q, --quiet                        Report errors only
      --baseline FILE                Report only findings not recorded in FILE
      --update-baseline              Write the current findings to the baseline file
      --no-report-unused-suppressions  Do not report suppressions that suppress nothing
      --fix                          Apply safe fixes to the files
      --fix-dry-run                  Print the fixes as a unified diff, change nothing
      --fix-type safe|review         Which fixes to apply (repeatable; default safe). Review
                                     fixes can lock people out (anonymous auth, SSH, static
                                     kubeconfig): read the diff first
      --fix-all                      Apply safe and review fixes (--fix --fix-type safe,review)
      --stdin-filename NAME          Name to report for standard input
      --workspace DIR                Judge the files in the context of the manifests under DIR
                                     (default: the nearest folder with .shootlint.yaml, else the
                                     git work tree, else the files' common folder)
      --no-workspace                 Judge the given files alone (references outside them are unverifiable)
      --cache                        Keep the workspace index between runs
      --cache-location PATH          Cache file or folder (implies --cache; default
                                     node_modules/.cache/shootlint/ or the user cache folder)
      --max-file-size MB             Skip larger files (default 10)
      --color, --no-color            Force colour on or off (FORCE_COLOR and NO_COLOR are honoured)
      --print-rules                  List the rules with their STIG ids and severities
                                     (--format json: as JSON)
  -v, --version                      Print the version
  -h, --help                         Print this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings,
2 usage, configuration or internal error.
`;

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, got "${v}"`);
  return n;
}

function list(values: readonly string[] | undefined): string[] {
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

/** `--format NAME` (standard output, at most one) and `--format NAME:FILE` (repeatable). */
function formats(values: readonly string[] | undefined, outputFile: string | undefined): Pick<CliOptions, 'format' | 'fileFormats'> {
  const plain: string[] = [];
  const fileFormats: { format: string; file: string }[] = [];
  for (const v of values ?? []) {
    const colon = v.indexOf(':');
    if (colon === -1) plain.push(v);
    else if (colon === 0 || colon === v.length - 1) throw new UsageError(`--format ${v}: expected NAME or NAME:FILE`);
    else fileFormats.push({ format: v.slice(0, colon), file: v.slice(colon + 1) });
  }
  if (plain.length > 1) throw new UsageError(`--format ${plain.join(', ')}: only one format goes to standard output; give the others a file (--format NAME:FILE)`);
  // Only NAME:FILE formats and no --output-file: nothing goes to standard output.
  return { format: plain[0] ?? (fileFormats.length && outputFile === undefined ? '' : 'stylish'), fileFormats };
}

export function parseCli(argv: readonly string[]): CliOptions {
  const parsed = parseCommandLine(argv, SPEC, 'shootlint');
  const v = parsed.values;
  return {
    ...sharedOptions(v, parsed.positionals),
    ...formats(v.format, v['output-file']),
    ...(v['output-file'] !== undefined ? { outputFile: v['output-file'] } : {}),
    ...(v['max-warnings'] !== undefined ? { maxWarnings: count('max-warnings', v['max-warnings'])! } : {}),
    quiet: v.quiet ?? false,
    version: v.version ?? false,
    help: v.help ?? false,
    printRules: v['print-rules'] ?? false,
    ...(v['no-color'] ? { color: false } : v.color ? { color: true } : {}),
    updateBaseline: v['update-baseline'] ?? false,
    reportUnusedSuppressions: !(v['no-report-unused-suppressions'] ?? false),
    fix: (v.fix ?? false) || (v['fix-all'] ?? false),
    fixDryRun: v['fix-dry-run'] ?? false,
    ...workspaceOptions(v),
    fixTypes: fixTypes(v['fix-type'], v['fix-all'] ?? false, Boolean(v.fix || v['fix-dry-run'] || v['fix-all'])),
  };
}

function fixTypes(values: readonly string[] | undefined, all: boolean, fixing: boolean): FixType[] {
  const given = list(values);
  if (given.length && !fixing) throw new UsageError('--fix-type needs --fix or --fix-dry-run');
  if (all) return [...FIX_TYPES];
  for (const t of given) {
    if (!(FIX_TYPES as readonly string[]).includes(t)) throw new UsageError(`--fix-type takes ${FIX_TYPES.join(' or ')}, got "${t}"${didYouMeanText(t, FIX_TYPES)}`);
  }
  return given.length ? FIX_TYPES.filter((t) => given.includes(t)) : ['safe'];
}
