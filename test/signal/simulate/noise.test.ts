import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEcgNoise } from '../../../src/signal/simulate/noise';
import { createRng } from '../../../src/signal/simulate/random';
import { assertClose } from '../../helpers/assertClose';

const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

test('addEcgNoise: white and muscle noise have the requested RMS; powerline the requested amplitude', () => {
  const fs = 500;
  const white = new Float64Array(50000);
  addEcgNoise(white, fs, { whiteNoiseMv: 0.05 }, createRng(1));
  assertClose(rms(white), 0.05, { rtol: 0.02 });
  const muscle = new Float64Array(50000);
  addEcgNoise(muscle, fs, { muscleMv: 0.03 }, createRng(2));
  assertClose(rms(muscle), 0.03, { rtol: 1e-9 });
  const line = new Float64Array(5000);
  addEcgNoise(line, fs, { powerlineMv: 0.1, powerlineHz: 60 }, createRng(3));
  assertClose(Math.max(...line), 0.1, { rtol: 0.01 });
  assertClose(rms(line), 0.1 / Math.SQRT2, { rtol: 0.01 });
});

test('addEcgNoise: baseline wander stays within its peak amplitude and is slow', () => {
  const fs = 250;
  const x = new Float64Array(fs * 60);
  addEcgNoise(x, fs, { baselineWanderMv: 0.4 }, createRng(4));
  assert.ok(Math.max(...x.map(Math.abs)) <= 0.4 + 1e-12);
  let maxStep = 0;
  for (let i = 1; i < x.length; i++) maxStep = Math.max(maxStep, Math.abs((x[i] as number) - (x[i - 1] as number)));
  assert.ok(maxStep < 0.01, `baseline changes ${maxStep} mV per sample`);
});

test('addEcgNoise: no options, no change', () => {
  const x = Float64Array.from([1, 2, 3]);
  addEcgNoise(x, 100, {}, createRng(5));
  assert.deepEqual(Array.from(x), [1, 2, 3]);
});
