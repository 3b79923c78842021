/**
 * Keeps a long batched run's heap near what it holds alive. V8 sizes the
 * heap by the machine's memory and lets garbage pile up to several times the
 * live data before a full collection; a run that lints a List of 100,000
 * items in batches would so grow its resident memory with dead batches. After
 * each batch, `afterBatch` collects fully when the heap has grown by more than
 * `slackBytes` since the last collection.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined | null;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export class HeapBound {
  private live = getHeapStatistics().used_heap_size;

  constructor(private readonly slackBytes = 192 * 1024 * 1024) {}

  afterBatch(): void {
    if (getHeapStatistics().used_heap_size - this.live < this.slackBytes) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.live = getHeapStatistics().used_heap_size;
  }
}
