import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputSpecProblems, type InputSpec } from '../../../src/model/package/manifest';

const spec: InputSpec = { samplingRateHz: 100, leads: ['I', 'II', 'V1'], lengthSamples: 1000, units: 'mV', normalisation: { method: 'none' } };

test('inputSpecProblems: an exact match, and lead names in other spellings, are accepted', () => {
  assert.deepEqual(inputSpecProblems(spec, { samplingRateHz: 100, leads: ['lead I', 'II', 'v1'], lengthSamples: 1000 }), []);
});

test('inputSpecProblems: missing leads, another rate without resampling, another length without windowing', () => {
  const p = inputSpecProblems(spec, { samplingRateHz: 500, leads: ['I'], lengthSamples: 4000 });
  assert.deepEqual(p, [
    'it needs leads II, V1, which the input lacks',
    'it needs 100 Hz input, the input is 500 Hz and resampling is off',
    'it needs 10 s (1000 samples at 100 Hz), the input has 8 s',
  ]);
});

test('inputSpecProblems: resampling and windowing accept other rates and lengths, but not under half a window', () => {
  assert.deepEqual(inputSpecProblems(spec, { samplingRateHz: 500, leads: spec.leads, lengthSamples: 20000, canResample: true, canWindow: true }), []);
  assert.equal(inputSpecProblems(spec, { samplingRateHz: 500, leads: spec.leads, lengthSamples: 2000, canResample: true, canWindow: true }).length, 1);
});
