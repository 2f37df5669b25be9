import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRecord } from '../../../src/shared/ecgRecord';
import { reportMeasurements, voltageWindow } from '../../../src/pipeline/report/reportMeasurements';
import { simulatedRecord } from './fixtures';

test('reportMeasurements: simulated 72 bpm 12-lead gives HR ≈ 72, intervals, QTc, axes and 12 quality scores', () => {
  const m = reportMeasurements(simulatedRecord(), 0, 10);
  assert.ok(Math.abs((m.hrBpm as number) - 72) < 1.5, `HR ${m.hrBpm}`);
  for (const v of [m.prMs, m.qrsMs, m.qtMs, m.qtcMs.bazett, m.axesDeg.qrs]) assert.equal(typeof v, 'number');
  assert.ok((m.qrsMs as number) > 60 && (m.qrsMs as number) < 120);
  assert.equal(m.quality.length, 12);
  assert.equal(m.detectionLead, 'II');
  assert.equal(m.windowDurationSec, 10);
});

test('reportMeasurements: the window is clipped to the record; a record without voltage leads gives reasons, not numbers', () => {
  const rec = simulatedRecord();
  const late = voltageWindow(rec, 8, 10);
  assert.equal(late[0]!.samplesMv.length, 1000);
  const none = emptyRecord({
    format: 'simulated',
    name: 'bp',
    samplingRateHz: 100,
    samplesPerLead: 10,
    leads: [{ name: 'ABP', originalName: 'ABP', unit: 'mmHg', samples: new Float32Array(10) }],
  });
  const m = reportMeasurements(none, 0, 10);
  assert.equal(m.hrBpm, null);
  assert.equal(m.reasons['hrBpm'], 'the record has no ECG (voltage) lead');
  assert.deepEqual(m.quality, []);
});

test('reportMeasurements: a record the detectors refuse (sampled at 10 Hz) gives the reason for every figure, not an error', () => {
  const slow = emptyRecord({
    format: 'simulated',
    name: 'slow',
    samplingRateHz: 10,
    samplesPerLead: 100,
    leads: [
      {
        name: 'II',
        originalName: 'II',
        unit: 'mV',
        samples: Float32Array.from({ length: 100 }, (_, i) => Math.sin(i)),
      },
    ],
  });
  const m = reportMeasurements(slow, 0, 10);
  assert.equal(m.hrBpm, null);
  assert.match(m.reasons['hrBpm'] ?? '', /50 Hz/);
});
