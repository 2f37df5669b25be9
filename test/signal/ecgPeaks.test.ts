import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgPeaks, ECG_PEAKS_METHODS } from '../../src/signal/ecgPeaks';
import { qrsDetectionScore } from '../../src/signal/qrsDetectionScore';
import { syntheticEcg } from './syntheticEcg';
import { ecgSimulate } from '../../src/signal/ecgSimulate';

for (const method of ECG_PEAKS_METHODS) {
  for (const [fs, hr] of [
    [250, 60],
    [360, 75],
    [500, 110],
    [1000, 45],
  ] as const) {
    test(`ecgPeaks: ${method} finds every beat of a noisy synthetic ECG at ${fs} Hz, ${hr} bpm, within 10 ms`, () => {
      const { leads, rPeaks } = syntheticEcg({ samplingRateHz: fs, durationSec: 30, hrBpm: hr, noiseMv: 0.05 });
      const found = ecgPeaks(leads[1]!.samplesMv, fs, { method });
      assert.equal(found.method, method);
      const s = qrsDetectionScore(rPeaks, found.rPeakSampleIdx, fs, { matchWindowSec: 0.01 });
      assert.deepEqual([s.falseNegatives, s.falsePositives], [0, 0]);
    });
  }
}

test('ecgPeaks: inverted QRS complexes (aVR) are found too', () => {
  const { leads, rPeaks } = syntheticEcg({ samplingRateHz: 500, durationSec: 20, hrBpm: 70 });
  const aVR = leads.find((l) => l.name === 'aVR')!;
  const s = qrsDetectionScore(rPeaks, ecgPeaks(aVR.samplesMv, 500).rPeakSampleIdx, 500, { matchWindowSec: 0.02 });
  assert.deepEqual([s.falseNegatives, s.falsePositives], [0, 0]);
});

test('ecgPeaks: a flat line has no beats and a NaN gap has no detections inside it', () => {
  assert.deepEqual(ecgPeaks(new Float32Array(5000), 500).rPeakSampleIdx, []);
  const { leads, rPeaks } = syntheticEcg({ samplingRateHz: 500, durationSec: 30, hrBpm: 60 });
  const x = Float32Array.from(leads[1]!.samplesMv);
  for (let i = 5000; i < 7500; i++) x[i] = NaN;
  const found = ecgPeaks(x, 500).rPeakSampleIdx;
  assert.ok(found.every((p) => p < 5000 || p >= 7500));
  const outside = rPeaks.filter((p) => p < 4900 || p > 7600);
  const s = qrsDetectionScore(outside, found, 500, { matchWindowSec: 0.02 });
  assert.equal(s.falseNegatives, 0);
});

test('ecgPeaks: rejects sampling rates too low for QRS detection and unknown methods', () => {
  assert.throws(() => ecgPeaks(new Float32Array(100), 20), RangeError);
  assert.throws(() => ecgPeaks(new Float32Array(1000), 250, { method: 'nope' as never }), RangeError);
});

test('ecgPeaks: both methods find every simulated beat (ECGSYN simulator, 60 s, HRV, noise) within 20 ms', () => {
  const record = ecgSimulate({ samplingRateHz: 360, durationSec: 60, heartRateBpm: 80, hrStdBpm: 5, noise: { whiteNoiseMv: 0.02, baselineWanderMv: 0.2, muscleMv: 0.02 } });
  const truth = record.annotations.filter((a) => a.code === 'N').map((a) => a.sampleIdx);
  const ii = record.leads.find((l) => l.name === 'II')!.samples;
  for (const method of ECG_PEAKS_METHODS) {
    const s = qrsDetectionScore(truth, ecgPeaks(ii, 360, { method }).rPeakSampleIdx, 360, { matchWindowSec: 0.02 });
    assert.deepEqual([s.falseNegatives, s.falsePositives], [0, 0], method);
  }
});
