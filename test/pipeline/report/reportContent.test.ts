import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diagnosisLines,
  measurementLines,
  recordLines,
  reportText,
  reviewLines,
  traceLine,
} from '../../../src/pipeline/report/reportContent';
import { reportMeasurements } from '../../../src/pipeline/report/reportMeasurements';
import { DIAGNOSES, simulatedRecord } from './fixtures';

const record = simulatedRecord();

test('recordLines: names, id, birth date and acquisition time only when not anonymised', () => {
  const named = recordLines(record, false).join('\n');
  for (const s of [
    'Doe^Jane',
    'P-123',
    'born 1971-03-02',
    'sex female, age 54 y',
    'Acquired: 2024-05-06T10:11:12',
    'Device: ECG Studio Sim',
    '12 leads, 500 Hz, 10.0 s',
  ])
    assert.ok(named.includes(s), s);
  const anon = recordLines(record, true).join('\n');
  assert.ok(anon.startsWith('Patient: anonymised (sex female, age 54 y)'));
  for (const s of ['Doe', 'P-123', '1971', '2024-05-06']) assert.ok(!anon.includes(s), s);
});

test('measurementLines: figures with units, dashes and the first reason for missing ones', () => {
  const m = reportMeasurements(record, 0, 10);
  const lines = measurementLines(m);
  assert.match(lines[0]!, /^Heart rate: 7\d bpm$/);
  assert.match(lines[2]!, /QTc: \d+ ms \(Bazett\)/);
  const missing = measurementLines({
    ...m,
    prMs: null,
    reasons: { prMs: 'no P wave found', 'axesDeg.p': 'no P wave found' },
  });
  assert.ok(missing.some((l) => l.startsWith('PR: -')));
  assert.equal(missing.at(-1), 'Not measured: prMs: no P wave found (+1 more)');
});

test('diagnosisLines: model name and version, most probable first, ≥ 0.5 marked', () => {
  assert.deepEqual(diagnosisLines(DIAGNOSES), [
    'Model: ecg-multitask 1.0.0 (advisory)',
    '• Normal ECG (NORM): 91 %',
    '   Myocardial infarction (MI): 6 %',
    '   ST/T change (STTC): 4 %',
  ]);
  assert.deepEqual(diagnosisLines(null), ['Model diagnoses: no analysis supplied']);
});

test('reviewLines, traceLine and the footer', () => {
  assert.deepEqual(reviewLines(null), ['Review: not reviewed']);
  assert.deepEqual(
    reviewLines({
      status: 'edited',
      reviewer: 'Dr. B',
      labels: ['MI', 'STTC'],
      reviewedAt: '2026-11-27T10:00:00Z',
    }),
    ['Review: edited by Dr. B on 2026-11-27', 'Reviewed labels: MI, STTC'],
  );
  assert.equal(traceLine({ variant: 'original' }), 'Traces: original (as recorded)');
  assert.equal(traceLine({ variant: 'denoised', method: 'model x' }), 'Traces: denoised (model x)');
  const m = reportMeasurements(record, 0, 10);
  const t = reportText({
    record,
    measurements: m,
    traces: { variant: 'original' },
    anonymize: true,
    appVersion: '0.1.0',
    generatedAt: '2026-11-28T06:00:00.000Z',
  });
  assert.equal(
    t.footer,
    'ECG Studio 0.1.0, printed 2026-11-28 06:00 UTC. Model outputs are advisory, not a diagnosis.',
  );
  assert.equal(t.attribution, null);
  const withModel = reportText({
    record,
    measurements: m,
    diagnoses: DIAGNOSES,
    traces: { variant: 'original' },
    anonymize: true,
    appVersion: '0.1.0',
    generatedAt: '2026-11-28T06:00:00.000Z',
  });
  assert.match(withModel.attribution ?? '', /PTB-XL \(CC BY 4\.0\).*Sci Data 7:154/);
});
