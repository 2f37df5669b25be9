import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rrProcess } from '../../../src/signal/simulate/rrProcess';
import { createRng } from '../../../src/signal/simulate/random';
import { assertClose } from '../../helpers/assertClose';

function bandPowers(x: Float64Array, fs: number): { lf: number; hf: number } {
  const n = x.length;
  const m = x.reduce((s, v) => s + v, 0) / n;
  let lf = 0;
  let hf = 0;
  for (let j = 1; j < n / 2; j++) {
    const f = (j * fs) / n;
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += ((x[i] as number) - m) * Math.cos((2 * Math.PI * j * i) / n);
      im -= ((x[i] as number) - m) * Math.sin((2 * Math.PI * j * i) / n);
    }
    if (f >= 0.04 && f < 0.15) lf += re * re + im * im;
    else if (f >= 0.15 && f < 0.4) hf += re * re + im * im;
  }
  return { lf, hf };
}

test('rrProcess: mean 60/HR, standard deviation 60·hrStd/HR², power-of-two length', () => {
  const rr = rrProcess({ heartRateBpm: 75, hrStdBpm: 2, lfHfRatio: 0.5, count: 300 }, createRng(3));
  assert.equal(rr.length, 512);
  const mean = rr.reduce((s, v) => s + v, 0) / rr.length;
  const std = Math.sqrt(rr.reduce((s, v) => s + (v - mean) ** 2, 0) / (rr.length - 1));
  assertClose(mean, 0.8, { atol: 1e-12 });
  assertClose(std, (60 * 2) / 75 ** 2, { rtol: 1e-9 });
});

test('rrProcess: LF/HF band power ratio equals the requested ratio', () => {
  for (const ratio of [0.5, 1, 3]) {
    const rr = rrProcess({ heartRateBpm: 60, hrStdBpm: 1, lfHfRatio: ratio, count: 1024 }, createRng(11));
    const { lf, hf } = bandPowers(rr, 1);
    assertClose(lf / hf, ratio, { rtol: 0.05 }, `ratio ${ratio}`);
  }
});

test('rrProcess: zero HR standard deviation gives a constant series', () => {
  const rr = rrProcess({ heartRateBpm: 90, hrStdBpm: 0, lfHfRatio: 0.5, count: 16 }, createRng(1));
  assert.ok(rr.every((v) => Math.abs(v - 60 / 90) < 1e-12));
});
