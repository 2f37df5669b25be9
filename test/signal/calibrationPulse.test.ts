import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCalibrationPulses, maskCalibrationPulses } from '../../src/signal/calibrationPulse';
import { syntheticEcg } from './syntheticEcg';

test('findCalibrationPulses: a 1 mV, 200 ms square pulse after the ECG is found; the ECG itself is not', () => {
  const { leads } = syntheticEcg({ samplingRateHz: 500, durationSec: 10, hrBpm: 70 });
  const ecg = leads[1]!.samplesMv;
  assert.deepEqual(findCalibrationPulses(ecg, 500), []);
  const x = new Float32Array(ecg.length + 400);
  x.set(ecg);
  x.fill(1, ecg.length + 100, ecg.length + 200);
  assert.deepEqual(findCalibrationPulses(x, 500), [[ecg.length + 100, ecg.length + 200]]);
  const masked = maskCalibrationPulses(x, 500);
  assert.ok(Number.isNaN(masked[ecg.length + 150] as number));
  assert.equal(masked[10], x[10]);
});

test('findCalibrationPulses: a flat line without steps is not a pulse', () => {
  assert.deepEqual(findCalibrationPulses(new Float32Array(1000).fill(0.5), 500), []);
});
