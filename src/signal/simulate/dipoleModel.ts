// The cardiac dipole as three ECGSYN-style channels driven by one limit cycle, integrated with Runge–Kutta 4.

/** One Gaussian wave of a dipole component: centre phase, peak amplitude, width (phase units). */
export interface GaussianWave {
  thetaRad: number;
  amplitudeMv: number;
  widthRad: number;
}

/** Gaussian waves of the Frank X (left), Y (feet) and Z (back) dipole components. */
export interface DipoleParameters {
  x: readonly GaussianWave[];
  y: readonly GaussianWave[];
  z: readonly GaussianWave[];
}

function waves(theta: number[], amplitude: number[], width: number[]): GaussianWave[] {
  return theta.map((t, i) => ({ thetaRad: t, amplitudeMv: amplitude[i] as number, widthRad: width[i] as number }));
}

/**
 * A normal-beat dipole (Sameni et al. 2007, IEEE TBME 54(12):2172–2185, parameters fitted to a real Frank-lead
 * VCG as published with the Open-Source ECG Toolbox): P, Q, R, S, T built from 9–11 Gaussians per axis.
 */
export const NORMAL_DIPOLE: DipoleParameters = {
  x: waves(
    [-1.09, -0.83, -0.19, -0.07, 0, 0.06, 0.22, 1.2, 1.42, 1.68, 2.9],
    [0.03, 0.08, -0.13, 0.85, 1.11, 0.75, 0.06, 0.1, 0.17, 0.39, 0.03],
    [0.0906, 0.1057, 0.0453, 0.0378, 0.0332, 0.0302, 0.0378, 0.604, 0.302, 0.1812, 0.5],
  ),
  y: waves(
    [-1.1, -0.9, -0.76, -0.11, -0.01, 0.065, 0.8, 1.58, 2.9],
    [0.035, 0.015, -0.019, 0.32, 0.51, -0.32, 0.04, 0.08, 0.014],
    [0.07, 0.07, 0.04, 0.055, 0.037, 0.0604, 0.45, 0.3, 0.5],
  ),
  z: waves(
    [-1.1, -0.93, -0.7, -0.4, -0.15, 0.095, 1.05, 1.25, 1.55, 2.8],
    [-0.03, -0.14, -0.035, 0.045, -0.4, 0.46, -0.12, -0.2, -0.35, -0.035],
    [0.03, 0.12, 0.04, 0.4, 0.045, 0.05, 0.8, 0.4, 0.2, 0.4],
  ),
};

/**
 * Heart-rate dependence of wave timing (McSharry et al. 2003, ECGSYN): widths × √(HR/60); QRS phases
 * (|θ| ≤ 0.3 rad) × √(HR/60); P and T phases × (HR/60)^¼, so QT shortens as the rate rises.
 */
export function scaleForHeartRate(params: DipoleParameters, heartRateBpm: number): DipoleParameters {
  const f = Math.sqrt(heartRateBpm / 60);
  const f2 = Math.sqrt(f);
  const scale = (list: readonly GaussianWave[]) =>
    list.map((w) => ({ ...w, widthRad: w.widthRad * f, thetaRad: w.thetaRad * (Math.abs(w.thetaRad) <= 0.3 ? f : f2) }));
  return { x: scale(params.x), y: scale(params.y), z: scale(params.z) };
}

function wrap(angle: number): number {
  return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
}

/** Closed-form value of one component at phase θ: Σ aᵢ exp(−Δθᵢ²/2bᵢ²). */
export function gaussianSum(list: readonly GaussianWave[], theta: number): number {
  let s = 0;
  for (const w of list) {
    const d = wrap(theta - w.thetaRad);
    s += w.amplitudeMv * Math.exp((-d * d) / (2 * w.widthRad * w.widthRad));
  }
  return s;
}

/** dz/dt of one component: −Σ aᵢ ω/bᵢ² Δθᵢ exp(−Δθᵢ²/2bᵢ²) (Sameni 2007 eq. 4; amplitudes in mV). */
function gaussianRate(list: readonly GaussianWave[], theta: number, omega: number): number {
  let s = 0;
  for (const w of list) {
    const d = wrap(theta - w.thetaRad);
    const b2 = w.widthRad * w.widthRad;
    s -= ((w.amplitudeMv * omega) / b2) * d * Math.exp((-d * d) / (2 * b2));
  }
  return s;
}

export interface DipoleTrajectory {
  /** Dipole components in mV at the output rate. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Times (s) at which the phase crossed the R wave (θ = 0), one per beat. */
  rTimesSec: number[];
  /** RR interval (s) used for each beat that started, in order. */
  rrSec: number[];
}

export interface IntegrateDipoleOptions {
  samplingRateHz: number;
  samples: number;
  /** Internal integration steps per output sample. */
  oversample: number;
  params: DipoleParameters;
  /** RR interval (s) to use for a beat starting at time t (s). */
  rrAt: (tSec: number) => number;
  /** Phase at t = 0 (rad); −2.6 starts in diastole, before the P wave. */
  startPhaseRad?: number;
}

/**
 * Integrates the McSharry et al. (2003, IEEE TBME 50(3):289–294) trajectory model with classical RK4:
 * (x, y) follow the limit cycle ẋ = αx − ωy, ẏ = αy + ωx with α = 1 − √(x²+y²), and each dipole component
 * follows ż = −Σ aᵢω/bᵢ² Δθᵢ exp(−Δθᵢ²/2bᵢ²) (the Sameni 2007 form, whose solution keeps aᵢ in mV).
 * ω = 2π/RR is updated at each R wave (θ crossing 0), so every R–R interval equals its RR value.
 * The output keeps every `oversample`-th step: the ODE solution is sampled, not filtered.
 */
export function integrateDipole(opts: IntegrateDipoleOptions): DipoleTrajectory {
  const { samples, oversample, params } = opts;
  const h = 1 / (opts.samplingRateHz * oversample);
  const theta0 = opts.startPhaseRad ?? -2.6;
  const s = new Float64Array([Math.cos(theta0), Math.sin(theta0), 0, 0, 0]);
  s[2] = gaussianSum(params.x, theta0);
  s[3] = gaussianSum(params.y, theta0);
  s[4] = gaussianSum(params.z, theta0);
  let rr = opts.rrAt(0);
  const rrSec = [rr];
  let omega = (2 * Math.PI) / rr;
  const deriv = (st: Float64Array, out: Float64Array) => {
    const x = st[0] as number;
    const y = st[1] as number;
    const alpha = 1 - Math.sqrt(x * x + y * y);
    const theta = Math.atan2(y, x);
    out[0] = alpha * x - omega * y;
    out[1] = alpha * y + omega * x;
    out[2] = gaussianRate(params.x, theta, omega);
    out[3] = gaussianRate(params.y, theta, omega);
    out[4] = gaussianRate(params.z, theta, omega);
  };
  const k1 = new Float64Array(5);
  const k2 = new Float64Array(5);
  const k3 = new Float64Array(5);
  const k4 = new Float64Array(5);
  const tmp = new Float64Array(5);
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  const z = new Float64Array(samples);
  const rTimesSec: number[] = [];
  const steps = (samples - 1) * oversample;
  for (let i = 0; ; i++) {
    if (i % oversample === 0) {
      const j = i / oversample;
      x[j] = s[2] as number;
      y[j] = s[3] as number;
      z[j] = s[4] as number;
    }
    if (i >= steps) break;
    const thetaBefore = Math.atan2(s[1] as number, s[0] as number);
    deriv(s, k1);
    for (let c = 0; c < 5; c++) tmp[c] = (s[c] as number) + 0.5 * h * (k1[c] as number);
    deriv(tmp, k2);
    for (let c = 0; c < 5; c++) tmp[c] = (s[c] as number) + 0.5 * h * (k2[c] as number);
    deriv(tmp, k3);
    for (let c = 0; c < 5; c++) tmp[c] = (s[c] as number) + h * (k3[c] as number);
    deriv(tmp, k4);
    for (let c = 0; c < 5; c++) {
      s[c] = (s[c] as number) + (h / 6) * ((k1[c] as number) + 2 * (k2[c] as number) + 2 * (k3[c] as number) + (k4[c] as number));
    }
    const thetaAfter = Math.atan2(s[1] as number, s[0] as number);
    if (thetaBefore < 0 && thetaAfter >= 0 && thetaBefore > -Math.PI / 2) {
      const tCross = (i + -thetaBefore / (thetaAfter - thetaBefore)) * h;
      rTimesSec.push(tCross);
      rr = opts.rrAt(tCross);
      rrSec.push(rr);
      omega = (2 * Math.PI) / rr;
    }
  }
  return { x, y, z, rTimesSec, rrSec };
}
