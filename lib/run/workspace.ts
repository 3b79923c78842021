/**
 * `shootlint` in the context of its repository: the given files are linted
 * with what they affect and what they need from the workspace root (see
 * lib/run/context.ts); `--no-workspace` lints the given files alone.
 */
import { resolve } from 'node:path';
import { INTERNAL_ERROR, READ_ERROR } from '../engine/builtin-ids.ts';
import { fileError } from '../engine/file-error.ts';
import type { FileResult, LintOutput, RuleResult, SourceFile } from '../engine/types.ts';
import type { LintPool } from './pool.ts';
import { WorkerOutOfMemory } from './pool.ts';
import type { Batch, BatchScope } from './batches.ts';
import { batchesFor, batchScope, finishBatch, lintInBatches, resultsByFile } from './batches.ts';
import { worthWriting, writeCache } from './cache.ts';
import type { ContextPlan } from './context.ts';
import { displayPath, keepReported, planContext, planGiven } from './context.ts';
import type { BuildOptions, ObjectHeader } from './repo-index.ts';
import type { WorkspaceScan } from './workspace-scan.ts';
import { workspaceScan } from './workspace-scan.ts';
import { headersOf, RepoIndex } from './repo-index.ts';
import { DiskSource, loadSources, toSent } from './disk-source.ts';
import type { BatchReply } from './lint-worker.ts';
import { HeapBound } from './heap-bound.ts';
import { workspaceRootOf } from './workspace-root.ts';

import type { ListLintOptions } from './stdin-list.ts';
import { collectList, lintSpooledList } from './stdin-list.ts';
import type { SpooledList } from '../input/stdin.ts';
import type { CliOptions } from './options.ts';
import type { EngineConfigs } from './setup.ts';
import { UsageError } from './usage-error.ts';
import { collate } from '../engine/collate.ts';

type Options = Pick<CliOptions, 'paths' | 'stdinFilename' | 'maxFileSize' | 'config' | 'noConfig' | 'workspace' | 'noWorkspace' | 'cache' | 'cacheLocation'>;

/** The repository index of a run's workspace, through the cache when `--cache` is given. */
export function repoIndex(opts: Pick<Options, 'maxFileSize'>, scan: WorkspaceScan, ignored: (abs: string) => boolean, known?: BuildOptions['known']): RepoIndex {
  const cache = scan.cache();
  // A cache file kept inside the workspace is not a manifest.
  const build = { root: scan.root, ignored: (abs: string) => abs === cache?.file || ignored(abs), ...(opts.maxFileSize !== undefined ? { maxFileBytes: opts.maxFileSize } : {}), ...(known ? { known } : {}) };
  const walked = scan.walked();
  if (!cache) return RepoIndex.build({ ...build, walked });
  // Files are as the stats saw them when they began.
  const started = Math.min(Date.now(), cache.stats?.started ?? Infinity);
  const index = RepoIndex.build({ ...build, hash: true, walked, ...(cache.stored ? { stored: cache.stored } : {}), ...(cache.stats ? { storedStats: cache.stats } : {}) });
  if (worthWriting(index, cache.stored)) writeCache(cache.file, index, cache.key, started);
  return index;
}

function ignoredBy(engine: Pick<EngineConfigs, 'ignored'>): (abs: string) => boolean {
  return (abs) => {
    try {
      return engine.ignored(abs);
    } catch {
      return false; // a broken configuration is reported when a file it governs is linted
    }
  };
}

/** The objects of each file of a run, found once per file: a DiskSource's as it was collected, another's from its text. */
function headerMemo(): (f: SourceFile) => readonly ObjectHeader[] {
  const memo = new WeakMap<SourceFile, readonly ObjectHeader[]>();
  return (f) => {
    if (f instanceof DiskSource) return f.headers;
    let h = memo.get(f);
    if (!h) memo.set(f, (h = headersOf(f.path, f.text)));
    return h;
  };
}

/** Runs of fewer files (a commit's) are not worth a walk of the workspace to see whether they are all of it. */
const WHOLE_WORKSPACE_MIN_FILES = 64;

/** Whether every manifest of the workspace that is not ignored is among the given files (absolute paths). */
export function coversWorkspace(scan: Pick<WorkspaceScan, 'walked'>, givenAbs: ReadonlySet<string>, ignored: (abs: string) => boolean): boolean {
  for (const abs of scan.walked().paths) if (!givenAbs.has(abs) && !ignored(abs)) return false;
  return true;
}

/** The given files with what they affect and need from their workspace root (lib/run/context.ts). */
function planIn(opts: Options, cwd: string, engine: Pick<EngineConfigs, 'ignored'>, sources: readonly SourceFile[], headers: (f: SourceFile) => readonly ObjectHeader[], scan: WorkspaceScan = workspaceScan(opts, cwd)): ContextPlan {
  const ignored = ignoredBy(engine);
  // Every manifest of the workspace given: nothing else to judge or need, and no index to build (the cache is
  // still written when asked for, for the runs of a few files that follow).
  const given = sources.map((f) => resolve(cwd, f.path));
  if (!opts.cache && sources.length >= WHOLE_WORKSPACE_MIN_FILES && coversWorkspace(scan, new Set(given), ignored)) return planGiven(sources, headers);
  // The given files are read already (a folder given may be most of the workspace).
  const known = new Map(sources.map((f, i) => {
    const objects = headers(f);
    return [given[i]!, { size: f instanceof DiskSource ? f.size : Buffer.byteLength(f.text), objects }] as const;
  }));
  return planContext(sources, repoIndex(opts, scan, ignored, known), { cwd, headers });
}

/** Findings about a reference not found name the workspace root (settings.workspaceRoot). */
function rooted<E extends Pick<EngineConfigs, 'lint'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>>(opts: Options, cwd: string, engine: E): Pick<EngineConfigs, 'lint'> {
  return opts.noWorkspace ? engine : (engine.inWorkspace?.(workspaceRootOf(opts, cwd)) ?? engine);
}

/**
 * Lints a List from standard input item by item (lib/run/stdin-list.ts), in
 * the context of the workspace root unless `--no-workspace` (`scan`: the
 * run's workspace, walked and its cache read once), and hands on its findings
 * as they are final (see ListLintOptions.emit), or returns them whole.
 */
export function lintStdinList(opts: Options, cwd: string, engine: Pick<EngineConfigs, 'lint' | 'ignored'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>, stdin: { path: string; list: SpooledList }, collectPasses: boolean, handOn?: undefined, scan?: WorkspaceScan): LintOutput;
export function lintStdinList(opts: Options, cwd: string, engine: Pick<EngineConfigs, 'lint' | 'ignored'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>, stdin: { path: string; list: SpooledList }, collectPasses: boolean, handOn: Pick<ListLintOptions, 'emit' | 'after' | 'batchItems'>, scan?: WorkspaceScan): void;
export function lintStdinList(opts: Options, cwd: string, engine: Pick<EngineConfigs, 'lint' | 'ignored'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>, stdin: { path: string; list: SpooledList }, collectPasses: boolean, handOn?: Pick<ListLintOptions, 'emit' | 'after' | 'batchItems'>, scan?: WorkspaceScan): LintOutput | void {
  if (!handOn) return collectList((emit) => lintStdinList(opts, cwd, engine, stdin, collectPasses, { emit }, scan));
  if (opts.noWorkspace && opts.workspace !== undefined) throw new UsageError('--workspace and --no-workspace exclude each other');
  const index = opts.noWorkspace ? undefined : repoIndex(opts, scan ?? workspaceScan(opts, cwd), ignoredBy(engine));
  const inRoot = rooted(opts, cwd, engine);
  try {
    lintSpooledList(stdin.list, {
      ...handOn,
      path: stdin.path,
      keepResults: collectPasses,
      othersMayPrecede: index !== undefined && [...index.liveFiles()].some((f) => f.objects.length > 0 && collate(displayPath(cwd, f.path), stdin.path) < 0),
      lint: (files) => {
        if (!index) return { output: engine.lint(files, collectPasses) };
        const plan = planContext(files, index, { cwd });
        return { output: inRoot.lint(plan.files, collectPasses), plan };
      },
    });
  } finally {
    stdin.list.close();
  }
}

/** Lints the sources in the context of their workspace root, or alone with `--no-workspace`. */
export function lintInWorkspace(
  opts: Options,
  cwd: string,
  engine: Pick<EngineConfigs, 'lint' | 'ignored'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>,
  sources: readonly SourceFile[],
  collectPasses: boolean,
  batchFiles?: number,
  scan?: WorkspaceScan,
): LintOutput {
  if (opts.noWorkspace && opts.workspace !== undefined) throw new UsageError('--workspace and --no-workspace exclude each other');
  const { lint: lintFiles } = rooted(opts, cwd, engine);
  // Linted whole: the texts are read once (a DiskSource would be read at each use).
  const { files: loaded, failed } = loadSources(sources);
  const gone = { files: failed.map((f) => readError(f.path, f.message)), results: [] };
  const lint = (files: readonly SourceFile[]): LintOutput => joined(lintInBatches(files, lintFiles, collectPasses, batchFiles), gone);
  // With nothing given (a List on standard input alone) nothing of the workspace is reported: no index is built.
  if (opts.noWorkspace || loaded.length === 0) return lint(loaded);
  const plan = planIn(opts, cwd, engine, loaded, headerMemo(), scan);
  return keepReported(lint(plan.files), plan);
}

/** Garbage a run that lints its batches in-process lets pile up before it collects (lib/run/heap-bound.ts). */
const IN_PROCESS_SLACK_BYTES = 96 * 1024 * 1024;

/** How a run lints its batches: in-process, or on a pool of worker threads. */
export interface RunJobs {
  /** Files per batch (SHOOTLINT_BATCH_FILES; tests check that the layout changes nothing). */
  readonly batchFiles?: number;
  /** Opens worker threads for a run of several batches; undefined lints in-process (`--jobs 1`). */
  readonly pool?: () => LintPool;
  /** Whether `emit` is given the decided results (default true); false hands on only the files (nothing reads the results). */
  readonly results?: boolean;
  /** Batches in flight per worker (results are handed on in order). */
  readonly window?: number;
  /** A batch whose worker ran out of its heap is linted in-process (the default heap limit's promise), else an internal error. */
  readonly retryOutOfMemory?: boolean;
  /** The run's workspace (its walk and cache, shared with the render-target search); one is made when needed otherwise. */
  readonly workspace?: WorkspaceScan;
}

/**
 * Lints as lintInWorkspace does, batch by batch, and hands each file's result
 * with its decided results to `emit` in the order of the files' paths (with
 * `known`, results decided before linting, such as read errors, in their
 * place) as soon as no later batch can add to it; nothing of a file is kept
 * after it is handed on. A batch whose worker dies is an internal error of
 * each of its files.
 */
export async function lintRun(
  opts: Options,
  cwd: string,
  engine: Pick<EngineConfigs, 'lint' | 'ignored'> & Partial<Pick<EngineConfigs, 'inWorkspace'>>,
  sources: readonly SourceFile[],
  collectPasses: boolean,
  known: readonly FileResult[],
  emit: (file: FileResult, results: readonly RuleResult[]) => void,
  jobs: RunJobs = {},
): Promise<void> {
  if (opts.noWorkspace && opts.workspace !== undefined) throw new UsageError('--workspace and --no-workspace exclude each other');
  const local = rooted(opts, cwd, engine);
  const headers = headerMemo();
  let files = sources;
  let plan: ContextPlan | undefined;
  if (!opts.noWorkspace && sources.length > 0) {
    plan = planIn(opts, cwd, engine, sources, headers, jobs.workspace);
    files = plan.files;
  }
  const order = [...new Set([...files.map((f) => f.path), ...known.map((f) => f.filePath)])].sort(collate);
  const pending = new Map<string, { file: FileResult; results: readonly RuleResult[] }>(known.map((f) => [f.filePath, { file: f, results: [] }]));
  const done = new Set(known.map((f) => f.filePath));
  let next = 0;
  const flush = (): void => {
    for (; next < order.length && done.has(order[next]!); next++) {
      const p = pending.get(order[next]!);
      if (!p) continue;
      pending.delete(order[next]!);
      emit(p.file, p.results);
    }
  };
  const isReported = (p: string): boolean => !plan || plan.given.has(p) || plan.affectedPaths.has(p);
  // A batch's output arrives finished (finishBatch, where it was linted); files that could not be read again are read errors.
  const take = (batch: Batch, out: LintOutput, gone: readonly { path: string; message: string }[]): void => {
    const byFile = resultsByFile(out.results);
    for (const f of out.files) pending.set(f.filePath, { file: f, results: byFile.get(f.filePath) ?? [] });
    for (const g of gone) if (batch.keep.has(g.path) && isReported(g.path)) pending.set(g.path, { file: readError(g.path, g.message), results: [] });
    for (const p of batch.keep) done.add(p);
    flush();
  };
  const failed = (batch: Batch, err: Error): void => {
    for (const p of batch.keep) if (isReported(p)) pending.set(p, { file: internalError(p, `internal error: ${err.message} while linting this file`), results: [] });
    for (const p of batch.keep) done.add(p);
    flush();
  };
  const lintHere = (scope: BatchScope, loaded: readonly SourceFile[]): LintOutput => finishBatch(local.lint(loaded, collectPasses, new Set(scope.keep)), scope);
  flush();
  const batches = batchesFor(files, collectPasses, jobs.batchFiles, headers);
  if (batches.length === 1 || !jobs.pool) {
    const bound = new HeapBound(IN_PROCESS_SLACK_BYTES);
    for (const batch of batches) {
      const { files: loaded, failed: gone } = loadSources(batch.lint);
      take(batch, lintHere(batchScope(batch, plan, headers, jobs.results ?? true), loaded), gone);
      if (batches.length > 1) bound.afterBatch();
    }
    return;
  }
  const pool = jobs.pool();
  try {
    // A window of batches in flight, taken in order as they complete; each batch's worker reads its texts.
    const inFlight: { batch: Batch; scope: BatchScope; output: Promise<BatchReply | Error> }[] = [];
    const settle = async (): Promise<void> => {
      const { batch, scope, output } = inFlight.shift()!;
      const o = await output;
      if (o instanceof WorkerOutOfMemory && jobs.retryOutOfMemory) {
        const { files: loaded, failed: gone } = loadSources(batch.lint);
        take(batch, lintHere(scope, loaded), gone);
      } else if (o instanceof Error) failed(batch, o);
      else take(batch, o.output, o.gone);
    };
    const window = Math.max(2, jobs.window ?? 4);
    for (const batch of batches) {
      const scope = batchScope(batch, plan, headers, jobs.results ?? true);
      inFlight.push({ batch, scope, output: pool.lint(batch.lint.map(toSent), collectPasses, scope).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))) });
      if (inFlight.length >= window) await settle();
    }
    while (inFlight.length) await settle();
  } finally {
    await pool.close();
  }
}

function internalError(path: string, message: string): FileResult {
  return fileError(path, INTERNAL_ERROR, message, 'fail');
}

function readError(path: string, message: string): FileResult {
  return fileError(path, READ_ERROR, message, 'parse-error');
}

function joined(a: LintOutput, b: LintOutput): LintOutput {
  return b.files.length ? { files: [...a.files, ...b.files], results: [...a.results, ...b.results] } : a;
}
