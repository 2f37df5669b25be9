// Synthetic 12-lead ECG: ECGSYN trajectory model with HRV, a cardiac dipole projected by Dower, optional noise.
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord } from '../shared/ecgRecord';
import { UsageError } from '../shared/errors';
import { STANDARD_LEADS, type StandardLead } from '../shared/leads';
import { integrateDipole, NORMAL_DIPOLE, scaleForHeartRate, type DipoleParameters } from './simulate/dipoleModel';
import { deriveLimbLeads, INDEPENDENT_LEADS, projectDipole } from './simulate/dower';
import { addEcgNoise, type EcgNoiseOptions } from './simulate/noise';
import { createRng } from './simulate/random';
import { rrProcess } from './simulate/rrProcess';

export type { EcgNoiseOptions } from './simulate/noise';

export interface EcgSimulateOptions {
  /** Output sampling rate (required; 50–10000 Hz). */
  samplingRateHz: number;
  /** Length of the record, s (10 unless given). */
  durationSec?: number;
  /** Mean heart rate, beats per minute (60 unless given, as in ECGSYN). */
  heartRateBpm?: number;
  /** Standard deviation of the heart rate, bpm (1 unless given, as in ECGSYN; 0 = no HRV). */
  hrStdBpm?: number;
  /** LF/HF power ratio of the RR spectrum (0.5 unless given, as in ECGSYN). */
  lfHfRatio?: number;
  /** Multiplies every wave amplitude (1 = the published dipole). */
  amplitudeScale?: number;
  noise?: EcgNoiseOptions;
  /** PRNG seed; the same options and seed give identical records (1 unless given). */
  seed?: number;
  /** Leads to return, in this order (all 12 unless given). */
  leads?: readonly StandardLead[];
  /** Minimum internal integration rate, Hz (1000 unless given); the step is a whole fraction of the output step. */
  internalRateHz?: number;
  /** Dipole waves to use instead of the normal beat. */
  dipole?: DipoleParameters;
}

/** Longest record the simulator will make, in samples per lead (about 28 h at 1 kHz). */
const MAX_SAMPLES = 1e8;

function requireRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${value}`);
}

/**
 * Simulates a 12-lead ECG in mV.
 * - Rhythm: RR process with LF/HF spectrum (McSharry, Clifford, Tarassenko & Smith 2003, "A dynamical model for
 *   generating synthetic electrocardiogram signals", IEEE TBME 50(3):289–294; ECGSYN), mean rate forced to the
 *   requested one over the record.
 * - Morphology: the ECGSYN limit-cycle trajectory integrated with RK4 at ≥ `internalRateHz`, driving three dipole
 *   components (Frank X, Y, Z) made of Gaussian waves (Sameni, Clifford, Jutten & Shamsollahi 2007,
 *   "Multichannel ECG and noise modeling", IEEE TBME 54(12):2172–2185), sampled at the output rate.
 * - Leads: I, II, V1–V6 from the dipole with Dower's matrix (the inverse of Edenbrandt & Pahlm's 1988 inverse
 *   Dower matrix), then III, aVR, aVL, aVF from I and II so Einthoven's and Goldberger's relations hold exactly.
 * - Noise (optional) is added to the eight independent leads before the limb leads are derived.
 * Annotations: one 'N' per beat at the R peak of noise-free lead II.
 */
export function ecgSimulate(options: EcgSimulateOptions): EcgRecord {
  const fs = options.samplingRateHz;
  requireRange('samplingRateHz', fs, 50, 10000);
  const durationSec = options.durationSec ?? 10;
  const heartRateBpm = options.heartRateBpm ?? 60;
  const hrStdBpm = options.hrStdBpm ?? 1;
  const lfHfRatio = options.lfHfRatio ?? 0.5;
  const amplitudeScale = options.amplitudeScale ?? 1;
  const seed = options.seed ?? 1;
  requireRange('durationSec', durationSec, 1 / fs, MAX_SAMPLES / fs);
  requireRange('heartRateBpm', heartRateBpm, 20, 250);
  requireRange('hrStdBpm', hrStdBpm, 0, heartRateBpm / 4);
  requireRange('lfHfRatio', lfHfRatio, 0, 100);
  requireRange('amplitudeScale', amplitudeScale, 0, 100);
  const wanted = options.leads ?? STANDARD_LEADS;
  for (const lead of wanted) if (!(STANDARD_LEADS as readonly string[]).includes(lead)) throw new UsageError(`unknown lead '${lead}'`);

  const rng = createRng(seed);
  const samples = Math.max(1, Math.round(durationSec * fs));
  const rrMeanSec = 60 / heartRateBpm;

  // RR series at 4 Hz covering the record (ECGSYN samples at 1 Hz and spline-interpolates; 4 Hz with linear
  // interpolation keeps the 0.25 Hz HF power within 3 %); its mean over the record is set to exactly 60/HR.
  const rrRateHz = 4;
  const rrSeries = rrProcess(
    { heartRateBpm, hrStdBpm, lfHfRatio, rateHz: rrRateHz, count: rrRateHz * (Math.ceil(durationSec) + 4 * Math.ceil(rrMeanSec) + 16) },
    rng,
  );
  const span = Math.min(rrSeries.length, rrRateHz * Math.ceil(durationSec) + 1);
  let mean = 0;
  for (let i = 0; i < span; i++) mean += rrSeries[i] as number;
  mean /= span;
  for (let i = 0; i < rrSeries.length; i++) rrSeries[i] = (rrSeries[i] as number) - mean + rrMeanSec;
  const rrAt = (t: number) => {
    const pos = t * rrRateHz;
    const i = Math.min(rrSeries.length - 2, Math.max(0, Math.floor(pos)));
    const f = Math.min(1, Math.max(0, pos - i));
    return (rrSeries[i] as number) * (1 - f) + (rrSeries[i + 1] as number) * f;
  };

  const params = scaleForHeartRate(options.dipole ?? NORMAL_DIPOLE, heartRateBpm);
  const oversample = Math.max(1, Math.ceil((options.internalRateHz ?? 1000) / fs));
  const dipole = integrateDipole({ samplingRateHz: fs, samples, oversample, params, rrAt });
  if (amplitudeScale !== 1) {
    for (const c of [dipole.x, dipole.y, dipole.z]) for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) * amplitudeScale;
  }

  const clean = new Map(INDEPENDENT_LEADS.map((name) => [name, projectDipole(name, dipole.x, dipole.y, dipole.z)] as const));
  const stored = new Map<string, Float32Array>();
  for (const name of INDEPENDENT_LEADS) {
    const values = Float64Array.from(clean.get(name) as Float64Array);
    if (options.noise !== undefined) addEcgNoise(values, fs, options.noise, rng);
    stored.set(name, Float32Array.from(values));
  }
  const derived = deriveLimbLeads(stored.get('I') as Float32Array, stored.get('II') as Float32Array);
  for (const [name, values] of Object.entries(derived)) stored.set(name, values);

  // R peaks: the θ = 0 crossing refined to the maximum of noise-free lead II within ±50 ms.
  const leadII = clean.get('II') as Float64Array;
  const half = Math.max(1, Math.round(0.05 * fs));
  const annotations: EcgAnnotation[] = [];
  for (const t of dipole.rTimesSec) {
    const centre = Math.round(t * fs);
    let best = -1;
    for (let i = Math.max(0, centre - half); i <= Math.min(samples - 1, centre + half); i++) {
      if (best < 0 || (leadII[i] as number) > (leadII[best] as number)) best = i;
    }
    if (best >= 0 && best > (annotations[annotations.length - 1]?.sampleIdx ?? -1)) annotations.push({ sampleIdx: best, code: 'N' });
  }

  const leads: EcgLead[] = wanted.map((name) => ({ name, originalName: name, unit: 'mV', samples: stored.get(name) as Float32Array }));
  const record = emptyRecord({ format: 'simulated', name: `simulated-${heartRateBpm}bpm-seed${seed}`, samplingRateHz: fs, samplesPerLead: samples, leads });
  record.annotations = annotations;
  record.acquisition = { device: 'ECG Studio simulator (ECGSYN + dipole + Dower)' };
  record.metadata['simulation'] = {
    model: 'McSharry 2003 ECGSYN trajectory + Sameni 2007 dipole + Dower projection',
    seed,
    durationSec,
    heartRateBpm,
    hrStdBpm,
    lfHfRatio,
    amplitudeScale,
    internalRateHz: fs * oversample,
    noise: options.noise ?? {},
    rrIntervalsSec: dipole.rrSec.slice(0, dipole.rTimesSec.length + 1),
  };
  return record;
}
