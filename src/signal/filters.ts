// IIR filter design (Butterworth, notch) as second-order sections and zero-phase filtering, matching scipy.signal.
//
// Design follows scipy.signal.butter / iirfilter (analog prototype → frequency transform → bilinear transform
// → zpk2sos with 'nearest' pairing) so coefficients agree with scipy to rounding; see S. Butterworth, "On the
// theory of filter amplifiers", Wireless Engineer 7 (1930) 536–541, and A. V. Oppenheim & R. W. Schafer,
// Discrete-Time Signal Processing, 3rd ed., §7.1 (bilinear transformation).

/** Second-order sections, one row [b0, b1, b2, a0, a1, a2] per section (a0 = 1), like scipy's `sos`. */
export type Sos = number[][];

export type FilterBand = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

interface Complex {
  re: number;
  im: number;
}

const c = (re: number, im = 0): Complex => ({ re, im });
const cadd = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
const csub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
const cmul = (a: Complex, b: Complex): Complex => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const cscale = (a: Complex, s: number): Complex => c(a.re * s, a.im * s);
const cabs = (a: Complex): number => Math.hypot(a.re, a.im);
const conj = (a: Complex): Complex => c(a.re, -a.im);
function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
/** Principal square root (numpy's convention: branch cut on the negative real axis). */
function csqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? c(Math.sqrt(a.re), 0) : c(0, Math.sqrt(-a.re));
  const r = cabs(a);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sign(a.im) * Math.sqrt((r - a.re) / 2);
  return c(re, im);
}

interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

/** Analog Butterworth prototype (scipy.signal.buttap): poles on the unit circle's left half. */
function buttap(order: number): Zpk {
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push(c(-Math.cos(theta), -Math.sin(theta)));
  }
  // The middle pole of an odd order is exactly real (scipy sets m = 0 there).
  if (order % 2 === 1) p[(order - 1) / 2] = c(-1, 0);
  return { z: [], p, k: 1 };
}

function prod(values: Complex[]): Complex {
  return values.reduce((acc, v) => cmul(acc, v), c(1));
}

function lp2lp({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = p.length - z.length;
  return { z: z.map((v) => cscale(v, wo)), p: p.map((v) => cscale(v, wo)), k: k * wo ** degree };
}

function lp2hp({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = p.length - z.length;
  const zHp = z.map((v) => cdiv(c(wo), v));
  const pHp = p.map((v) => cdiv(c(wo), v));
  for (let i = 0; i < degree; i++) zHp.push(c(0));
  const gain = cdiv(prod(z.map((v) => cscale(v, -1))), prod(p.map((v) => cscale(v, -1))));
  return { z: zHp, p: pHp, k: k * gain.re };
}

function lp2bpOrBs({ z, p, k }: Zpk, wo: number, bw: number, stop: boolean): Zpk {
  const degree = p.length - z.length;
  const woSq = c(wo * wo);
  const split = (values: Complex[]): Complex[] => {
    const scaled = stop ? values.map((v) => cdiv(c(bw / 2), v)) : values.map((v) => cscale(v, bw / 2));
    const roots = scaled.map((v) => csqrt(csub(cmul(v, v), woSq)));
    return [...scaled.map((v, i) => cadd(v, roots[i] as Complex)), ...scaled.map((v, i) => csub(v, roots[i] as Complex))];
  };
  const zOut = split(z);
  const pOut = split(p);
  if (stop) {
    for (let i = 0; i < degree; i++) zOut.push(c(0, wo));
    for (let i = 0; i < degree; i++) zOut.push(c(0, -wo));
    const gain = cdiv(prod(z.map((v) => cscale(v, -1))), prod(p.map((v) => cscale(v, -1))));
    return { z: zOut, p: pOut, k: k * gain.re };
  }
  for (let i = 0; i < degree; i++) zOut.push(c(0));
  return { z: zOut, p: pOut, k: k * bw ** degree };
}

function bilinear({ z, p, k }: Zpk, fs: number): Zpk {
  const degree = p.length - z.length;
  const fs2 = c(2 * fs);
  const zZ = z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  const pZ = p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  for (let i = 0; i < degree; i++) zZ.push(c(-1));
  const gain = cdiv(prod(z.map((v) => csub(fs2, v))), prod(p.map((v) => csub(fs2, v))));
  return { z: zZ, p: pZ, k: k * gain.re };
}

/** scipy's _cplxreal: one of each conjugate pair (positive imaginary part) sorted by real part, then the reals. */
function cplxreal(values: Complex[]): Complex[] {
  const eps = 2.220446049250313e-16;
  const reals: number[] = [];
  const complexes: Complex[] = [];
  for (const v of values) {
    if (Math.abs(v.im) <= 100 * eps * cabs(v)) reals.push(v.re);
    else complexes.push(v);
  }
  reals.sort((a, b) => a - b);
  const positive = complexes.filter((v) => v.im > 0).sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const negative = complexes.filter((v) => v.im < 0).sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  if (positive.length !== negative.length) throw new Error('filter design: complex values without conjugates');
  // Average each pair with its conjugate partner, as scipy does, to make them exact conjugates.
  const paired = positive.map((v, i) => cscale(cadd(v, conj(negative[i] as Complex)), 0.5));
  return [...paired, ...reals.map((r) => c(r))];
}

const isReal = (v: Complex): boolean => v.im === 0;

function nearestIdx(from: Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = from.map((v, i) => ({ i, d: cabs(csub(v, to)) })).sort((a, b) => a.d - b.d || a.i - b.i);
  for (const { i } of order) {
    const v = from[i] as Complex;
    if (which === 'any' || (which === 'real') === isReal(v)) return i;
  }
  throw new Error('filter design: no zero to pair with');
}

function worstIdx(values: Complex[]): number {
  let best = 0;
  let bestD = Infinity;
  values.forEach((v, i) => {
    const d = Math.abs(1 - cabs(v));
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/** One section from up to two zeros and poles (scipy's _single_zpksos, right-aligned polynomials). */
function singleSection(zs: Complex[], ps: Complex[]): number[] {
  const poly = (roots: Complex[]): number[] => {
    if (roots.length === 0) return [0, 0, 1];
    if (roots.length === 1) return [0, 1, -(roots[0] as Complex).re];
    const [r1, r2] = roots as [Complex, Complex];
    return [1, -(r1.re + r2.re), cmul(r1, r2).re];
  };
  return [...poly(zs), ...poly(ps)];
}

/** Zeros/poles/gain → second-order sections, scipy.signal.zpk2sos with pairing='nearest' (digital). */
function zpk2sos({ z: z0, p: p0, k }: Zpk): Sos {
  let z = [...z0];
  let p = [...p0];
  if (z.length === 0 && p.length === 0) return [[k, 0, 0, 1, 0, 0]];
  while (p.length < z.length) p.push(c(0));
  while (z.length < p.length) z.push(c(0));
  const nSections = Math.floor((p.length + 1) / 2);
  if (p.length % 2 === 1) {
    p.push(c(0));
    z.push(c(0));
  }
  z = cplxreal(z);
  p = cplxreal(p);
  const sos: Sos = Array.from({ length: nSections }, () => [0, 0, 0, 0, 0, 0]);
  const take = (arr: Complex[], idx: number): Complex => arr.splice(idx, 1)[0] as Complex;
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIdx(p));
    const realPolesLeft = p.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      sos[si] = singleSection([z1, c(0)], [p1, c(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realPolesLeft === 1 && z.filter(isReal).length === 1) {
      const z1 = take(z, nearestIdx(z, p1, 'complex'));
      sos[si] = singleSection([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        const w = worstIdx(realIdx.map((i) => p[i] as Complex));
        p2 = take(p, realIdx[w] as number);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) {
          sos[si] = singleSection([z1, conj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, 'real'));
          sos[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          sos[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        sos[si] = singleSection([], [p1, p2]);
      }
    }
  }
  const first = sos[0] as number[];
  for (let i = 0; i < 3; i++) first[i] = (first[i] as number) * k;
  return sos;
}

/**
 * Digital Butterworth filter as second-order sections, identical in design to
 * `scipy.signal.butter(order, cutoffHz, btype, output='sos', fs=samplingRateHz)`.
 * Cut-offs are the −3 dB frequencies (Butterworth 1930; bilinear transform with pre-warping).
 */
export function butterworthSos(
  order: number,
  cutoffHz: number | readonly [number, number],
  band: FilterBand,
  samplingRateHz: number,
): Sos {
  if (!Number.isInteger(order) || order < 1 || order > 24) throw new RangeError(`filter order ${order} must be 1–24`);
  const nyquistHz = samplingRateHz / 2;
  const cutoffs = typeof cutoffHz === 'number' ? [cutoffHz] : [...cutoffHz];
  const twoEdges = band === 'bandpass' || band === 'bandstop';
  if (cutoffs.length !== (twoEdges ? 2 : 1)) throw new RangeError(`${band} needs ${twoEdges ? 2 : 1} cut-off frequencies`);
  for (const f of cutoffs) {
    if (!(f > 0 && f < nyquistHz)) throw new RangeError(`cut-off ${f} Hz must lie between 0 and Nyquist (${nyquistHz} Hz)`);
  }
  // scipy normalises to Nyquist and designs at fs = 2 with pre-warped edges.
  const warped = cutoffs.map((f) => 4 * Math.tan((Math.PI * (f / nyquistHz)) / 2));
  const proto = buttap(order);
  let analog: Zpk;
  if (band === 'lowpass') analog = lp2lp(proto, warped[0] as number);
  else if (band === 'highpass') analog = lp2hp(proto, warped[0] as number);
  else {
    const [lo, hi] = warped as [number, number];
    if (!(lo < hi)) throw new RangeError('band edges must be increasing');
    analog = lp2bpOrBs(proto, Math.sqrt(lo * hi), hi - lo, band === 'bandstop');
  }
  return zpk2sos(bilinear(analog, 2));
}

/**
 * Second-order IIR notch at `notchHz` with quality factor `q` (bandwidth = notchHz / q), as
 * `scipy.signal.iirnotch` (S. J. Orfanidis, Introduction to Signal Processing, 1996, §11.3, eqs. 11.3.4–11.3.7).
 */
export function notchSos(notchHz: number, q: number, samplingRateHz: number): Sos {
  if (!(notchHz > 0 && notchHz < samplingRateHz / 2)) {
    throw new RangeError(`notch ${notchHz} Hz must lie between 0 and Nyquist (${samplingRateHz / 2} Hz)`);
  }
  if (!(q > 0)) throw new RangeError(`notch quality factor ${q} must be positive`);
  const w0 = (2 * notchHz) / samplingRateHz;
  const bw = (w0 / q) * Math.PI;
  const gb = 1 / Math.SQRT2;
  const beta = (Math.sqrt(1 - gb * gb) / gb) * Math.tan(bw / 2);
  const gain = 1 / (1 + beta);
  const cosW = Math.cos(w0 * Math.PI);
  return [[gain, -2 * gain * cosW, gain, 1, -2 * gain * cosW, 2 * gain - 1]];
}

/** Magnitude |H(f)| of a section cascade at the given frequencies (scipy.signal.sosfreqz, absolute value). */
export function sosMagnitude(sos: Sos, frequenciesHz: ArrayLike<number>, samplingRateHz: number): Float64Array {
  const out = new Float64Array(frequenciesHz.length);
  for (let i = 0; i < out.length; i++) {
    const w = (2 * Math.PI * (frequenciesHz[i] as number)) / samplingRateHz;
    const z1 = c(Math.cos(w), -Math.sin(w));
    const z2 = cmul(z1, z1);
    let h = c(1);
    for (const [b0, b1, b2, a0, a1, a2] of sos as [number, number, number, number, number, number][]) {
      const num = cadd(cadd(c(b0), cscale(z1, b1)), cscale(z2, b2));
      const den = cadd(cadd(c(a0), cscale(z1, a1)), cscale(z2, a2));
      h = cmul(h, cdiv(num, den));
    }
    out[i] = cabs(h);
  }
  return out;
}

/** Steady-state initial conditions for a step of height 1 (scipy.signal.sosfilt_zi, per-section lfilter_zi). */
export function sosInitialState(sos: Sos): Float64Array {
  const zi = new Float64Array(sos.length * 2);
  let scale = 1;
  sos.forEach(([b0, b1, b2, a0, a1, a2], s) => {
    const n = [b0 as number, b1 as number, b2 as number].map((v) => v / (a0 as number));
    const d1 = (a1 as number) / (a0 as number);
    const d2 = (a2 as number) / (a0 as number);
    const B0 = (n[1] as number) - d1 * (n[0] as number);
    const B1 = (n[2] as number) - d2 * (n[0] as number);
    const z0 = (B0 + B1) / (1 + d1 + d2);
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * (B1 - d2 * z0);
    scale *= ((n[0] as number) + (n[1] as number) + (n[2] as number)) / (1 + d1 + d2);
  });
  return zi;
}

/**
 * Causal filtering through the section cascade (direct form II transposed, as scipy.signal.sosfilt).
 * `state` (2 values per section) is used as the initial conditions and updated in place.
 */
export function sosFilter(sos: Sos, x: ArrayLike<number>, state?: Float64Array): Float64Array {
  const y = Float64Array.from(x);
  const zi = state ?? new Float64Array(sos.length * 2);
  sos.forEach(([b0, b1, b2, a0, a1, a2], s) => {
    const g = a0 as number;
    const nb0 = (b0 as number) / g;
    const nb1 = (b1 as number) / g;
    const nb2 = (b2 as number) / g;
    const na1 = (a1 as number) / g;
    const na2 = (a2 as number) / g;
    let z0 = zi[2 * s] as number;
    let z1 = zi[2 * s + 1] as number;
    for (let i = 0; i < y.length; i++) {
      const xi = y[i] as number;
      const yi = nb0 * xi + z0;
      z0 = nb1 * xi - na1 * yi + z1;
      z1 = nb2 * xi - na2 * yi;
      y[i] = yi;
    }
    zi[2 * s] = z0;
    zi[2 * s + 1] = z1;
  });
  return y;
}

/** Default edge padding of scipy.signal.sosfiltfilt: 3 × (2 × sections + 1), less trivial first-order terms. */
export function defaultPadLength(sos: Sos): number {
  const zeroB2 = sos.filter((s) => s[2] === 0).length;
  const zeroA2 = sos.filter((s) => s[5] === 0).length;
  return 3 * (2 * sos.length + 1 - Math.min(zeroB2, zeroA2));
}

/**
 * Zero-phase forward–backward filtering (Gustafsson's initial conditions, F. Gustafsson, "Determining the
 * initial states in forward-backward filtering", IEEE Trans. Signal Process. 44 (1996) 988–992), with odd
 * extension at both ends, exactly as scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen=padLength).
 * The magnitude response is |H|², the phase is zero. Where scipy refuses a signal no longer than the padding,
 * the padding is shortened to n − 1 samples instead. The signal must be finite (see `ecgFilter` for NaN).
 */
export function sosFiltFilt(sos: Sos, x: ArrayLike<number>, padLength = defaultPadLength(sos)): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  const edge = Math.min(padLength, n - 1);
  if (!Number.isInteger(edge) || edge < 0) throw new RangeError(`pad length ${padLength} must be a non-negative integer`);
  const ext = new Float64Array(n + 2 * edge);
  const first = x[0] as number;
  const last = x[n - 1] as number;
  for (let i = 0; i < edge; i++) ext[i] = 2 * first - (x[edge - i] as number);
  for (let i = 0; i < n; i++) ext[edge + i] = x[i] as number;
  for (let i = 0; i < edge; i++) ext[edge + n + i] = 2 * last - (x[n - 2 - i] as number);
  const zi = sosInitialState(sos);
  const forwardState = zi.map((v) => v * (ext[0] as number));
  const forward = sosFilter(sos, ext, forwardState);
  forward.reverse();
  const backwardState = zi.map((v) => v * (forward[0] as number));
  const backward = sosFilter(sos, forward, backwardState);
  backward.reverse();
  return backward.slice(edge, edge + n);
}
