// The streaming batch source training reads: an async iterator of {x, yClean, yClass} per epoch, plus an in-memory one.
import { SeededRandom } from './rng';

/** One batch, row-major typed arrays: x and yClean [size, length, leads], yClass [size, classCount] (0/1). */
export interface MultiTaskBatch {
  size: number;
  /** Network input (after any fixed front end). */
  x: Float32Array;
  /** The noisy input before the model's front end, when there is one: recovery metrics measure SNR-in on it. */
  xRaw?: Float32Array;
  yClean: Float32Array;
  yClass: Float32Array;
}

/**
 * Yields the batches of one epoch (async or plain iterable); called once per epoch with a seed that depends
 * only on (run seed, epoch), so a resumed run sees the same batches. Implementations stream from disk so
 * memory does not grow with the data set; extra fields on a batch (ids, noise types) are ignored.
 */
export type BatchSource = (epoch: number, epochSeed: number) => AsyncIterable<MultiTaskBatch> | Iterable<MultiTaskBatch>;

export interface InMemoryExamples {
  count: number;
  length: number;
  leads: number;
  classCount: number;
  x: Float32Array;
  yClean: Float32Array;
  yClass: Float32Array;
}

/** A batch source over arrays held in memory (tests, small sets), shuffled per epoch when asked (Fisher–Yates). */
export function inMemoryBatchSource(data: InMemoryExamples, batchSize: number, shuffle = true): BatchSource {
  const per = data.length * data.leads;
  return async function* (_epoch, seed) {
    const order = Array.from({ length: data.count }, (_, i) => i);
    if (shuffle) {
      const rng = new SeededRandom(seed);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
    }
    for (let start = 0; start < data.count; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const b: MultiTaskBatch = {
        size: idx.length,
        x: new Float32Array(idx.length * per),
        yClean: new Float32Array(idx.length * per),
        yClass: new Float32Array(idx.length * data.classCount),
      };
      idx.forEach((src, k) => {
        b.x.set(data.x.subarray(src * per, (src + 1) * per), k * per);
        b.yClean.set(data.yClean.subarray(src * per, (src + 1) * per), k * per);
        b.yClass.set(data.yClass.subarray(src * data.classCount, (src + 1) * data.classCount), k * data.classCount);
      });
      yield b;
    }
  };
}
