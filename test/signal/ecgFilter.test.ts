import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgFilter, ecgFilterSos, finiteParts } from '../../src/signal/ecgFilter';
import { sosMagnitude } from '../../src/signal/filters';
import { assertClose } from '../helpers/assertClose';

const sine = (n: number, fs: number, hz: number, amp = 1) => Float64Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / fs));

function rms(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / (to - from));
}

test('ecgFilterSos: diagnostic preset is 0.05–150 Hz (−3 dB per edge before the forward–backward pass)', () => {
  const sos = ecgFilterSos(500, { preset: 'diagnostic' });
  const [lo, mid, hi] = sosMagnitude(sos, [0.05, 10, 150], 500) as unknown as [number, number, number];
  assertClose(lo, Math.SQRT1_2, { atol: 1e-3 });
  assertClose(mid, 1, { atol: 1e-3 });
  assertClose(hi, Math.SQRT1_2, { atol: 1e-3 });
});

test('ecgFilterSos: the 150 Hz edge is clamped below Nyquist at 250 Hz sampling', () => {
  const sos = ecgFilterSos(250, { preset: 'diagnostic' });
  assert.ok(sos.length >= 2);
  const [at100] = sosMagnitude(sos, [100], 250) as unknown as [number];
  assert.ok(at100 > 0.5, 'pass band kept up to 0.45·fs');
});

test('ecgFilter: monitoring preset removes 0.1 Hz wander and keeps 10 Hz', () => {
  const fs = 250;
  const n = 20 * fs;
  const x = sine(n, fs, 0.1, 1).map((v, i) => v + Math.sin((2 * Math.PI * 10 * i) / fs) * 0.5);
  const y = ecgFilter(x, fs, { preset: 'monitoring' });
  const resid = y.map((v, i) => v - 0.5 * Math.sin((2 * Math.PI * 10 * i) / fs));
  assert.ok(rms(resid, 2 * fs, n - 2 * fs) < 0.03, `wander left: ${rms(resid, 2 * fs, n - 2 * fs)}`);
});

test('ecgFilter: a 50 Hz notch removes mains and passes 10 Hz', () => {
  const fs = 500;
  const n = 10 * fs;
  const x = sine(n, fs, 50, 0.3);
  const y = ecgFilter(x, fs, { notchHz: 50 });
  assert.ok(rms(y, fs, n - fs) < 0.01);
  const z = ecgFilter(sine(n, fs, 10, 1), fs, { notchHz: 50 });
  assertClose(rms(z, fs, n - fs), Math.SQRT1_2, { atol: 0.01 });
});

test('ecgFilter: NaN samples stay NaN and do not spread; long gaps split the signal', () => {
  const fs = 250;
  const x = Float64Array.from(sine(10 * fs, fs, 5, 1));
  for (let i = 1000; i < 1010; i++) x[i] = NaN;
  for (let i = 1500; i < 1900; i++) x[i] = NaN;
  const y = ecgFilter(x, fs, { preset: 'monitoring' });
  for (let i = 0; i < y.length; i++) assert.equal(Number.isNaN(y[i]), Number.isNaN(x[i]), `sample ${i}`);
  assert.ok(Math.abs((y[1020] as number) - (x[1020] as number)) < 0.1);
  assert.deepEqual(finiteParts(x, fs), [[0, 1500], [1900, 2500]]);
});

test('ecgFilter: no filtering asked gives a copy; all-NaN input gives all NaN', () => {
  assert.deepEqual(Array.from(ecgFilter([1, 2, 3], 100, {})), [1, 2, 3]);
  assert.ok(ecgFilter([NaN, NaN], 100, { preset: 'monitoring' }).every(Number.isNaN));
});
