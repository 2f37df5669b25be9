// Per-lead signal quality: flat line, clipping, baseline wander, HF noise, mains, beat agreement; 0–1 score + flags.
import { butterworthSos, sosFiltFilt } from './filters';
import { ecgPeaks } from './ecgPeaks';
import { qrsDetectionScore } from './qrsDetectionScore';
import { maskCalibrationPulses } from './calibrationPulse';

export interface LeadQualityMetrics {
  /** Robust peak-to-peak amplitude (1st–99th percentile), mV. */
  amplitudeMv: number;
  /** Share of samples in runs of ≥ 3 equal values at the lead's extreme values (ADC saturation). */
  clippedFraction: number;
  /** Share of samples that are NaN. */
  missingFraction: number;
  /** Power below 0.5 Hz over total power (basSQI-style). */
  baselinePowerRatio: number;
  /** Power above 40 Hz, less the mains band, over total power. */
  highFrequencyPowerRatio: number;
  /** pSQI: power in 5–15 Hz (QRS) over power in 5–40 Hz; muscle noise lowers it. */
  qrsPowerRatio: number;
  /** Power within ±1 Hz of 50 Hz and of 60 Hz over total power (the larger of the two). */
  powerlineRatio: number;
  /** Which mains frequency dominates, when powerlineRatio is meaningful. */
  powerlineHz: 50 | 60 | null;
  /** Kurtosis of the 0.5–40 Hz signal (kSQI; ECG is peaked, > 3; below 3 it looks like noise or a sine). */
  kurtosis: number;
  /** Agreement of two QRS detectors (bSQI, F1-like), NaN when neither found beats. */
  beatAgreement: number;
  /** Beat-template SNR (dB): power of the median beat over the power of what is left after subtracting it. */
  templateSnrDb: number;
  /** RMS of that residual (mV): the noise level itself, so that low-amplitude leads are not called noisy. */
  noiseRmsMv: number;
}

export interface LeadQualityOptions {
  /**
   * R peaks already known from a better lead of the same record. The beat template then uses them, and the
   * two-detector agreement (bSQI), meaningless for a low-voltage lead, is not computed.
   */
  rPeakSampleIdx?: readonly number[];
}

export interface LeadQuality {
  lead: string;
  /** 0 (unusable) … 1 (clean). */
  score: number;
  /** Clinician-readable problems, e.g. 'V4: electrode off / flat line'. */
  flags: string[];
  metrics: LeadQualityMetrics;
}

const FLAT_MV = 0.02;

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

function power(x: Float64Array): number {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length || 1;
  let p = 0;
  for (const v of x) p += (v - m) ** 2;
  return p / (x.length || 1);
}

/** Linear penalty: 1 at or below `good`, 0 at or above `bad`. */
function ramp(value: number, good: number, bad: number): number {
  if (!(value > good)) return 1;
  if (value >= bad) return 0;
  return 1 - (value - good) / (bad - good);
}

/**
 * Signal quality of one lead (mV). Indices after G. D. Clifford, J. Behar, Q. Li & I. Rezek, "Signal quality
 * indices and data fusion for determining clinical acceptability of electrocardiograms", Physiol. Meas. 33
 * (2012) 1419–1433 (bSQI: agreement of two QRS detectors; kSQI: kurtosis; basSQI: relative baseline power;
 * relative HF power) and C. Orphanidou et al., "Signal-quality indices for the electrocardiogram and
 * photoplethysmogram", IEEE J. Biomed. Health Inform. 19 (2015) 832–838 (flat line and saturation checks,
 * physiological beat plausibility). Band powers come from zero-phase Butterworth filters. Muscle noise, whose
 * spectrum overlaps the ECG's, is judged by the beat-template residual (SNR of the dominant beats against their
 * median, flagged below 5 dB when the residual also exceeds 50 µV RMS). The score is the product of per-index
 * penalties, so one bad index is enough to make the lead unusable. Thresholds were set on clean MIT-BIH
 * segments, MIT-BIH mixed with NSTDB 'bw'/'ma' noise at 12…−6 dB SNR, and device-recorded 12-lead ECGs.
 */
export function ecgLeadQuality(
  samplesMv: ArrayLike<number>,
  samplingRateHz: number,
  leadName = 'lead',
  options: LeadQualityOptions = {},
): LeadQuality {
  const n = samplesMv.length;
  let missing = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(samplesMv[i] as number)) missing++;
  const missingFraction = n === 0 ? 1 : missing / n;
  // Calibration pulses are neither signal nor saturation: leave them out.
  const unmasked = maskCalibrationPulses(samplesMv, samplingRateHz);
  const finite: number[] = [];
  // Position of each input sample in the compacted (finite-only) signal, to carry reference beats over.
  const compactIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = unmasked[i] as number;
    compactIdx[i] = Number.isFinite(v) ? finite.length : -1;
    if (Number.isFinite(v)) finite.push(v);
  }
  const x = Float64Array.from(finite);
  const sorted = Float64Array.from(x).sort();
  const amplitudeMv = x.length ? percentile(sorted, 0.99) - percentile(sorted, 0.01) : 0;
  const metrics: LeadQualityMetrics = {
    amplitudeMv,
    clippedFraction: 0,
    missingFraction,
    baselinePowerRatio: 0,
    highFrequencyPowerRatio: 0,
    qrsPowerRatio: NaN,
    powerlineRatio: 0,
    powerlineHz: null,
    kurtosis: NaN,
    beatAgreement: NaN,
    templateSnrDb: NaN,
    noiseRmsMv: NaN,
  };
  const flags: string[] = [];
  if (x.length < samplingRateHz || amplitudeMv < FLAT_MV) {
    flags.push(`${leadName}: electrode off / flat line`);
    return { lead: leadName, score: 0, flags, metrics };
  }

  // Saturation: runs of ≥ 3 identical samples sitting at the extremes of the lead.
  const lo = sorted[0] as number;
  const hi = sorted[sorted.length - 1] as number;
  let clipped = 0;
  let run = 1;
  for (let i = 1; i <= x.length; i++) {
    if (i < x.length && x[i] === x[i - 1]) {
      run++;
      continue;
    }
    const v = x[i - 1] as number;
    if (run >= 3 && (v === lo || v === hi)) clipped += run;
    run = 1;
  }
  metrics.clippedFraction = clipped / x.length;

  const fs = samplingRateHz;
  const total = power(x);
  const pad = Math.min(x.length - 1, Math.round(fs));
  metrics.baselinePowerRatio = power(sosFiltFilt(butterworthSos(2, 0.5, 'lowpass', fs), x, pad)) / total;
  let mainsPower = 0;
  for (const mainsHz of [50, 60] as const) {
    if (mainsHz + 2 >= fs / 2) continue;
    const p = power(sosFiltFilt(butterworthSos(2, [mainsHz - 1, mainsHz + 1], 'bandpass', fs), x, pad));
    mainsPower += p;
    if (p / total > metrics.powerlineRatio) {
      metrics.powerlineRatio = p / total;
      metrics.powerlineHz = mainsHz;
    }
  }
  if (fs / 2 > 45) {
    const hf = power(sosFiltFilt(butterworthSos(4, 40, 'highpass', fs), x, pad));
    metrics.highFrequencyPowerRatio = Math.max(0, hf - mainsPower) / total;
  }
  if (fs / 2 > 42) {
    const qrsBand = power(sosFiltFilt(butterworthSos(2, [5, 15], 'bandpass', fs), x, pad));
    const wide = power(sosFiltFilt(butterworthSos(2, [5, 40], 'bandpass', fs), x, pad));
    metrics.qrsPowerRatio = wide > 0 ? qrsBand / wide : NaN;
  }
  // Kurtosis of the band-limited ECG (0.5–40 Hz) so that wander and mains do not mask the QRS peaks.
  const band = sosFiltFilt(butterworthSos(2, [0.5, Math.min(40, 0.45 * fs)], 'bandpass', fs), x, pad);
  let m = 0;
  for (const v of band) m += v;
  m /= band.length;
  let m2 = 0;
  let m4 = 0;
  for (const v of band) {
    const d = v - m;
    m2 += d * d;
    m4 += d ** 4;
  }
  m2 /= band.length;
  m4 /= band.length;
  metrics.kurtosis = m2 > 0 ? m4 / (m2 * m2) : NaN;
  const reference = options.rPeakSampleIdx;
  if (reference) {
    const beats = reference.map((p) => (p >= 0 && p < n ? (compactIdx[p] as number) : -1)).filter((p) => p >= 0);
    const t = templateNoise(band, beats, fs);
    metrics.templateSnrDb = t.snrDb;
    metrics.noiseRmsMv = t.noiseRmsMv;
  } else if (fs >= 50) {
    const a = ecgPeaks(x, fs, { method: 'hamilton2002' }).rPeakSampleIdx;
    const b = ecgPeaks(x, fs, { method: 'pantompkins1985' }).rPeakSampleIdx;
    const s = qrsDetectionScore(a, b, fs, { matchWindowSec: 0.15 });
    const union = s.truePositives + s.falseNegatives + s.falsePositives;
    metrics.beatAgreement = union === 0 ? NaN : s.truePositives / union;
    const t = templateNoise(band, a, fs);
    metrics.templateSnrDb = t.snrDb;
    metrics.noiseRmsMv = t.noiseRmsMv;
  }

  const penalties = {
    clipping: ramp(metrics.clippedFraction, 0.005, 0.05),
    wander: ramp(metrics.baselinePowerRatio, 0.5, 0.9),
    hf: ramp(metrics.highFrequencyPowerRatio, 0.15, 0.5),
    mains: ramp(metrics.powerlineRatio, 0.1, 0.5),
    beats: reference ? 1 : Number.isNaN(metrics.beatAgreement) ? 0.5 : ramp(1 - metrics.beatAgreement, 0.1, 0.5),
    kurtosis: Number.isNaN(metrics.kurtosis) ? 0.5 : ramp(-metrics.kurtosis, -3, -2),
    noise: !(metrics.noiseRmsMv > 0.05) ? 1 : ramp(-metrics.templateSnrDb, -5, 5),
  };
  if (penalties.clipping < 1) flags.push(`${leadName}: clipping / amplifier saturation`);
  if (penalties.wander < 1) flags.push(`${leadName}: baseline wander`);
  if (penalties.hf < 1 || penalties.noise < 1) flags.push(`${leadName}: muscle / high-frequency noise`);
  if (penalties.mains < 1) flags.push(`${leadName}: ${metrics.powerlineHz ?? 50} Hz mains interference`);
  if (penalties.beats < 1 || penalties.kurtosis < 1) flags.push(`${leadName}: QRS complexes not reliably detectable`);
  if (missingFraction > 0.01) flags.push(`${leadName}: ${(missingFraction * 100).toFixed(0)} % of samples missing`);
  let score = Object.values(penalties).reduce((a, b) => a * b, 1) * (1 - missingFraction);
  score = Math.round(score * 100) / 100;
  return { lead: leadName, score, flags, metrics };
}

/**
 * SNR of the dominant beats against their own median template (R-aligned, −250…+400 ms), in dB. Beats whose
 * QRS (±50 ms) correlates < 0.9 with the first template (ectopics, other morphologies) are left out first, so
 * that bigeminy is not mistaken for noise; the QRS keeps its shape under noise far better than the whole beat.
 */
function templateNoise(x: Float64Array, peaks: number[], fs: number): { snrDb: number; noiseRmsMv: number } {
  const pre = Math.round(0.25 * fs);
  const post = Math.round(0.4 * fs);
  const all = peaks.filter((p) => p - pre >= 0 && p + post < x.length);
  if (all.length < 3) return { snrDb: NaN, noiseRmsMv: NaN };
  const width = pre + post + 1;
  const medianBeat = (beats: number[]) => {
    const template = new Float64Array(width);
    const col = new Float64Array(beats.length);
    for (let i = 0; i < width; i++) {
      beats.forEach((p, k) => (col[k] = x[p - pre + i] as number));
      col.sort();
      template[i] = percentile(col, 0.5);
    }
    return template;
  };
  const first = medianBeat(all);
  const q = Math.round(0.05 * fs);
  const qrsCorrelation = (p: number) => {
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = pre - q; i <= pre + q; i++) {
      const a = x[p - pre + i] as number;
      const b = first[i] as number;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
  };
  const dominant = all.filter((p) => qrsCorrelation(p) >= 0.9);
  const beats = dominant.length >= 3 ? dominant : all;
  const template = beats === all ? first : medianBeat(beats);
  let ps = 0;
  let pn = 0;
  for (const p of beats) {
    for (let i = 0; i < width; i++) {
      const t = template[i] as number;
      ps += t * t;
      pn += ((x[p - pre + i] as number) - t) ** 2;
    }
  }
  return { snrDb: pn > 0 ? 10 * Math.log10(ps / pn) : Infinity, noiseRmsMv: Math.sqrt(pn / (beats.length * width)) };
}

/**
 * Quality of every lead, keyed by lead name. The best-scoring lead on its own (two-detector agreement
 * included) supplies the beats that every other lead's template is built from, since a normal low-voltage
 * lead (aVL, III) need not show detectable QRS complexes by itself.
 */
export function ecgQuality(leads: readonly { name: string; samplesMv: ArrayLike<number> }[], samplingRateHz: number): Record<string, LeadQuality> {
  const out: Record<string, LeadQuality> = {};
  if (leads.length === 1) {
    const l = leads[0] as { name: string; samplesMv: ArrayLike<number> };
    out[l.name] = ecgLeadQuality(l.samplesMv, samplingRateHz, l.name);
    return out;
  }
  // Reference lead: the first of the usual rhythm leads that is usable on its own.
  const order = ['II', 'MLII', 'I', 'V5', 'V2', 'aVF', 'III', 'V1', 'V3', 'V4', 'V6', 'aVR', 'aVL'];
  const ranked = [...leads].sort((a, b) => rank(a.name) - rank(b.name));
  function rank(name: string): number {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  }
  let reference: { lead: string; quality: LeadQuality } | undefined;
  for (const l of ranked.slice(0, 4)) {
    const q = ecgLeadQuality(l.samplesMv, samplingRateHz, l.name);
    out[l.name] = q;
    if (q.score >= 0.8) {
      reference = { lead: l.name, quality: q };
      break;
    }
  }
  const rPeaks = reference && samplingRateHz >= 50 ? ecgPeaks(leads.find((l) => l.name === reference.lead)!.samplesMv, samplingRateHz).rPeakSampleIdx : undefined;
  for (const l of leads) {
    if (reference && l.name === reference.lead) continue;
    out[l.name] = ecgLeadQuality(l.samplesMv, samplingRateHz, l.name, rPeaks && rPeaks.length >= 3 ? { rPeakSampleIdx: rPeaks } : {});
  }
  // Keep the input order of leads.
  return Object.fromEntries(leads.map((l) => [l.name, out[l.name] as LeadQuality]));
}
