// Real and synthetic ECG noise for the recovery task: NSTDB baseline wander / muscle artifact, powerline, electrode pops.
// Noise records: Moody, Muldrow, Mark 1984, "A noise stress test for arrhythmia detectors" (MIT-BIH NSTDB).
import type { SeededRandom } from '../../shared/random';
import type { DatasetSplit } from './datasetIndex';

export type NoiseType = 'bw' | 'ma' | 'em' | 'powerline' | 'pop';

/** One noise channel at the model rate, in mV. */
export interface NoiseChannel {
  type: NoiseType;
  samplesMv: Float32Array;
}

/**
 * Noise kept per split by time: the first 60 % of each NSTDB channel for training, the next 20 % for
 * validation, the last 20 % for testing, so evaluation never sees a noise segment used in training.
 */
export const NOISE_SPLIT_FRACTIONS: Record<DatasetSplit, [number, number]> = {
  train: [0, 0.6],
  val: [0.6, 0.8],
  test: [0.8, 1],
};

/** Start of a random `length`-sample segment inside the split's part of a channel, or undefined if none fits. */
export function noiseSegmentStart(channelLength: number, length: number, split: DatasetSplit, rng: SeededRandom): number | undefined {
  const [f0, f1] = NOISE_SPLIT_FRACTIONS[split];
  const from = Math.floor(channelLength * f0);
  const to = Math.floor(channelLength * f1) - length;
  if (to < from) return undefined;
  return from + rng.int(to - from + 1);
}

export class NoiseBank {
  private readonly channels: NoiseChannel[] = [];

  add(channel: NoiseChannel): void {
    this.channels.push(channel);
  }

  types(): NoiseType[] {
    return [...new Set(this.channels.map((c) => c.type))];
  }

  /** A random noise segment of `length` samples of `type` from the split's part of a random channel. */
  segment(type: NoiseType, length: number, split: DatasetSplit, rng: SeededRandom): Float32Array | undefined {
    const pool = this.channels.filter((c) => c.type === type);
    if (pool.length === 0) return undefined;
    const channel = pool[rng.int(pool.length)] as NoiseChannel;
    const start = noiseSegmentStart(channel.samplesMv.length, length, split, rng);
    if (start === undefined) return undefined;
    const seg = channel.samplesMv.slice(start, start + length);
    let mean = 0;
    for (const v of seg) mean += v;
    mean /= seg.length;
    for (let i = 0; i < seg.length; i++) seg[i] = (seg[i] as number) - mean;
    return seg;
  }
}

/** Mains interference: a 50 or 60 Hz sinusoid with its 3rd harmonic, random phase (aliased as an ADC would below 2× mains). */
export function powerlineNoise(length: number, samplingRateHz: number, rng: SeededRandom): Float32Array {
  const hz = rng.next() < 0.5 ? 50 : 60;
  const out = new Float32Array(length);
  const phase = rng.uniform(0, 2 * Math.PI);
  for (let i = 0; i < length; i++) {
    const t = i / samplingRateHz;
    out[i] = Math.sin(2 * Math.PI * hz * t + phase) + 0.2 * Math.sin(2 * Math.PI * 3 * hz * t + 3 * phase);
  }
  return out;
}

/** Electrode pops: abrupt baseline steps decaying exponentially (electrode–skin contact loss), 1–3 per window. */
export function electrodePopNoise(length: number, samplingRateHz: number, rng: SeededRandom): Float32Array {
  const out = new Float32Array(length);
  const pops = 1 + rng.int(3);
  for (let p = 0; p < pops; p++) {
    const at = rng.int(length);
    const amp = rng.uniform(0.5, 1) * (rng.next() < 0.5 ? -1 : 1);
    const tauSamples = rng.uniform(0.1, 0.5) * samplingRateHz;
    for (let i = at; i < length; i++) out[i] = (out[i] as number) + amp * Math.exp(-(i - at) / tauSamples);
  }
  return out;
}

export interface NoiseMixOptions {
  /** Noise types drawn uniformly (repeat a type to draw it more often). */
  types: readonly NoiseType[];
  /** Share of examples left clean (the recovery target is then the input itself); default 0. */
  cleanFraction?: number;
  /** Input SNR range in dB, drawn uniformly per example (DeepFilter-style training uses about −6…24 dB). */
  snrDbRange: [number, number];
  split: DatasetSplit;
}

export interface MixedExample {
  noisyMv: Float32Array;
  noiseType: NoiseType | 'none';
  snrDb: number;
}

/**
 * Adds one noise type at a drawn SNR to a clean time-major [length × leads] window. SNR is set per lead from
 * that lead's signal power: SNR = 10·log10(P_signal / P_noise) (Moody et al. 1984 scale noise the same way).
 * Each lead gets its own noise segment (independent electrodes); masked (all-zero) leads stay zero.
 */
export function mixNoise(
  cleanMv: Float32Array,
  leads: number,
  samplingRateHz: number,
  bank: NoiseBank,
  rng: SeededRandom,
  options: NoiseMixOptions & { snrDb?: number; type?: NoiseType },
): MixedExample {
  const length = cleanMv.length / leads;
  if (options.type === undefined && options.snrDb === undefined && options.cleanFraction !== undefined && rng.next() < options.cleanFraction) {
    return { noisyMv: Float32Array.from(cleanMv), noiseType: 'none', snrDb: Infinity };
  }
  const noiseType = options.type ?? (options.types[rng.int(options.types.length)] as NoiseType);
  const snrDb = options.snrDb ?? rng.uniform(options.snrDbRange[0], options.snrDbRange[1]);
  const noisyMv = Float32Array.from(cleanMv);
  for (let c = 0; c < leads; c++) {
    let signalPower = 0;
    let mean = 0;
    for (let t = 0; t < length; t++) mean += cleanMv[t * leads + c] as number;
    mean /= length;
    for (let t = 0; t < length; t++) signalPower += ((cleanMv[t * leads + c] as number) - mean) ** 2;
    signalPower /= length;
    if (signalPower === 0) continue;
    const noise =
      noiseType === 'powerline'
        ? powerlineNoise(length, samplingRateHz, rng)
        : noiseType === 'pop'
          ? electrodePopNoise(length, samplingRateHz, rng)
          : bank.segment(noiseType, length, options.split, rng);
    if (!noise) continue;
    let noiseMean = 0;
    for (const v of noise) noiseMean += v;
    noiseMean /= length;
    let noisePower = 0;
    for (const v of noise) noisePower += (v - noiseMean) ** 2;
    noisePower /= length;
    if (noisePower === 0) continue;
    const scale = Math.sqrt(signalPower / (noisePower * 10 ** (snrDb / 10)));
    for (let t = 0; t < length; t++) noisyMv[t * leads + c] = (noisyMv[t * leads + c] as number) + scale * (noise[t] as number);
  }
  return { noisyMv, noiseType, snrDb };
}
