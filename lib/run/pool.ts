/**
 * Worker threads that lint batches (`--jobs N`). Each worker takes one batch
 * at a time; a worker that dies (out of memory, a crash) fails the batch it
 * held, which the run reports as an internal error for those files, and the
 * pool goes on with the workers it has left, or in-process when none is left.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import type { BatchScope } from './batches.ts';
import type { SentSource } from './disk-source.ts';
import type { BatchReply, BatchRequest, WorkerSetup } from './lint-worker.ts';

/**
 * The worker: `worker.mjs` beside the bundle; run from the sources (the
 * tests, through tsx), lint-worker.ts loaded through tsx's loader, which a
 * worker thread does not inherit.
 */
function newWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.mjs', import.meta.url), options);
  const source = new URL('./lint-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** A worker ran out of its heap (`PoolOptions.heapMb`). */
export class WorkerOutOfMemory extends Error {
  override readonly name = 'WorkerOutOfMemory';
}

/** A worker's heap by default, in MiB: it keeps each worker's memory flat; a batch that needs more is linted in-process. */
export const DEFAULT_WORKER_HEAP_MB = 128;

export interface PoolOptions {
  readonly jobs: number;
  readonly setup: WorkerSetup;
  /** A worker's heap limit in MiB (SHOOTLINT_WORKER_HEAP_MB); Node's default when undefined. */
  readonly heapMb?: number;
}

interface Slot {
  readonly worker: Worker;
  job?: { id: number; resolve: (o: BatchReply) => void; reject: (e: Error) => void };
  dead: boolean;
}

export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { req: BatchRequest; resolve: (o: BatchReply) => void; reject: (e: Error) => void }[] = [];
  private nextId = 0;
  /** Why the last worker that died died. */
  private lastDeath: Error = new Error('no lint worker left');

  constructor(opts: PoolOptions) {
    for (let i = 0; i < opts.jobs; i++) {
      const worker = newWorker({
        workerData: opts.setup,
        // The worker needs none of the parent's node flags (--input-type, --eval, ... would even stop it loading).
        execArgv: [],
        stdout: false,
        stderr: false,
        ...(opts.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.heapMb, maxYoungGenerationSizeMb: Math.max(1, Math.floor(opts.heapMb / 16)) } } : {}),
      });
      const slot: Slot = { worker, dead: false };
      worker.on('message', (msg: BatchReply) => {
        const job = slot.job;
        slot.job = undefined;
        if (job && job.id === msg.id) job.resolve(msg);
        this.pump();
      });
      const die = (why: Error): void => {
        if (slot.dead) return;
        slot.dead = true;
        this.lastDeath = why;
        const job = slot.job;
        slot.job = undefined;
        job?.reject(why);
        if (this.slots.every((s) => s.dead)) for (const w of this.waiting.splice(0)) w.reject(why);
        else this.pump();
      };
      worker.on('error', (err: NodeJS.ErrnoException) =>
        die(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerOutOfMemory(`a lint worker failed: ${err.message}`) : new Error(`a lint worker failed: ${err.message}`)),
      );
      worker.on('exit', (code) => die(new Error(`a lint worker exited (code ${code})`)));
      this.slots.push(slot);
    }
  }

  /**
   * Lints one batch on the next free worker, which reads the files on disk;
   * its output comes back finished for `scope` (lib/run/batches.ts
   * finishBatch), with the files that could no longer be read.
   */
  lint(files: readonly SentSource[], collectPasses: boolean, scope: BatchScope): Promise<BatchReply> {
    return new Promise((resolve, reject) => {
      if (this.slots.every((s) => s.dead)) {
        reject(this.lastDeath);
        return;
      }
      this.waiting.push({ req: { id: this.nextId++, files, collectPasses, scope }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.dead || slot.job) continue;
      const next = this.waiting.shift();
      if (!next) return;
      slot.job = { id: next.req.id, resolve: next.resolve, reject: next.reject };
      slot.worker.postMessage(next.req);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map(async (s) => {
      s.dead = true;
      await s.worker.terminate();
    }));
  }
}
