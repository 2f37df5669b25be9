// Streaming training batches: records are read and prepared on demand, so memory does not grow with the dataset.
import type { EcgRecord } from '../../shared/ecgRecord';
import { SeededRandom } from '../../shared/random';
import { ecgFilter } from '../../signal/ecgFilter';
import { multiHot, type DatasetEntry, type DatasetIndex, type DatasetSplit } from './datasetIndex';
import { mixNoise, type NoiseBank, type NoiseMixOptions, type NoiseType } from './noise';
import { prepareModelInput, type ModelInputSpec } from './prepareInput';

export interface TrainingBatch {
  /** Examples in this batch (the last batch of an epoch may be short). */
  size: number;
  /** Noisy input, time-major [batch × length × leads], mV. */
  x: Float32Array;
  /** Clean target for the recovery head, same layout. */
  yClean: Float32Array;
  /** Multi-hot labels [batch × classes]. */
  yClass: Float32Array;
  ids: string[];
  noiseTypes: (NoiseType | 'none')[];
  snrDb: number[];
}

export interface BatchStreamOptions {
  index: DatasetIndex;
  split: DatasetSplit;
  spec: ModelInputSpec;
  /** Reads one record; called again after a cache eviction. */
  loadRecord: (entry: DatasetEntry) => EcgRecord;
  noise: NoiseBank;
  noiseOptions: Omit<NoiseMixOptions, 'split'>;
  batchSize: number;
  seed: number;
  /** Shuffle each epoch (training) or keep index order (evaluation: the same noise every time). */
  shuffle: boolean;
  /** Most prepared clean windows kept in memory (each is length × leads floats). */
  cacheEntries?: number;
  /**
   * Zero-phase high-pass (Hz) applied to the record before it becomes the clean target: a recording's own baseline
   * wander cannot be told apart from added wander, so it must not count as signal. Default 0.5 Hz; 0 turns it off.
   */
  cleanHighPassHz?: number;
}

/** Zero-phase Butterworth high-pass of every lead of a time-major window, in place. */
export function highPassWindow(window: Float32Array, leads: number, samplingRateHz: number, highPassHz: number): Float32Array {
  const length = window.length / leads;
  const lead = new Float32Array(length);
  for (let c = 0; c < leads; c++) {
    let any = false;
    for (let t = 0; t < length; t++) {
      lead[t] = window[t * leads + c] as number;
      if (lead[t] !== 0) any = true;
    }
    if (!any) continue;
    const filtered = ecgFilter(lead, samplingRateHz, { highPassHz, lowPassHz: null, notchHz: null });
    for (let t = 0; t < length; t++) window[t * leads + c] = filtered[t] as number;
  }
  return window;
}

/** A bounded least-recently-used cache. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

/** Entries of a split in a stable order. */
export function splitEntries(index: DatasetIndex, split: DatasetSplit): DatasetEntry[] {
  return index.entries.filter((e) => e.split === split);
}

/**
 * Yields batches for one epoch. Each example: clean window from the record, a noise type and SNR drawn from
 * a generator seeded by (seed, epoch, position) so that an epoch is reproducible and resumable.
 */
export function createBatchStream(options: BatchStreamOptions) {
  const entries = splitEntries(options.index, options.split);
  const cache = new LruCache<Float32Array>(options.cacheEntries ?? 4096);
  const leads = options.spec.leads.length;
  const perExample = options.spec.length * leads;

  const cleanWindow = (entry: DatasetEntry): Float32Array => {
    let clean = cache.get(entry.id);
    if (!clean) {
      clean = prepareModelInput(options.loadRecord(entry), options.spec).samplesMv;
      const hp = options.cleanHighPassHz ?? 0.5;
      if (hp > 0) highPassWindow(clean, leads, options.spec.samplingRateHz, hp);
      cache.set(entry.id, clean);
    }
    return clean;
  };

  return {
    entries,
    batchesPerEpoch: Math.ceil(entries.length / options.batchSize),
    /** Batches of epoch `epoch`, starting at batch `fromBatch` (for resuming). */
    *epoch(epoch: number, fromBatch = 0): Generator<TrainingBatch> {
      const order = entries.slice();
      if (options.shuffle) new SeededRandom(options.seed * 1000003 + epoch).shuffle(order);
      for (let b = fromBatch; b * options.batchSize < order.length; b++) {
        const chunk = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
        const batch: TrainingBatch = {
          size: chunk.length,
          x: new Float32Array(chunk.length * perExample),
          yClean: new Float32Array(chunk.length * perExample),
          yClass: new Float32Array(chunk.length * options.index.classes.length),
          ids: [],
          noiseTypes: [],
          snrDb: [],
        };
        chunk.forEach((entry, i) => {
          const clean = cleanWindow(entry);
          const rng = new SeededRandom((options.seed ^ (epoch * 7919)) + b * 104729 + i * 31);
          const mixed = mixNoise(clean, leads, options.spec.samplingRateHz, options.noise, rng, {
            ...options.noiseOptions,
            split: options.split,
          });
          batch.x.set(mixed.noisyMv, i * perExample);
          batch.yClean.set(clean, i * perExample);
          batch.yClass.set(multiHot(entry.labels, options.index.classes), i * options.index.classes.length);
          batch.ids.push(entry.id);
          batch.noiseTypes.push(mixed.noiseType);
          batch.snrDb.push(mixed.snrDb);
        });
        yield batch;
      }
    },
  };
}
