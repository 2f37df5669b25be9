// Compact per-lead sample storage: Float32 or lossless int16 (ADC units), fixed-size chunks, min/max decimation levels.
import type { EcgLead } from '../shared/ecgRecord';

/** Seconds of signal per stored chunk row: a window read touches one or two rows, never the whole record. */
export const CHUNK_SEC = 60;
/** Each decimation level groups this many values of the level below into one min/max pair. */
export const LEVEL_FACTOR = 8;
/** Levels are added until the coarsest has at most this many buckets (an overview's worth of points). */
export const LEVEL_TOP_MAX_BUCKETS = 1000;
/** int16 value that stands for an invalid sample (WFDB's convention for 16-bit formats). */
export const I16_INVALID = -32768;

export type LeadEncoding = { kind: 'f32' } | { kind: 'i16'; adcGain: number; adcBaseline: number };

/** Samples (raw level) per chunk row for a sampling rate. */
export function chunkSamplesFor(samplingRateHz: number): number {
  return Math.max(1, Math.round(CHUNK_SEC * samplingRateHz));
}

/** Samples per value at decimation level `level` (1 at level 0). */
export function bucketSamples(level: number): number {
  return LEVEL_FACTOR ** level;
}

/** Number of values (buckets) a lead of `sampleCount` samples has at `level`. */
export function valuesAtLevel(sampleCount: number, level: number): number {
  return Math.ceil(sampleCount / bucketSamples(level));
}

/** Number of decimation levels above raw for a lead of `sampleCount` samples. */
export function levelCountFor(sampleCount: number): number {
  let levels = 0;
  while (valuesAtLevel(sampleCount, levels) > LEVEL_TOP_MAX_BUCKETS) levels++;
  return levels;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * int16 when the reader reports an ADC gain and baseline (physical = (digital − baseline) / gain, WFDB
 * header spec) and every sample survives the round trip bit-exactly; Float32 otherwise. Never lossy.
 */
export function chooseEncoding(lead: EcgLead): LeadEncoding {
  const details = lead.details ?? {};
  const adcGain = finiteNumber(details['adcGain']) ?? finiteNumber(details['gain']);
  const adcBaseline = finiteNumber(details['baseline']) ?? finiteNumber(details['adcBaseline']) ?? 0;
  if (adcGain === undefined || adcGain <= 0) return { kind: 'f32' };
  const samples = lead.samples;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] as number;
    if (Number.isNaN(x)) continue;
    const d = Math.round(x * adcGain + adcBaseline);
    if (d <= I16_INVALID || d > 32767 || Math.fround((d - adcBaseline) / adcGain) !== x) return { kind: 'f32' };
  }
  return { kind: 'i16', adcGain, adcBaseline };
}

/** Bytes of `values` in the lead's encoding (little-endian, as typed arrays are on every supported platform). */
export function encodeValues(values: Float32Array, encoding: LeadEncoding): Uint8Array {
  if (encoding.kind === 'f32') {
    const copy = new Float32Array(values);
    return new Uint8Array(copy.buffer);
  }
  const out = new Int16Array(values.length);
  const { adcGain, adcBaseline } = encoding;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    out[i] = Number.isNaN(x) ? I16_INVALID : Math.round(x * adcGain + adcBaseline);
  }
  return new Uint8Array(out.buffer);
}

/** Physical values back from stored bytes. */
export function decodeValues(bytes: Uint8Array, encoding: LeadEncoding): Float32Array {
  const width = encoding.kind === 'f32' ? 4 : 2;
  if (bytes.byteLength % width !== 0) throw new Error(`stored chunk of ${bytes.byteLength} bytes is not a whole number of values`);
  // SQLite blobs may start at any offset; typed array views need alignment, so copy when misaligned.
  const aligned = bytes.byteOffset % width === 0 ? bytes : new Uint8Array(bytes);
  if (encoding.kind === 'f32') {
    return new Float32Array(aligned.buffer.slice(aligned.byteOffset, aligned.byteOffset + aligned.byteLength));
  }
  const digital = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
  const out = new Float32Array(digital.length);
  const { adcGain, adcBaseline } = encoding;
  for (let i = 0; i < digital.length; i++) {
    const d = digital[i] as number;
    out[i] = d === I16_INVALID ? NaN : (d - adcBaseline) / adcGain;
  }
  return out;
}

/** One decimation level: per-bucket minimum and maximum, NaN where a bucket holds only invalid samples. */
export interface MinMaxLevel {
  min: Float32Array;
  max: Float32Array;
}

function reduce(srcMin: Float32Array, srcMax: Float32Array): MinMaxLevel {
  const n = Math.ceil(srcMin.length / LEVEL_FACTOR);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    const end = Math.min(srcMin.length, (b + 1) * LEVEL_FACTOR);
    for (let i = b * LEVEL_FACTOR; i < end; i++) {
      const a = srcMin[i] as number;
      const z = srcMax[i] as number;
      if (a < lo) lo = a;
      if (z > hi) hi = z;
    }
    min[b] = lo === Infinity ? NaN : lo;
    max[b] = hi === -Infinity ? NaN : hi;
  }
  return { min, max };
}

/** Min/max pyramid (levels 1…levelCountFor(n)) of a lead's samples, each level built from the one below. */
export function buildLevels(samples: Float32Array): MinMaxLevel[] {
  const count = levelCountFor(samples.length);
  const levels: MinMaxLevel[] = [];
  let prev: MinMaxLevel = { min: samples, max: samples };
  for (let level = 1; level <= count; level++) {
    prev = reduce(prev.min, prev.max);
    levels.push(prev);
  }
  return levels;
}

/** Interleaves a level's pairs [min0, max0, min1, max1, …] for storage. */
export function interleave(level: MinMaxLevel, start: number, end: number): Float32Array {
  const out = new Float32Array((end - start) * 2);
  for (let i = start; i < end; i++) {
    out[(i - start) * 2] = level.min[i] as number;
    out[(i - start) * 2 + 1] = level.max[i] as number;
  }
  return out;
}
