/**
 * A lint worker (`--jobs N`): rebuilds the run's engine configuration from
 * its options, then reads and lints each batch it is sent and sends back
 * what of the output the run hands on (lib/run/batches.ts finishBatch).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RULES } from '../../rules/index.ts';
import type { LintOutput } from '../engine/types.ts';
import type { BatchScope } from './batches.ts';
import { finishBatch } from './batches.ts';
import type { SentSource } from './disk-source.ts';
import { loadSources } from './disk-source.ts';
import type { CliOptions } from './options.ts';
import { configLookup, engineConfigs } from './setup.ts';

export interface WorkerSetup {
  readonly opts: CliOptions;
  readonly cwd: string;
  /** The workspace root, so that a reference not found names it (settings.workspaceRoot); none with --no-workspace. */
  readonly root?: string;
}

export interface BatchRequest {
  readonly id: number;
  /** The batch's files; those on disk are read here (`gone` in the reply: those that could no longer be read). */
  readonly files: readonly SentSource[];
  readonly collectPasses: boolean;
  readonly scope: BatchScope;
}

export interface BatchReply {
  readonly id: number;
  readonly output: LintOutput;
  /** The batch's files that could not be read when it was linted, and why. */
  readonly gone: readonly { path: string; message: string }[];
}

const { opts, cwd, root } = workerData as WorkerSetup;
const configs = engineConfigs(configLookup(opts, cwd, RULES), opts, cwd, RULES);
const engine = root === undefined ? configs : configs.inWorkspace(root);
parentPort!.on('message', (req: BatchRequest) => {
  const { files, failed } = loadSources(req.files);
  const reply: BatchReply = { id: req.id, output: finishBatch(engine.lint(files, req.collectPasses, new Set(req.scope.keep)), req.scope), gone: failed };
  parentPort!.postMessage(reply);
});
