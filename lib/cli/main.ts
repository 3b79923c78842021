import { readFileSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from '../config/index.ts';
import { didYouMeanText } from '../config/did-you-mean.ts';
import { ruleSetting } from '../engine/lint.ts';
import type { AnyRule, RuleMeta } from '../engine/rule.ts';
import { READ_ERROR, UNUSED_SUPPRESSION } from '../engine/builtin-ids.ts';
import { fileError } from '../engine/file-error.ts';
import type { FileResult, LintMessage, RuleResult } from '../engine/types.ts';
import { FORMATTER_NAMES, loadFormatter } from '../formatters/index.ts';
import type { Formatter } from '../formatters/types.ts';
import { RULES } from '../../rules/index.ts';
import pkg from '../../package.json' with { type: 'json' };
import type { CliOptions } from '../run/options.ts';
import { parseCli, USAGE } from './args.ts';
import { baselineApplier, baselinePathMapper, DEFAULT_BASELINE, previousBaseline, readBaseline, staleNotice, staleTracker, updatedBaseline, writeBaseline } from '../run/baseline.ts';
import { useColor } from './color.ts';
import { runFixes } from './fix.ts';
import { openOutputFile } from './output-file.ts';
import { BlockWriter, fileSpool } from '../run/sink.ts';
import { rulesJson, rulesTable } from './rules-table.ts';
import { collectSources, configLookup, engineConfigs } from '../run/setup.ts';
import type { CliIo } from '../run/io.ts';
import { UsageError } from '../run/usage-error.ts';
import type { RunJobs } from '../run/workspace.ts';
import { lintInWorkspace, lintRun, lintStdinList } from '../run/workspace.ts';
import { workspaceScan } from '../run/workspace-scan.ts';
import type { EarlyStats } from '../run/shared-stats.ts';
import type { Emit } from '../run/stdin-list.ts';
import { resultsByFile } from '../run/batches.ts';
import { runRenders } from '../render/run.ts';
import { DEFAULT_WORKER_HEAP_MB, LintPool } from '../run/pool.ts';
import { collate } from '../engine/collate.ts';

export { engineConfigs } from '../run/setup.ts';
export type { EngineConfigs } from '../run/setup.ts';
export type { CliIo } from '../run/io.ts';

export const VERSION: string = pkg.version;

function nodeIo(): CliIo {
  // A reader that stops early (`shootlint ... | head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    cwd: process.cwd(),
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readStdin: () => readFileSync(0, 'utf8'),
    readStdinChunks: () => stdinChunks(0),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}

/** The chunks of a file descriptor until its end; waits when it has no data yet (a non-blocking pipe). */
function* stdinChunks(fd: number): Generator<Uint8Array> {
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(wait, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') return;
      throw err;
    }
    if (n === 0) return;
    yield buf.subarray(0, n);
  }
}

/** The command line: returns the exit code (0 clean, 1 findings, 2 usage/config/internal error). */
export async function main(argv: readonly string[], io: CliIo = nodeIo(), earlyStats?: EarlyStats): Promise<number> {
  try {
    return await run(argv, io, earlyStats);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`shootlint: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.stderr(`${err.message.split('\n').map((l) => `shootlint: ${l}`).join('\n')}\n`);
      return 2;
    }
    io.stderr(`shootlint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\nPlease report this with the input that caused it.\n`);
    return 2;
  }
}

async function run(argv: readonly string[], io: CliIo, earlyStats: EarlyStats | undefined): Promise<number> {
  if (argv[0] === 'lsp') {
    const { startServer } = await import('../lsp/server.ts');
    return startServer();
  }
  if (argv[0] === 'explain') {
    const { runExplain } = await import('./explain.ts');
    return runExplain(argv.slice(1), io);
  }
  if (argv[0] === 'report') {
    const { runReport } = await import('../report/cli.ts');
    return runReport(argv.slice(1), io);
  }
  const opts = parseCli(argv);
  if (opts.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (opts.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const engine = engineConfigs(configLookup(opts, io.cwd, RULES), opts, io.cwd, RULES);
  if (opts.printRules) {
    const release = engine.config.settings.stigRelease;
    if (opts.format !== 'stylish' && opts.format !== 'json') throw new UsageError(`--print-rules prints a table (the default) or --format json, not "${opts.format}"`);
    io.stdout(opts.format === 'json' ? rulesJson(RULES, release, (r) => ruleSetting(r, engine.config).severity) : rulesTable(RULES, release));
    return 0;
  }
  if (opts.paths.length === 0) throw new UsageError('no paths given; try shootlint path/to/shoots/ (or - for standard input)\nRun shootlint --help for usage.');
  // Every format of the run: the one for standard output (none when only NAME:FILE formats are given) and the file ones.
  const outputs = [...(opts.format ? [{ format: opts.format, file: opts.outputFile }] : []), ...(opts.fileFormats ?? [])];
  const formatters = new Map<string, Formatter>();
  for (const { format } of outputs) {
    const formatter = await loadFormatter(format);
    if (!formatter) throw new UsageError(`unknown format "${format}"${didYouMeanText(format, FORMATTER_NAMES)}; available: ${FORMATTER_NAMES.join(', ')}`);
    formatters.set(format, formatter);
  }

  // Every file's configuration is read before linting, so a bad one stops the run (exit 2) with its position.
  // A List on standard input larger than the file limit is linted item by item, except to fix it (that needs its text whole).
  // Unless fixing, the files' texts are not kept: each is read again when its batch is linted (lib/run/disk-source.ts).
  const fixing = opts.fix || opts.fixDryRun;
  const { files: found, collected } = collectSources(opts, io, engine, !fixing, !fixing);
  // Kustomizations and charts are linted through their renders (lib/render).
  // The run's workspace: one walk of it serves the render-target search and the index; with --cache its cache
  // is read first, while the worker of the early stats (bin/shootlint.js) stats the files it holds. Not when
  // fixing: the fixes change files after those stats.
  const workspace = opts.noWorkspace ? undefined : workspaceScan(opts, io.cwd, fixing ? undefined : earlyStats);
  if (!fixing) workspace?.cache();
  const renders = runRenders(opts.paths, opts.render, found, io, workspace);
  let sources = renders.sources.filter((f) => f.scope === undefined);
  if (fixing) {
    const stdinPath = opts.paths.includes('-') ? (opts.stdinFilename ?? '<stdin>') : undefined;
    const fixed = runFixes(sources, engine.lint, { dryRun: opts.fixDryRun, ...(opts.fixTypes ? { types: opts.fixTypes } : {}), ...(stdinPath !== undefined ? { stdinPath } : {}) }, io);
    if (opts.fixDryRun) return fixed.changed.length ? 1 : 0;
    sources = fixed.files;
  }

  // Every format is one document written file by file as files are linted (to standard output or its file).
  const junit = outputs.some((o) => o.format === 'junit');
  const docs = outputs.map(({ format, file }) => {
    const root = reportRoot(format, io);
    const sink = file !== undefined ? openOutputFile(resolve(io.cwd, file), file) : new BlockWriter(io.stdout);
    const doc = formatters.get(format)!(
      { cwd: root, version: VERSION, rulesMeta: rulesMeta(RULES), color: useColor(opts.color, io.env, io.isTTY, file !== undefined), spool: fileSpool },
      sink.write,
    );
    return { root, sink, doc };
  });
  let internalErrors = 0;
  let errors = 0;
  let warnings = 0;
  // `more`: the file goes on in the next call (a List on standard input is handed on in parts as its findings are final).
  const show = (f: FileResult, results: readonly RuleResult[], more?: boolean): void => {
    for (const m of f.messages) {
      if (m.ruleId === 'internal-error') internalErrors++;
      if (m.severity === 2) errors++;
      else if (m.severity === 1) warnings++;
    }
    const shown = opts.quiet ? errorsOnly(f) : f;
    for (const { root, doc } of docs) doc.file(root === io.cwd || shown.filePath.startsWith('<') ? shown : { ...shown, filePath: resolve(io.cwd, shown.filePath) }, results, more);
  };
  const unused = (f: FileResult): FileResult => (opts.reportUnusedSuppressions ? f : keepMessages(f, (m) => m.ruleId !== UNUSED_SUPPRESSION));

  // Only the junit format lists passing checks; the others need failures alone.
  // SHOOTLINT_BATCH_FILES: files per batch (tests check that the layout changes nothing).
  // --jobs N: batches go to N worker threads (default: the available cores; 1 lints in-process).
  const jobs = opts.jobs ?? availableParallelism();
  // SHOOTLINT_WORKER_HEAP_MB: each worker's heap (default DEFAULT_WORKER_HEAP_MB; a batch that needs more is then linted
  // in-process); given, a worker that runs out of it is an internal error of its files.
  const givenHeapMb = Number(io.env.SHOOTLINT_WORKER_HEAP_MB) || undefined;
  const runJobs: RunJobs = {
    batchFiles: Number(io.env.SHOOTLINT_BATCH_FILES) || undefined,
    // Only junit reads the decided results; the other formats need the files' findings alone.
    results: junit,
    ...(workspace ? { workspace } : {}),
    ...(jobs > 1 ? { pool: () => new LintPool({ jobs, setup: { opts, cwd: io.cwd, ...(workspace ? { root: workspace.root } : {}) }, heapMb: givenHeapMb ?? DEFAULT_WORKER_HEAP_MB }), window: 2 * jobs, retryOutOfMemory: givenHeapMb === undefined } : {}),
  };
  // Renders are linted whole and handed on file by file in path order.
  const rendered = renders.sources.filter((f) => f.scope !== undefined);
  const { stdinList } = collected;
  const lintWhole = async (emit: Emit): Promise<void> => {
    let output = renders.output(lintInWorkspace(opts, io.cwd, { ...engine, ignored: renders.ignored(engine.ignored) }, [...sources, ...rendered], junit, undefined, workspace));
    if (stdinList && !engine.ignored(stdinList.path)) {
      const list = lintStdinList(opts, io.cwd, engine, stdinList, junit, undefined, workspace);
      output = { files: [...output.files, ...list.files], results: [...output.results, ...list.results] };
    } else stdinList?.list.close();
    const byFile = resultsByFile(output.results);
    const files = [...output.files, ...collected.readErrors.map(readErrorResult)].sort((a, b) => collate(a.filePath, b.filePath));
    for (const f of files) emit(f, byFile.get(f.filePath) ?? []);
  };
  // A List on standard input: the files before it in path order as they are linted, its findings in parts as
  // they are final, then the files after it (SHOOTLINT_BATCH_ITEMS: items per batch; tests check that the layout changes nothing).
  const lintWithList = async (list: NonNullable<typeof stdinList>, emit: Emit): Promise<void> => {
    const after: { file: FileResult; results: readonly RuleResult[] }[] = [];
    await lintRun(opts, io.cwd, engine, sources, junit, collected.readErrors.map(readErrorResult), (f, results) => (collate(f.filePath, list.path) <= 0 ? emit(f, results) : void after.push({ file: f, results })), runJobs);
    if (engine.ignored(list.path)) {
      list.list.close();
      for (const x of after) emit(x.file, x.results);
      return;
    }
    lintStdinList(opts, io.cwd, engine, list, junit, { emit, after, batchItems: Number(io.env.SHOOTLINT_BATCH_ITEMS) || undefined }, workspace);
  };
  const lintAll = (emit: Emit): Promise<void> => {
    if (renders.set.rendered.length > 0 || renders.set.errors.length > 0) return lintWhole(emit);
    if (stdinList) return lintWithList(stdinList, emit);
    return lintRun(opts, io.cwd, engine, sources, junit, collected.readErrors.map(readErrorResult), emit, runJobs);
  };
  const baselineFile = opts.baseline ?? DEFAULT_BASELINE;
  const pathOf = baselinePathMapper(io.cwd, baselineFile);
  if (opts.updateBaseline) {
    // The new baseline counts every finding of the run: the files are kept until it is written.
    const files: { f: FileResult; results: readonly RuleResult[]; more: boolean | undefined }[] = [];
    await lintAll((f, results, more) => void files.push({ f: unused(f), results, more }));
    const update = updatedBaseline(files.map((x) => x.f), previousBaseline(io.cwd, baselineFile), pathOf);
    const baseline = update.baseline;
    writeBaseline(io.cwd, baselineFile, baseline);
    const findings = baseline.entries.reduce((n, e) => n + e.count, 0);
    const pruned = update.pruned ? `; pruned ${update.pruned} stale entr${update.pruned === 1 ? 'y' : 'ies'}` : '';
    io.stderr(`shootlint: wrote ${baselineFile} (${findings} finding${findings === 1 ? '' : 's'} in ${baseline.entries.length} entr${baseline.entries.length === 1 ? 'y' : 'ies'}${pruned})\n`);
    const apply = inParts(baselineApplier(baseline, pathOf, baselineFile));
    for (const { f, results, more } of files) show(apply(f, more), results, more);
  } else if (opts.baseline !== undefined) {
    const baseline = readBaseline(io.cwd, baselineFile);
    const apply = inParts(baselineApplier(baseline, pathOf, baselineFile));
    const stale = staleTracker(baseline, pathOf);
    await lintAll((f, results, more) => {
      const applied = apply(unused(f), more);
      stale.add(applied);
      show(applied, results, more);
    });
    io.stderr(staleNotice(stale.stale(), baselineFile));
  } else {
    await lintAll((f, results, more) => show(unused(f), results, more));
  }
  for (const { sink, doc } of docs) {
    doc.end();
    sink.end();
  }

  if (internalErrors > 0 || renders.failed) return 2;
  if (errors > 0) return 1;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`shootlint: too many warnings (${warnings}; --max-warnings is ${opts.maxWarnings})\n`);
    return 1;
  }
  return collected.missing.length ? 2 : 0;
}

/**
 * The folder a format names files relative to: on GitHub Actions, annotations and
 * code scanning want paths from the repository root (GITHUB_WORKSPACE), also when
 * shootlint runs in a subfolder; everything else is relative to the working directory.
 */
function reportRoot(format: string, io: CliIo): string {
  const workspace = io.env.GITHUB_WORKSPACE;
  return (format === 'github' || format === 'sarif') && workspace ? resolve(io.cwd, workspace) : io.cwd;
}

export function rulesMeta(rules: readonly AnyRule[]): Map<string, RuleMeta> {
  return new Map(rules.map((r) => [r.meta.id, r.meta]));
}

/**
 * A baseline applied to a file handed on in parts: the findings it moves to
 * the suppressed ones follow the file's own suppressed findings (which come
 * with its last part), as for the file handed on whole.
 */
function inParts(apply: (f: FileResult) => FileResult): (f: FileResult, more?: boolean) => FileResult {
  const moved: LintMessage[] = [];
  return (f, more) => {
    const applied = apply(f);
    if (!more && !moved.length) return applied;
    const own = f.suppressedMessages.length;
    const suppressedMessages = applied.suppressedMessages;
    if (more) {
      for (const m of suppressedMessages.slice(own)) moved.push(m);
      return { ...applied, suppressedMessages: suppressedMessages.slice(0, own) };
    }
    const all = [...suppressedMessages.slice(0, own), ...moved, ...suppressedMessages.slice(own)];
    moved.length = 0;
    return { ...applied, suppressedMessages: all };
  };
}

function readErrorResult(e: { path: string; message: string }): FileResult {
  return fileError(e.path, READ_ERROR, e.message, 'parse-error');
}

function errorsOnly(f: FileResult): FileResult {
  return keepMessages(f, (m) => m.severity === 2);
}

function keepMessages(f: FileResult, keep: (m: LintMessage) => boolean): FileResult {
  const messages = f.messages.filter(keep);
  if (messages.length === f.messages.length) return f;
  return { ...f, messages, errorCount: messages.filter((m) => m.severity === 2).length, warningCount: messages.filter((m) => m.severity === 1).length };
}

export type { CliOptions };
