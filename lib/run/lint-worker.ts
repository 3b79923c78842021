/**
 * A lint worker (`--jobs N`): rebuilds the run's engine configuration from
 * its options, then lints each batch it is sent and sends back what of the
 * output the run hands on (lib/run/batches.ts finishBatch).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RULES } from '../../rules/index.ts';
import type { SourceFile } from '../engine/types.ts';
import type { BatchScope } from './batches.ts';
import { finishBatch } from './batches.ts';
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
  readonly files: readonly SourceFile[];
  readonly collectPasses: boolean;
  readonly scope: BatchScope;
}

const { opts, cwd, root } = workerData as WorkerSetup;
const configs = engineConfigs(configLookup(opts, cwd, RULES), opts, cwd, RULES);
const engine = root === undefined ? configs : configs.inWorkspace(root);
parentPort!.on('message', (req: BatchRequest) => {
  parentPort!.postMessage({ id: req.id, output: finishBatch(engine.lint(req.files, req.collectPasses, new Set(req.scope.keep)), req.scope) });
});
