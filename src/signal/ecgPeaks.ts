// QRS (R-peak) detection: Pan–Tompkins (1985) and Hamilton (2002) decision rules on a shared, NaN-safe front end.
import { butterworthSos, sosFiltFilt } from './filters';
import { finiteParts } from './ecgFilter';

export type EcgPeaksMethod = 'pantompkins1985' | 'hamilton2002';

export const ECG_PEAKS_METHODS: readonly EcgPeaksMethod[] = ['pantompkins1985', 'hamilton2002'];

export interface EcgPeaksOptions {
  /** Default 'hamilton2002' (the better of the two on MIT-BIH, see test/signal/ecgPeaksMitdb.test.ts). */
  method?: EcgPeaksMethod;
}

export interface EcgPeaksResult {
  /** R-peak sample indices, increasing. */
  rPeakSampleIdx: number[];
  method: EcgPeaksMethod;
}

/** Per-method settings of the shared detector. */
interface DetectorConfig {
  bandHz: [number, number];
  /** 'square' (Pan–Tompkins) or 'abs' (Hamilton) of the derivative before integration. */
  rectify: 'square' | 'abs';
  integrationSec: number;
  /** Threshold position between the noise and the QRS level. */
  thresholdFraction: number;
  /** 'running' = Pan–Tompkins 1/8 exponential averages; 'median8' = median of the last 8 peaks (Hamilton). */
  levels: 'running' | 'median8';
  /** Search back when no beat for this multiple of the recent RR interval. */
  searchBackRr: number;
  /** Search-back threshold relative to the detection threshold. */
  searchBackFraction: number;
  /** Pan–Tompkins halves the threshold when the rhythm is irregular. */
  irregularHalving: boolean;
  /** OSEA pre-blanking: a peak followed within this time by a larger one is dropped in its favour. */
  preBlankSec: number;
  /** Pan–Tompkins: a QRS must also pass a second threshold set on the band-passed signal's peaks. */
  dualThreshold: boolean;
}

const CONFIGS: Record<EcgPeaksMethod, DetectorConfig> = {
  pantompkins1985: {
    bandHz: [5, 15],
    rectify: 'square',
    integrationSec: 0.15,
    thresholdFraction: 0.25,
    levels: 'running',
    searchBackRr: 1.66,
    searchBackFraction: 0.5,
    irregularHalving: true,
    preBlankSec: 0,
    dualThreshold: true,
  },
  hamilton2002: {
    bandHz: [8, 16],
    rectify: 'abs',
    integrationSec: 0.08,
    thresholdFraction: 0.3125,
    levels: 'median8',
    searchBackRr: 1.5,
    searchBackFraction: 0.5,
    irregularHalving: false,
    preBlankSec: 0.2,
    dualThreshold: false,
  },
};

const REFRACTORY_SEC = 0.2;
const T_WAVE_WINDOW_SEC = 0.36;

/**
 * R-peak detection.
 * - 'pantompkins1985': J. Pan & W. J. Tompkins, "A real-time QRS detection algorithm", IEEE Trans. Biomed.
 *   Eng. 32 (1985) 230–236 — 5–15 Hz band-pass, derivative, squaring, 150 ms moving-window integration,
 *   two threshold sets (integrated signal SPKI/NPKI and band-passed signal SPKF/NPKF, threshold
 *   noise + 0.25 (signal − noise), halved when the rhythm is irregular), search-back at 166 % of the regular
 *   mean RR with half the thresholds, T-wave discrimination by slope within 360 ms, 200 ms refractory period.
 * - 'hamilton2002': P. S. Hamilton & W. J. Tompkins, "Quantitative investigation of QRS detection rules using
 *   the MIT/BIH arrhythmia database", IEEE Trans. Biomed. Eng. 33 (1986) 1157–1165, as implemented in
 *   P. Hamilton, "Open source ECG analysis", Computers in Cardiology 29 (2002) 101–104 (OSEA) — 8–16 Hz band,
 *   |derivative|, 80 ms integration, pre-blanking (a peak followed within 200 ms by a larger one yields to it),
 *   threshold from the medians of the last 8 QRS and noise peaks (coefficient 0.3125), search-back at
 *   1.5 × median RR, T-wave rejection by slope within 360 ms, 200 ms refractory period.
 * Filters run forward–backward so the features are not delayed. Each detection is moved to the largest
 * deflection of the 0.5–40 Hz filtered ECG (from its local median) within ±80 ms; the refractory period holds
 * after both the feature peak and that R peak. NaN runs up to 1 s are bridged linearly, longer ones split the
 * signal. MIT-BIH results (EC57 conventions) are pinned in test/signal/ecgPeaksMitdb.test.ts.
 */
export function ecgPeaks(signal: ArrayLike<number>, samplingRateHz: number, options: EcgPeaksOptions = {}): EcgPeaksResult {
  if (!(samplingRateHz >= 50)) throw new RangeError(`QRS detection needs at least 50 Hz sampling (got ${samplingRateHz} Hz)`);
  const method = options.method ?? 'hamilton2002';
  const config = CONFIGS[method];
  if (!config) throw new RangeError(`unknown QRS detection method '${String(method)}'`);
  const peaks: number[] = [];
  for (const [start, end] of finiteParts(signal, Math.round(samplingRateHz))) {
    if (end - start < samplingRateHz) continue;
    const part = new Float64Array(end - start);
    let prev = -1;
    for (let i = start; i < end; i++) {
      const v = signal[i] as number;
      if (!Number.isFinite(v)) continue;
      for (let j = prev + 1; j < i; j++) part[j - start] = (signal[prev] as number) + ((v - (signal[prev] as number)) * (j - prev)) / (i - prev);
      part[i - start] = v;
      prev = i;
    }
    for (const p of detectPart(part, samplingRateHz, config)) {
      if (Number.isFinite(signal[start + p] as number)) peaks.push(start + p);
    }
  }
  return { rPeakSampleIdx: peaks, method };
}

function movingAverage(x: Float64Array, width: number): Float64Array {
  const half = Math.floor(width / 2);
  const out = new Float64Array(x.length);
  let acc = 0;
  const n = x.length;
  // Centred window so the integrated peak sits on the QRS, not after it.
  for (let i = -half; i < n; i++) {
    const add = i + half;
    if (add < n) acc += x[add] as number;
    const drop = i - half - 1;
    if (drop >= 0) acc -= x[drop] as number;
    if (i >= 0) out[i] = acc / width;
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

interface Candidate {
  idx: number;
  height: number;
  /** Largest |band-passed ECG| around the candidate (Pan–Tompkins' filtered-signal peak). */
  bpPeak: number;
}

function detectPart(x: Float64Array, fs: number, config: DetectorConfig): number[] {
  const nyquist = fs / 2;
  const band: [number, number] = [config.bandHz[0], Math.min(config.bandHz[1], 0.45 * fs)];
  if (band[1] >= nyquist) return [];
  const bp = sosFiltFilt(butterworthSos(2, band, 'bandpass', fs), x, Math.min(x.length - 1, Math.round(fs)));
  const ecg = sosFiltFilt(butterworthSos(2, [0.5, Math.min(40, 0.45 * fs)], 'bandpass', fs), x, Math.min(x.length - 1, Math.round(fs)));
  const n = x.length;
  // Five-point derivative (Pan & Tompkins eq. 4), centred.
  const deriv = new Float64Array(n);
  for (let i = 2; i < n - 2; i++) {
    deriv[i] = (2 * (bp[i + 1] as number) + (bp[i + 2] as number) - (bp[i - 2] as number) - 2 * (bp[i - 1] as number)) * (fs / 8);
  }
  const rect = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = deriv[i] as number;
    rect[i] = config.rectify === 'square' ? d * d : Math.abs(d);
  }
  const mwi = movingAverage(rect, Math.max(1, Math.round(config.integrationSec * fs)));

  // Candidate peaks: local maxima of the integrated signal, the largest within ±refractory/2 kept.
  const candidates: Candidate[] = [];
  const halfSep = Math.round(0.1 * fs);
  for (let i = 1; i < n - 1; i++) {
    const v = mwi[i] as number;
    if (!(v > (mwi[i - 1] as number) && v >= (mwi[i + 1] as number))) continue;
    const last = candidates[candidates.length - 1];
    if (last && i - last.idx < halfSep) {
      if (v > last.height) {
        last.idx = i;
        last.height = v;
      }
      continue;
    }
    candidates.push({ idx: i, height: v, bpPeak: 0 });
  }
  const bpHalf = Math.round((config.integrationSec / 2) * fs);
  for (const cand of candidates) {
    let m = 0;
    for (let i = Math.max(0, cand.idx - bpHalf); i <= Math.min(n - 1, cand.idx + bpHalf); i++) m = Math.max(m, Math.abs(bp[i] as number));
    cand.bpPeak = m;
  }
  if (config.preBlankSec > 0) preBlank(candidates, Math.round(config.preBlankSec * fs));
  if (candidates.length === 0) return [];

  const refractory = Math.round(REFRACTORY_SEC * fs);
  const refine = peakRefiner(ecg, fs);
  const tWindow = Math.round(T_WAVE_WINDOW_SEC * fs);
  const slopeHalf = Math.round(0.075 * fs);
  const maxSlope = (idx: number): number => {
    let m = 0;
    for (let i = Math.max(0, idx - slopeHalf); i <= Math.min(n - 1, idx + slopeHalf); i++) m = Math.max(m, Math.abs(deriv[i] as number));
    return m;
  };

  // Learning phase (first 2 s, Pan & Tompkins): signal level from the maximum, noise from the mean.
  const learn = Math.min(n, Math.round(2 * fs));
  let learnMax = 0;
  let learnMean = 0;
  for (let i = 0; i < learn; i++) {
    learnMax = Math.max(learnMax, mwi[i] as number);
    learnMean += (mwi[i] as number) / learn;
  }
  if (!(learnMax > 0)) {
    for (const cand of candidates) learnMax = Math.max(learnMax, cand.height);
  }
  const floor = learnMax * 1e-6;
  let spk = 0.25 * learnMax;
  let npk = 0.5 * learnMean;
  // The same pair of running levels on the band-passed signal (Pan & Tompkins' SPKF / NPKF).
  let learnBpMax = 0;
  let learnBpMean = 0;
  for (let i = 0; i < learn; i++) {
    learnBpMax = Math.max(learnBpMax, Math.abs(bp[i] as number));
    learnBpMean += Math.abs(bp[i] as number) / learn;
  }
  let spkf = 0.25 * learnBpMax;
  let npkf = 0.5 * learnBpMean;
  const qrsPeaks: number[] = [];
  const noisePeaks: number[] = [];
  const rr: number[] = [];
  const rrRegular: number[] = [];
  const beats: { idx: number; candIdx: number; slope: number }[] = [];

  const qrsLevel = () => (config.levels === 'running' ? spk : qrsPeaks.length ? median(qrsPeaks) : spk);
  const noiseLevel = () => (config.levels === 'running' ? npk : noisePeaks.length ? median(noisePeaks) : npk);
  const rrMean = (): number | undefined => {
    if (rr.length === 0) return undefined;
    if (config.levels === 'median8') return median(rr);
    const regular = rrRegular.length ? rrRegular : rr;
    return regular.reduce((a, b) => a + b, 0) / regular.length;
  };
  const irregular = (): boolean => {
    if (!config.irregularHalving || rr.length < 8) return false;
    const m1 = rr.reduce((a, b) => a + b, 0) / rr.length;
    const m2 = rrMean() as number;
    return Math.abs(m1 - m2) > 0.08 * m2;
  };
  const threshold = (): number => {
    const ne = noiseLevel();
    const th = ne + config.thresholdFraction * (qrsLevel() - ne);
    return Math.max(irregular() ? th / 2 : th, floor);
  };
  const thresholdF = (): number => {
    if (!config.dualThreshold) return -Infinity;
    const th = npkf + config.thresholdFraction * (spkf - npkf);
    return irregular() ? th / 2 : th;
  };
  const push8 = (arr: number[], v: number) => {
    arr.push(v);
    if (arr.length > 8) arr.shift();
  };
  const accept = (cand: Candidate, rIdx: number, searchBack: boolean) => {
    const last = beats[beats.length - 1];
    if (last) {
      const interval = rIdx - last.idx;
      const m = rrMean();
      push8(rr, interval);
      if (m === undefined || (interval > 0.92 * m && interval < 1.16 * m)) push8(rrRegular, interval);
    }
    beats.push({ idx: rIdx, candIdx: cand.idx, slope: maxSlope(cand.idx) });
    if (config.levels === 'running') spk = searchBack ? 0.25 * cand.height + 0.75 * spk : 0.125 * cand.height + 0.875 * spk;
    else push8(qrsPeaks, cand.height);
    spkf = searchBack ? 0.25 * cand.bpPeak + 0.75 * spkf : 0.125 * cand.bpPeak + 0.875 * spkf;
  };
  const noise = (cand: Candidate) => {
    if (config.levels === 'running') npk = 0.125 * cand.height + 0.875 * npk;
    else push8(noisePeaks, cand.height);
    npkf = 0.125 * cand.bpPeak + 0.875 * npkf;
  };

  let lastCandidatePos = 0;
  for (let ci = 0; ci < candidates.length; ci++) {
    const cand = candidates[ci] as Candidate;
    // Search back for a missed beat before judging this candidate.
    for (;;) {
      const last = beats[beats.length - 1];
      const m = rrMean();
      if (!last || m === undefined || cand.idx - last.idx <= config.searchBackRr * m) break;
      const sbThreshold = config.searchBackFraction * threshold();
      const sbThresholdF = config.searchBackFraction * thresholdF();
      let best: Candidate | undefined;
      for (let k = lastCandidatePos; k < ci; k++) {
        const c = candidates[k] as Candidate;
        if (c.height <= sbThreshold || c.bpPeak <= sbThresholdF) continue;
        if (refine(c.idx) - last.idx < Math.max(refractory, tWindow)) continue;
        if (!best || c.height > best.height) best = c;
      }
      if (!best) break;
      accept(best, refine(best.idx), true);
    }
    const last = beats[beats.length - 1];
    const rIdx = refine(cand.idx);
    // Refractory period after both the detected feature peak and the refined R peak.
    if (last && (rIdx - last.idx < refractory || cand.idx - last.candIdx < refractory)) continue;
    if (cand.height > threshold() && cand.bpPeak > thresholdF()) {
      if (last && rIdx - last.idx < tWindow && maxSlope(cand.idx) < 0.5 * last.slope) {
        noise(cand);
        continue;
      }
      accept(cand, rIdx, false);
      lastCandidatePos = ci + 1;
    } else {
      noise(cand);
    }
  }
  return beats.map((b) => b.idx);
}

/** Drops every candidate that a larger one follows within `window` samples (OSEA qrsdet.c PRE_BLANK). */
function preBlank(candidates: Candidate[], window: number): void {
  let kept = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    let dominated = false;
    for (let j = i + 1; j < candidates.length && (candidates[j] as Candidate).idx - c.idx <= window; j++) {
      if ((candidates[j] as Candidate).height > c.height) {
        dominated = true;
        break;
      }
    }
    if (!dominated) candidates[kept++] = c;
  }
  candidates.length = kept;
}

/** Moves a detection to the largest absolute deflection from the local median level within ±80 ms. */
function peakRefiner(ecg: Float64Array, fs: number): (idx: number) => number {
  const half = Math.round(0.08 * fs);
  const baseHalf = Math.round(0.25 * fs);
  return (p: number) => {
    const a = Math.max(0, p - half);
    const b = Math.min(ecg.length - 1, p + half);
    const around: number[] = [];
    for (let i = Math.max(0, p - baseHalf); i <= Math.min(ecg.length - 1, p + baseHalf); i += 2) around.push(ecg[i] as number);
    const base = median(around);
    let best = p;
    let bestV = -1;
    for (let i = a; i <= b; i++) {
      const v = Math.abs((ecg[i] as number) - base);
      if (v > bestV) {
        bestV = v;
        best = i;
      }
    }
    return best;
  };
}
