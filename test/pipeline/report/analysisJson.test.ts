import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisExport, AnalysisExportSchema } from '../../../src/pipeline/report/analysisJson';
import { reportMeasurements } from '../../../src/pipeline/report/reportMeasurements';
import { DIAGNOSES, REVIEW, simulatedRecord } from './fixtures';

const record = simulatedRecord();
const measurements = reportMeasurements(record, 0, 10);
const args = {
  record,
  measurements,
  traces: { variant: 'original' } as const,
  appVersion: '0.1.0',
  generatedAt: '2026-11-28T06:00:00.000Z',
};

test('analysisExport: parses back with its schema through JSON, keeps measurements, diagnoses, review and licence', () => {
  const out = analysisExport({ ...args, diagnoses: DIAGNOSES, review: REVIEW, anonymize: true });
  const back = AnalysisExportSchema.parse(JSON.parse(JSON.stringify(out)));
  assert.equal(back.generator, 'ECG Studio 0.1.0');
  assert.equal(back.measurements.hrBpm, measurements.hrBpm);
  assert.deepEqual(back.classification, DIAGNOSES);
  assert.equal(back.review?.reviewer, 'Dr. A. Example');
  assert.equal(back.modelDataLicence?.dataset, 'PTB-XL');
  assert.deepEqual(back.record.leads, [
    'I',
    'II',
    'III',
    'aVR',
    'aVL',
    'aVF',
    'V1',
    'V2',
    'V3',
    'V4',
    'V5',
    'V6',
  ]);
});

test('analysisExport: anonymised leaves out id, name, birth date and acquisition time; denoised traces name their method', () => {
  const anon = analysisExport({
    ...args,
    anonymize: true,
    traces: { variant: 'denoised', method: 'filter' },
  });
  assert.deepEqual(anon.record.patient, { anonymised: true, sex: 'F', ageYears: 54 });
  assert.equal(anon.record.acquisitionTime, null);
  assert.deepEqual(anon.traces, { variant: 'denoised', method: 'filter' });
  assert.equal(anon.classification, null);
  assert.equal(anon.modelDataLicence, null);
  const named = analysisExport({ ...args, anonymize: false });
  assert.equal(named.record.patient.name, 'Doe^Jane');
  assert.equal(named.record.acquisitionTime, '2024-05-06T10:11:12');
});
