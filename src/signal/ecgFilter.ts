// ECG filtering presets (diagnostic / monitoring bandwidths, mains notch), zero-phase and safe with NaN gaps.
import { butterworthSos, notchSos, sosFiltFilt, type Sos } from './filters';

/**
 * Bandwidths from IEC 60601-2-25:2011 (diagnostic electrocardiographs, 0.05–150 Hz) and the customary
 * monitoring bandwidth of IEC 60601-2-27 (0.5–40 Hz).
 */
export const ECG_FILTER_PRESETS = {
  diagnostic: { highPassHz: 0.05, lowPassHz: 150 },
  monitoring: { highPassHz: 0.5, lowPassHz: 40 },
} as const;

export type EcgFilterPreset = keyof typeof ECG_FILTER_PRESETS;

export interface EcgFilterOptions {
  /** A named bandwidth; explicit `highPassHz` / `lowPassHz` override its edges. */
  preset?: EcgFilterPreset;
  /** High-pass −3 dB edge (baseline wander), e.g. 0.05 or 0.5 Hz; null for none. */
  highPassHz?: number | null;
  /** Low-pass −3 dB edge (EMG, HF noise), e.g. 40, 100, 150 Hz; null for none. Clamped below Nyquist. */
  lowPassHz?: number | null;
  /** Mains notch at 50 or 60 Hz; null for none. */
  notchHz?: number | null;
  /** Notch quality factor (bandwidth = notchHz / q); default 30. */
  notchQ?: number;
  /** Butterworth order of each edge before the forward–backward pass doubles it; default 2. */
  order?: number;
  /** NaN gaps longer than this are not bridged: the parts either side are filtered separately. Default 1 s. */
  maxGapSec?: number;
}

/** The section cascade `ecgFilter` applies for these options at this rate (empty when nothing is asked). */
export function ecgFilterSos(samplingRateHz: number, options: EcgFilterOptions = {}): Sos {
  if (!(samplingRateHz > 0)) throw new RangeError(`sampling rate ${samplingRateHz} Hz must be positive`);
  const preset = options.preset === undefined ? undefined : ECG_FILTER_PRESETS[options.preset];
  const highPassHz = options.highPassHz !== undefined ? options.highPassHz : (preset?.highPassHz ?? null);
  let lowPassHz = options.lowPassHz !== undefined ? options.lowPassHz : (preset?.lowPassHz ?? null);
  const order = options.order ?? 2;
  const nyquistHz = samplingRateHz / 2;
  // A 150 Hz edge at 250 Hz sampling is impossible; keep the widest band the rate allows.
  if (lowPassHz !== null && lowPassHz >= 0.95 * nyquistHz) lowPassHz = 0.45 * samplingRateHz;
  const sos: Sos = [];
  if (highPassHz !== null) sos.push(...butterworthSos(order, highPassHz, 'highpass', samplingRateHz));
  if (lowPassHz !== null) sos.push(...butterworthSos(order, lowPassHz, 'lowpass', samplingRateHz));
  const notchHz = options.notchHz ?? null;
  if (notchHz !== null && notchHz < nyquistHz) sos.push(...notchSos(notchHz, options.notchQ ?? 30, samplingRateHz));
  return sos;
}

/**
 * Zero-phase ECG filter (Butterworth high/low-pass + optional notch, forward–backward as scipy's sosfiltfilt).
 * NaN samples stay NaN in the output; short gaps are bridged by linear interpolation while filtering so they do
 * not smear, long gaps split the signal into parts filtered on their own. Edges are padded by odd extension
 * over up to one high-pass time constant's worth of samples (capped at the part length) to limit transients.
 */
export function ecgFilter(signal: ArrayLike<number>, samplingRateHz: number, options: EcgFilterOptions = {}): Float32Array {
  const sos = ecgFilterSos(samplingRateHz, options);
  const n = signal.length;
  const out = new Float32Array(n);
  if (sos.length === 0) {
    for (let i = 0; i < n; i++) out[i] = signal[i] as number;
    return out;
  }
  const maxGap = Math.max(1, Math.round((options.maxGapSec ?? 1) * samplingRateHz));
  const padLength = Math.round(samplingRateHz);
  out.fill(NaN);
  for (const [start, end] of finiteParts(signal, maxGap)) {
    const part = new Float64Array(end - start);
    fillGaps(signal, start, end, part);
    if (part.length < 2) {
      if (part.length === 1) out[start] = part[0] as number;
      continue;
    }
    const filtered = sosFiltFilt(sos, part, Math.min(padLength, part.length - 1));
    for (let i = 0; i < part.length; i++) {
      if (Number.isFinite(signal[start + i] as number)) out[start + i] = filtered[i] as number;
    }
  }
  return out;
}

/** [start, end) ranges that begin and end on finite samples and contain no NaN run longer than `maxGap`. */
export function finiteParts(signal: ArrayLike<number>, maxGap: number): [number, number][] {
  const parts: [number, number][] = [];
  let start = -1;
  let lastFinite = -1;
  for (let i = 0; i < signal.length; i++) {
    if (!Number.isFinite(signal[i] as number)) continue;
    if (start < 0) start = i;
    else if (i - lastFinite - 1 > maxGap) {
      parts.push([start, lastFinite + 1]);
      start = i;
    }
    lastFinite = i;
  }
  if (start >= 0) parts.push([start, lastFinite + 1]);
  return parts;
}

/** Copies signal[start, end) into `into`, bridging NaN runs linearly between their finite neighbours. */
function fillGaps(signal: ArrayLike<number>, start: number, end: number, into: Float64Array): void {
  let prev = -1;
  for (let i = start; i < end; i++) {
    const v = signal[i] as number;
    if (!Number.isFinite(v)) continue;
    if (prev >= 0 && i - prev > 1) {
      const a = signal[prev] as number;
      for (let j = prev + 1; j < i; j++) into[j - start] = a + ((v - a) * (j - prev)) / (i - prev);
    }
    into[i - start] = v;
    prev = i;
  }
}
