// RR-interval process with a bimodal (Mayer-wave LF + respiratory HF) spectrum, as in ECGSYN.
import type { Rng } from './random';

export interface RrProcessOptions {
  heartRateBpm: number;
  hrStdBpm: number;
  /** Ratio of LF (Mayer waves) to HF (respiratory sinus arrhythmia) power. */
  lfHfRatio: number;
  /** Number of RR values; rounded up to a power of two. */
  count: number;
  /** Rate of the RR series in Hz (ECGSYN samples it at 1 Hz). */
  rateHz?: number;
  lfHz?: number;
  hfHz?: number;
  lfStdHz?: number;
  hfStdHz?: number;
}

/** In-place radix-2 complex FFT (inverse when `inverse`, unscaled). Length must be a power of two. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = (re[b] as number) * cr - (im[b] as number) * ci;
        const ti = (re[b] as number) * ci + (im[b] as number) * cr;
        re[b] = (re[a] as number) - tr;
        im[b] = (im[a] as number) - ti;
        re[a] = (re[a] as number) + tr;
        im[a] = (im[a] as number) + ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/**
 * RR intervals in seconds, sampled at `rateHz` (McSharry et al. 2003, IEEE TBME 50(3):289–294, section II-B):
 * the power spectrum is the sum of two Gaussians (LF at 0.1 Hz, HF at 0.25 Hz, σ 0.01 Hz) with power ratio
 * `lfHfRatio`; random phases and an inverse FFT give the series, which is scaled to mean 60/HR and standard
 * deviation 60·hrStd/HR².
 */
export function rrProcess(opts: RrProcessOptions, rng: Rng): Float64Array {
  const sf = opts.rateHz ?? 1;
  const n = 2 ** Math.max(4, Math.ceil(Math.log2(Math.max(16, opts.count))));
  const w1 = 2 * Math.PI * (opts.lfHz ?? 0.1);
  const w2 = 2 * Math.PI * (opts.hfHz ?? 0.25);
  const c1 = 2 * Math.PI * (opts.lfStdHz ?? 0.01);
  const c2 = 2 * Math.PI * (opts.hfStdHz ?? 0.01);
  const rrMean = 60 / opts.heartRateBpm;
  const rrStd = (60 * opts.hrStdBpm) / (opts.heartRateBpm * opts.heartRateBpm);
  const half = n / 2;
  const amplitude = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    const w = 2 * Math.PI * k * (sf / n);
    const hw =
      (opts.lfHfRatio * Math.exp(-0.5 * ((w - w1) / c1) ** 2)) / Math.sqrt(2 * Math.PI * c1 * c1) +
      Math.exp(-0.5 * ((w - w2) / c2) ** 2) / Math.sqrt(2 * Math.PI * c2 * c2);
    amplitude[k] = (sf / 2) * Math.sqrt(hw);
  }
  // Hermitian spectrum: zero phase at DC and Nyquist, conjugate phases mirrored.
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re[0] = amplitude[0] as number;
  re[half] = amplitude[half] as number;
  for (let k = 1; k < half; k++) {
    const ph = 2 * Math.PI * rng.uniform();
    const a = amplitude[k] as number;
    re[k] = a * Math.cos(ph);
    im[k] = a * Math.sin(ph);
    re[n - k] = a * Math.cos(ph);
    im[n - k] = -a * Math.sin(ph);
  }
  fft(re, im, true);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += re[i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((re[i] as number) - mean) ** 2;
  const std = Math.sqrt(variance / (n - 1));
  const scale = std > 0 ? rrStd / std : 0;
  const rr = new Float64Array(n);
  for (let i = 0; i < n; i++) rr[i] = rrMean + ((re[i] as number) - mean) * scale;
  return rr;
}
