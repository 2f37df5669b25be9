// A small deterministic synthetic 12-lead ECG (sums of Gaussian waves) for signal-processing tests.

export interface SyntheticEcgOptions {
  samplingRateHz: number;
  durationSec: number;
  hrBpm: number;
  /** Uniform white noise amplitude (mV). */
  noiseMv?: number;
  /** Leave out the P waves (junctional rhythm). */
  withoutP?: boolean;
}

/** Wave centres relative to the R peak (s) and widths (Gaussian sigma, s). */
export const WAVES = {
  p: { t: -0.16, sigma: 0.02, amp: 0.15 },
  q: { t: -0.025, sigma: 0.008, amp: -0.1 },
  r: { t: 0, sigma: 0.01, amp: 1.0 },
  s: { t: 0.025, sigma: 0.008, amp: -0.25 },
  t: { t: 0.3, sigma: 0.045, amp: 0.3 },
};

/** Per-lead multipliers of the whole complex (a frontal axis near +60°, precordial R progression). */
export const LEAD_GAINS: Record<string, number> = {
  I: 0.5, II: 1, III: 0.5, aVR: -0.75, aVL: 0, aVF: 0.75,
  V1: -0.4, V2: 0.3, V3: 0.7, V4: 1.1, V5: 1, V6: 0.8,
};

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 12-lead synthetic ECG and its R-peak sample indices. */
export function syntheticEcg(opts: SyntheticEcgOptions): { leads: { name: string; samplesMv: Float32Array }[]; rPeaks: number[] } {
  const fs = opts.samplingRateHz;
  const n = Math.round(opts.durationSec * fs);
  const rrSec = 60 / opts.hrBpm;
  const rPeaks: number[] = [];
  for (let t = 0.5; t < opts.durationSec - 0.2; t += rrSec) rPeaks.push(Math.round(t * fs));
  const base = new Float64Array(n);
  for (const r of rPeaks) {
    for (const [name, w] of Object.entries(WAVES)) {
      if (name === 'p' && opts.withoutP) continue;
      const c = r + w.t * fs;
      const span = Math.ceil(5 * w.sigma * fs);
      for (let i = Math.max(0, Math.floor(c - span)); i <= Math.min(n - 1, Math.ceil(c + span)); i++) {
        const z = (i - c) / (w.sigma * fs);
        base[i] = (base[i] as number) + w.amp * Math.exp(-0.5 * z * z);
      }
    }
  }
  const random = rng(42);
  const leads = Object.entries(LEAD_GAINS).map(([name, g]) => {
    const samplesMv = new Float32Array(n);
    for (let i = 0; i < n; i++) samplesMv[i] = g * (base[i] as number) + (opts.noiseMv ?? 0) * (random() - 0.5) * 2;
    return { name, samplesMv };
  });
  return { leads, rPeaks };
}
