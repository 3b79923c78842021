import { DEFAULT_GARDENER_VERSION } from '../gardener/versions.ts';
import { didYouMeanText } from '../config/did-you-mean.ts';
import type { FixType } from '../engine/types.ts';
import type { CliOptions } from '../run/options.ts';
import { count, list, parseCommandLine, SHARED_SPEC, sharedOptions, WORKSPACE_SPEC, workspaceOptions } from '../run/options.ts';
import { UsageError } from '../run/usage-error.ts';
import { RENDER_SPEC, RENDER_USAGE, renderFlags } from '../render/options.ts';

const SPEC = {
  ...SHARED_SPEC,
  ...RENDER_SPEC,
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
  jobs: { type: 'string', short: 'j' },
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
${RENDER_USAGE}      --max-file-size MB             Skip larger files (default 10)
  -j, --jobs N                       Lint on N threads (default: the available cores; 1 lints in-process)
      --color, --no-color            Force colour on or off (FORCE_COLOR and NO_COLOR are honoured)
      --print-rules                  List the rules with their STIG ids and severities
                                     (--format json: as JSON)
  -v, --version                      Print the version
  -h, --help                         Print this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings,
2 usage, configuration or internal error.
`;

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

/** The first arguments that name a command of their own (main.ts runs each with its own command line). */
export const SUBCOMMANDS = ['lsp', 'explain', 'report'] as const;

export function parseCli(argv: readonly string[]): CliOptions {
  const parsed = parseCommandLine(argv, SPEC, 'shootlint');
  const v = parsed.values;
  return {
    ...sharedOptions(v, parsed.positionals),
    ...renderFlags(v),
    ...formats(v.format, v['output-file']),
    ...(v['output-file'] !== undefined ? { outputFile: v['output-file'] } : {}),
    ...(v['max-warnings'] !== undefined ? { maxWarnings: count('max-warnings', v['max-warnings'])! } : {}),
    ...(v.jobs !== undefined ? { jobs: jobs(v.jobs) } : {}),
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

function jobs(v: string): number {
  const n = count('jobs', v)!;
  if (n < 1) throw new UsageError(`--jobs takes a whole number of at least 1, got "${v}"`);
  return n;
}
