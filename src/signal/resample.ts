// Sampling-rate conversion by rational factors: polyphase FIR with a Kaiser-windowed sinc, as scipy's resample_poly.

/** Greatest common divisor of two positive integers. */
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Symmetric Kaiser window (J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh window", 1974). */
export function kaiserWindow(length: number, beta: number): Float64Array {
  const w = new Float64Array(length);
  if (length === 1) {
    w[0] = 1;
    return w;
  }
  const alpha = (length - 1) / 2;
  const denom = besselI0(beta);
  for (let i = 0; i < length; i++) {
    const r = (i - alpha) / alpha;
    w[i] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denom;
  }
  return w;
}

/**
 * Windowed-sinc low-pass FIR with unit DC gain, as scipy.signal.firwin(numTaps, cutoff, window=('kaiser', beta)).
 * `cutoff` is relative to Nyquist (0–1).
 */
export function firLowPass(numTaps: number, cutoff: number, kaiserBeta: number): Float64Array {
  const h = kaiserWindow(numTaps, kaiserBeta);
  const alpha = (numTaps - 1) / 2;
  let sum = 0;
  for (let i = 0; i < numTaps; i++) {
    const x = cutoff * (i - alpha);
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    h[i] = (h[i] as number) * cutoff * sinc;
    sum += h[i] as number;
  }
  for (let i = 0; i < numTaps; i++) h[i] = (h[i] as number) / sum;
  return h;
}

/** The reduced up/down factors that convert `fromHz` to `toHz` (e.g. 360 → 250 Hz: up 25, down 36). */
export function resampleFactors(fromHz: number, toHz: number): { up: number; down: number } {
  // Rates like 156.25 Hz exist; scale both to integers before reducing.
  let scale = 1;
  while ((!Number.isInteger(fromHz * scale) || !Number.isInteger(toHz * scale)) && scale < 1e6) scale *= 10;
  const a = Math.round(fromHz * scale);
  const b = Math.round(toHz * scale);
  if (!(a > 0 && b > 0)) throw new RangeError(`sampling rates must be positive (got ${fromHz} → ${toHz} Hz)`);
  const g = gcd(a, b);
  return { up: b / g, down: a / g };
}

/**
 * Upsample by `up`, low-pass, downsample by `down` (polyphase; P. P. Vaidyanathan, Multirate Systems and
 * Filter Banks, 1993, ch. 4). Same filter and alignment as scipy.signal.resample_poly(x, up, down) with its
 * defaults: Kaiser window β = 5, half length 10 × max(up, down), cut-off 1 / max(up, down), zero padding.
 * Output length is ceil(n × up / down). NaN samples propagate to the outputs they touch.
 */
export function resamplePoly(x: ArrayLike<number>, up: number, down: number, kaiserBeta = 5): Float64Array {
  if (!Number.isInteger(up) || !Number.isInteger(down) || up < 1 || down < 1) {
    throw new RangeError(`up (${up}) and down (${down}) must be positive integers`);
  }
  const g = gcd(up, down);
  up /= g;
  down /= g;
  const nIn = x.length;
  if (up === 1 && down === 1) return Float64Array.from(x);
  const nOut = Math.ceil((nIn * up) / down);
  const maxRate = Math.max(up, down);
  const halfLen = 10 * maxRate;
  const h = firLowPass(2 * halfLen + 1, 1 / maxRate, kaiserBeta);
  for (let i = 0; i < h.length; i++) h[i] = (h[i] as number) * up;
  // scipy pads the filter in front so that output sample 0 lands on input sample 0.
  const nPrePad = down - (halfLen % down);
  const nPreRemove = Math.floor((halfLen + nPrePad) / down);
  const y = new Float64Array(nOut);
  for (let m = 0; m < nOut; m++) {
    // Upsampled-domain index of output m in the full convolution, referred to the unpadded filter.
    const t = (m + nPreRemove) * down - nPrePad;
    // y = Σ_i h[t - i·up] x[i] over 0 ≤ t - i·up < h.length
    let iMin = Math.ceil((t - (h.length - 1)) / up);
    if (iMin < 0) iMin = 0;
    let iMax = Math.floor(t / up);
    if (iMax > nIn - 1) iMax = nIn - 1;
    let acc = 0;
    for (let i = iMin; i <= iMax; i++) acc += (h[t - i * up] as number) * (x[i] as number);
    y[m] = acc;
  }
  return y;
}

/** Resamples a signal from `fromHz` to `toHz` with `resamplePoly` (e.g. 360 → 100 Hz uses up 5, down 18). */
export function resampleSignal(x: ArrayLike<number>, fromHz: number, toHz: number): Float64Array {
  const { up, down } = resampleFactors(fromHz, toHz);
  return resamplePoly(x, up, down);
}
