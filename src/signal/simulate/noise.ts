// Additive ECG noise models: baseline wander, powerline interference, white noise, muscle (EMG) noise.
import type { Rng } from './random';

export interface EcgNoiseOptions {
  /** Peak amplitude of baseline wander (respiration ~0.15–0.3 Hz plus slow drift), mV. */
  baselineWanderMv?: number;
  /** Amplitude of the powerline sinusoid, mV. */
  powerlineMv?: number;
  /** Powerline frequency, Hz (50 unless given). */
  powerlineHz?: number;
  /** Standard deviation of white Gaussian noise, mV. */
  whiteNoiseMv?: number;
  /** RMS of band-limited muscle noise (EMG, ~20–150 Hz), mV. */
  muscleMv?: number;
}

/**
 * Adds noise to one lead in place. Baseline wander is a sum of a respiratory sinusoid and a slower drift with
 * random frequencies and phases; powerline is a sinusoid with random phase; muscle noise is white noise through
 * a band-pass biquad (RBJ cookbook) around 60 Hz (at most 0.3·fs), scaled to the requested RMS.
 */
export function addEcgNoise(signal: Float64Array, samplingRateHz: number, noise: EcgNoiseOptions, rng: Rng): void {
  const n = signal.length;
  const fs = samplingRateHz;
  const bw = noise.baselineWanderMv ?? 0;
  if (bw > 0) {
    const fResp = 0.15 + 0.15 * rng.uniform();
    const fDrift = 0.02 + 0.05 * rng.uniform();
    const p1 = 2 * Math.PI * rng.uniform();
    const p2 = 2 * Math.PI * rng.uniform();
    for (let i = 0; i < n; i++) {
      const t = i / fs;
      signal[i] = (signal[i] as number) + bw * (0.6 * Math.sin(2 * Math.PI * fResp * t + p1) + 0.4 * Math.sin(2 * Math.PI * fDrift * t + p2));
    }
  }
  const pl = noise.powerlineMv ?? 0;
  if (pl > 0) {
    const f = noise.powerlineHz ?? 50;
    const p = 2 * Math.PI * rng.uniform();
    for (let i = 0; i < n; i++) signal[i] = (signal[i] as number) + pl * Math.sin((2 * Math.PI * f * i) / fs + p);
  }
  const wn = noise.whiteNoiseMv ?? 0;
  if (wn > 0) for (let i = 0; i < n; i++) signal[i] = (signal[i] as number) + wn * rng.normal();
  const emg = noise.muscleMv ?? 0;
  if (emg > 0 && n > 1) {
    const f0 = Math.min(60, 0.3 * fs);
    const w0 = (2 * Math.PI * f0) / fs;
    const q = 0.5;
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    const b0 = alpha / a0;
    const b2 = -alpha / a0;
    const a1 = (-2 * Math.cos(w0)) / a0;
    const a2 = (1 - alpha) / a0;
    const out = new Float64Array(n);
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x0 = rng.normal();
      const y0 = b0 * x0 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = y0;
      out[i] = y0;
      sumSq += y0 * y0;
    }
    const scale = emg / Math.sqrt(sumSq / n);
    for (let i = 0; i < n; i++) signal[i] = (signal[i] as number) + scale * (out[i] as number);
  }
}
