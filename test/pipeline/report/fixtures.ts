// Records and analysis inputs for the report tests, made by ECG Studio's own simulator (no real data).
import { ecgSimulate } from '../../../src/signal/ecgSimulate';
import type { EcgRecord } from '../../../src/shared/ecgRecord';
import type { ReportDiagnoses, ReportReview } from '../../../src/pipeline/report/reportInput';

let cached: EcgRecord | undefined;

/** A 10-s, 500 Hz, 72 bpm simulated 12-lead record with patient and acquisition data (a fresh shallow copy each call). */
export function simulatedRecord(): EcgRecord {
  cached ??= ecgSimulate({ samplingRateHz: 500, heartRateBpm: 72, seed: 3 });
  return {
    ...cached,
    name: 'sim72',
    patient: { name: 'Doe^Jane', id: 'P-123', sex: 'F', ageYears: 54, birthDate: '1971-03-02' },
    acquisition: { startTime: '2024-05-06T10:11:12', device: 'Sim', manufacturer: 'ECG Studio' },
  };
}

export const DIAGNOSES: ReportDiagnoses = {
  model: { name: 'ecg-multitask', version: '1.0.0' },
  classes: [
    { code: 'MI', label: 'Myocardial infarction', probability: 0.06 },
    { code: 'NORM', label: 'Normal ECG', probability: 0.91 },
    { code: 'STTC', label: 'ST/T change', probability: 0.04 },
  ],
};

export const REVIEW: ReportReview = {
  status: 'confirmed',
  reviewer: 'Dr. A. Example',
  labels: ['NORM'],
  reviewedAt: '2026-11-27T10:00:00Z',
};

/** Deterministic UUIDs for golden comparisons. */
export function counterUuid(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}
