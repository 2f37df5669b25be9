// Median (representative) beats and global wave boundaries (P, QRS onset/offset, T end) from multi-lead ECGs.
import { ecgFilter } from './ecgFilter';

export interface LeadSignal {
  name: string;
  samplesMv: ArrayLike<number>;
}

export interface MedianBeats {
  samplingRateHz: number;
  /** Index of the aligned R peak within each median beat. */
  rSampleIdx: number;
  /** Per-lead median beats (mV), baseline not yet removed. */
  leads: { name: string; samplesMv: Float64Array }[];
  /** R peaks (in the input signal) of the beats that went into the medians. */
  beatSampleIdx: number[];
  /** Median RR interval of the input beats (s), bounding the T-wave search so it stops before the next beat. */
  medianRrSec: number;
}

/** Global fiducial points as sample indices within the median beat; undefined where not found. */
export interface WaveBoundaries {
  pOnset?: number;
  pOffset?: number;
  qrsOnset?: number;
  qrsOffset?: number;
  tPeak?: number;
  tOffset?: number;
}

const PRE_SEC = 0.4;
const POST_SEC = 0.65;

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function correlation(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let ma = 0;
  let mb = 0;
  const n = to - from;
  for (let i = from; i < to; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = from; i < to; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Sample-wise median of the dominant beats, aligned on the R peaks (the representative beat of resting ECG
 * programs, e.g. GE 12SL and the Glasgow program; P. W. Macfarlane et al., "The Glasgow system", 2005).
 * Beats are filtered 0.5–100 Hz first; beats whose QRS (±60 ms) correlates < 0.9 with the first-pass median
 * in the most energetic lead (ectopics, artefacts) are left out. Returns undefined with fewer than 2 beats.
 */
export function ecgMedianBeats(leads: readonly LeadSignal[], samplingRateHz: number, rPeakSampleIdx: readonly number[]): MedianBeats | undefined {
  const pre = Math.round(PRE_SEC * samplingRateHz);
  const post = Math.round(POST_SEC * samplingRateHz);
  const n = leads[0]?.samplesMv.length ?? 0;
  const beats = rPeakSampleIdx.filter((r) => r - pre >= 0 && r + post < n);
  if (beats.length < 2) return undefined;
  const filtered = leads.map((l) => ecgFilter(l.samplesMv, samplingRateHz, { highPassHz: 0.5, lowPassHz: 100 }));
  const width = pre + post + 1;
  const cut = (sig: Float32Array, r: number) => {
    const w = new Float64Array(width);
    for (let i = 0; i < width; i++) w[i] = sig[r - pre + i] as number;
    return w;
  };
  const medianOf = (sig: Float32Array, rs: number[]) => {
    const out = new Float64Array(width);
    const col: number[] = new Array<number>(rs.length);
    for (let i = 0; i < width; i++) {
      let k = 0;
      for (const r of rs) {
        const v = sig[r - pre + i] as number;
        if (Number.isFinite(v)) col[k++] = v;
      }
      col.length = k;
      out[i] = k ? median(col) : NaN;
      col.length = rs.length;
    }
    return out;
  };
  // Dominant-beat selection in the lead with the largest QRS energy.
  let best = 0;
  let bestEnergy = -1;
  filtered.forEach((sig, li) => {
    let e = 0;
    for (const r of beats) for (let i = r - 20; i <= r + 20; i++) e += ((sig[i] as number) || 0) ** 2;
    if (e > bestEnergy) {
      bestEnergy = e;
      best = li;
    }
  });
  const refLead = filtered[best] as Float32Array;
  const template = medianOf(refLead, beats);
  const q0 = pre - Math.round(0.06 * samplingRateHz);
  const q1 = pre + Math.round(0.06 * samplingRateHz);
  const dominant = beats.filter((r) => correlation(cut(refLead, r), template, q0, q1) >= 0.9);
  const used = dominant.length >= 2 ? dominant : beats;
  const rr = rPeakSampleIdx.slice(1).map((r, i) => (r - (rPeakSampleIdx[i] as number)) / samplingRateHz);
  return {
    samplingRateHz,
    medianRrSec: median(rr),
    rSampleIdx: pre,
    leads: leads.map((l, li) => ({ name: l.name, samplesMv: medianOf(filtered[li] as Float32Array, used) })),
    beatSampleIdx: used,
  };
}

/** Spatial velocity Σ_leads |dV/dt| of the median beats (the multi-lead boundary detector's input). */
function spatialVelocity(beats: MedianBeats): Float64Array {
  const n = beats.leads[0]?.samplesMv.length ?? 0;
  const v = new Float64Array(n);
  for (const lead of beats.leads) {
    const x = lead.samplesMv;
    for (let i = 1; i < n - 1; i++) {
      const d = Math.abs((x[i + 1] as number) - (x[i - 1] as number));
      if (Number.isFinite(d)) v[i] = (v[i] as number) + d;
    }
  }
  return v;
}

/** Moving average over ±half samples. */
function smooth(x: Float64Array, half: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    let k = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(x.length - 1, i + half); j++) {
      s += x[j] as number;
      k++;
    }
    out[i] = s / k;
  }
  return out;
}

/**
 * Global wave boundaries from the multi-lead median beats.
 Boundaries are found by thresholding the derivative relative to the wave's own peak slope (P. Laguna,
 * R. Jané & P. Caminal, "Automatic detection of wave boundaries in multilead ECG signals: validation with the
 * CSE database", Comput. Biomed. Res. 27 (1994) 45–60), applied to the multi-lead spatial velocity Σ|dV/dt| so
 * that one set of global boundaries covers all leads (CSE: J. L. Willems et al., Methods Inf. Med. 29 (1990)
 * 263–271). Thresholds sit above the noise floor (25th percentile of the velocity over the beat):
 * QRS onset/offset at 4 % of the QRS velocity peak, T end at 10 % of the T wave's descending-limb velocity
 * peak, P onset/offset at 20 % of the P velocity peak in the 300 ms before QRS onset but after the previous
 * beat's T end (only when a P wave of at least 40 µV RMS amplitude is there). T is searched up to 70 % of the
 * median RR interval after R. A boundary needs the velocity to stay below threshold for 6 ms
 * (12 ms for P, which can be notched). The fractions were set on the three device-measured ECGs in
 * test/signal/ecgMeasure.test.ts (GE MUSE, HL7 aECG, Mortara DICOM).
 */
export function ecgDelineate(beats: MedianBeats): WaveBoundaries {
  const fs = beats.samplingRateHz;
  const ms = (t: number) => Math.round((t / 1000) * fs);
  const vel = smooth(spatialVelocity(beats), Math.max(1, ms(4)));
  const n = vel.length;
  const r = beats.rSampleIdx;
  const out: WaveBoundaries = {};

  // Noise floor: the 25th percentile of the velocity over the beat (mostly the T–P and PR segments).
  const sorted = Array.from(vel).sort((a, b) => a - b);
  const floor = sorted[Math.floor(0.25 * sorted.length)] as number;
  let peak = r;
  for (let i = r - ms(60); i <= r + ms(60); i++) if ((vel[i] as number) > (vel[peak] as number)) peak = i;
  const vmax = vel[peak] as number;
  if (!(vmax > 0)) return out;
  const thr = floor + 0.04 * (vmax - floor);
  const qrsHold = Math.max(1, ms(6));
  const walk = (from: number, step: -1 | 1, limit: number, threshold: number, hold = qrsHold): number | undefined => {
    let below = 0;
    for (let i = from; step < 0 ? i >= limit : i <= limit; i += step) {
      if ((vel[i] as number) < threshold) {
        below++;
        if (below >= hold) return i - step * (hold - 1);
      } else below = 0;
    }
    return undefined;
  };
  const qrsOnset = walk(peak, -1, Math.max(0, r - ms(160)), thr);
  const qrsOffset = walk(peak, 1, Math.min(n - 1, r + ms(200)), thr);
  if (qrsOnset === undefined || qrsOffset === undefined) return out;
  out.qrsOnset = qrsOnset;
  out.qrsOffset = qrsOffset;

  // Isoelectric level per lead: the median beat just before QRS onset (PR segment).
  const iso = beats.leads.map((l) => {
    const vals: number[] = [];
    for (let i = Math.max(0, qrsOnset - ms(20)); i <= qrsOnset - ms(4); i++) vals.push(l.samplesMv[i] as number);
    return median(vals);
  });

  // T wave: the apex is the largest deviation from the isoelectric level in any lead after QRS offset; the
  // end is where the spatial velocity of the descending limb falls to 10 % of its peak above the noise floor.
  const tFrom = out.qrsOffset + ms(60);
  // The T wave ends well before the next P wave: search no further than 70 % of the RR interval.
  const tEndLimit = Math.min(n, r + Math.round(0.7 * beats.medianRrSec * fs));
  let tAmp = 0;
  let tPeak = tFrom;
  beats.leads.forEach((l, li) => {
    for (let i = tFrom; i < tEndLimit; i++) {
      const a = Math.abs((l.samplesMv[i] as number) - (iso[li] as number));
      if (a > tAmp) {
        tAmp = a;
        tPeak = i;
      }
    }
  });
  if (tAmp >= 0.05 && tPeak < tEndLimit - ms(20)) {
    out.tPeak = tPeak;
    const velT = smooth(spatialVelocity(beats), Math.max(1, ms(10)));
    let tvMax = 0;
    let tvAt = tPeak;
    for (let i = tPeak; i <= Math.min(tEndLimit - 1, tPeak + ms(200)); i++) {
      if ((velT[i] as number) > tvMax) {
        tvMax = velT[i] as number;
        tvAt = i;
      }
    }
    const tThr = floor + 0.1 * (tvMax - floor);
    for (let i = tvAt; i < tEndLimit; i++) {
      if ((velT[i] as number) < tThr) {
        out.tOffset = i;
        break;
      }
    }
  }

  // P wave in the 300 ms before QRS onset.
  // …but not before the previous beat's T wave has ended (fast rates), taken from this beat's T end.
  const rrSamples = Math.round(beats.medianRrSec * fs);
  const prevTEnd = out.tOffset !== undefined ? out.tOffset - rrSamples + ms(20) : r - Math.round(0.4 * rrSamples);
  const pFrom = Math.max(1, out.qrsOnset - ms(300), prevTEnd);
  const pTo = out.qrsOnset - ms(20);
  if (pTo > pFrom) {
    let pAmp = 0;
    let pPeak = pFrom;
    for (let i = pFrom; i <= pTo; i++) {
      let s = 0;
      beats.leads.forEach((l, li) => (s += ((l.samplesMv[i] as number) - (iso[li] as number)) ** 2));
      const rms = Math.sqrt(s / beats.leads.length);
      if (rms > pAmp) {
        pAmp = rms;
        pPeak = i;
      }
    }
    if (pAmp >= 0.04 && pPeak > pFrom + ms(10)) {
      let pvMax = 0;
      for (let i = pFrom; i <= pTo; i++) if ((vel[i] as number) > pvMax) pvMax = vel[i] as number;
      const pThr = floor + 0.2 * (pvMax - floor);
      // Walk outwards from the steepest point on either side of the P apex.
      let leftMax = pPeak;
      for (let i = pPeak; i >= Math.max(pFrom, pPeak - ms(80)); i--) if ((vel[i] as number) > (vel[leftMax] as number)) leftMax = i;
      let rightMax = pPeak;
      for (let i = pPeak; i <= Math.min(pTo, pPeak + ms(80)); i++) if ((vel[i] as number) > (vel[rightMax] as number)) rightMax = i;
      const pHold = Math.max(1, ms(12));
      const on = walk(leftMax, -1, Math.max(0, pFrom - ms(20)), pThr, pHold);
      const off = walk(rightMax, 1, out.qrsOnset, pThr, pHold);
      if (on !== undefined) out.pOnset = on;
      if (off !== undefined) out.pOffset = off;
    }
  }
  return out;
}
