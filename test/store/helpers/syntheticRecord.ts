// Synthetic ECG records built in code for store and pipeline tests (no real data copied).
import { emptyRecord, type EcgRecord } from '../../../src/shared/ecgRecord';

export interface SyntheticOptions {
  name?: string;
  samplingRateHz?: number;
  durationSec?: number;
  leadNames?: string[];
  /** Seed so different records get different samples (and content hashes). */
  seed?: number;
  /** Quantise to int16 ADC units with this gain (units per mV) and give the reader-style details. */
  adcGain?: number;
  /** Put NaN at these sample indices (every lead). */
  nanAt?: number[];
}

/** A beating sine-and-spike waveform in mV, deterministic per seed. */
export function syntheticRecord(options: SyntheticOptions = {}): EcgRecord {
  const fs = options.samplingRateHz ?? 250;
  const n = Math.round((options.durationSec ?? 10) * fs);
  const seed = options.seed ?? 1;
  const names = options.leadNames ?? ['I', 'II'];
  const leads = names.map((name, li) => {
    const samples = new Float32Array(n);
    const beatPeriod = Math.round(fs * (0.8 + 0.01 * (seed % 20)));
    for (let i = 0; i < n; i++) {
      const t = i / fs;
      const phase = i % beatPeriod;
      const spike = phase < fs * 0.04 ? 1.2 * Math.sin((Math.PI * phase) / (fs * 0.04)) : 0;
      let v = 0.1 * Math.sin(2 * Math.PI * 0.3 * t + seed + li) + spike * (1 - 0.2 * li) + 0.01 * Math.sin(i * 0.7 + seed);
      if (options.adcGain !== undefined) v = Math.round(v * options.adcGain) / options.adcGain;
      samples[i] = v;
    }
    for (const k of options.nanAt ?? []) if (k < n) samples[k] = NaN;
    return {
      name,
      originalName: name,
      unit: 'mV',
      samples,
      ...(options.adcGain === undefined ? {} : { details: { adcGain: options.adcGain, baseline: 0 } }),
    };
  });
  const record = emptyRecord({ format: 'wfdb', name: options.name ?? `syn${seed}`, samplingRateHz: fs, samplesPerLead: n, leads });
  record.annotations = Array.from({ length: Math.floor(n / fs) }, (_, k) => ({ sampleIdx: k * fs, code: k % 5 === 0 ? 'V' : 'N' }));
  record.patient = { id: `P${seed % 7}`, name: `Patient ${seed % 7}`, sex: seed % 2 ? 'M' : 'F', ageYears: 30 + (seed % 50) };
  record.acquisition = { startTime: `2024-0${1 + (seed % 9)}-1${seed % 10}T10:00:00`, device: 'SynthECG 1' };
  record.metadata = { comments: [`seed ${seed}`] };
  return record;
}
