import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFrontEnd } from '../../src/pipeline/modelFrontEnd';
import { ecgFilter } from '../../src/signal/ecgFilter';
import { assertAllClose } from '../helpers/assertClose';

test('applyFrontEnd: each lead of each window is band-passed like ecgFilter; absent leads stay zero; input kept', () => {
  const length = 400;
  const leads = 3;
  const count = 2;
  const x = new Float32Array(count * length * leads);
  for (let w = 0; w < count; w++) {
    for (let t = 0; t < length; t++) {
      x[(w * length + t) * leads + 0] = Math.sin((2 * Math.PI * 5 * t) / 100) + 0.5 + 0.01 * t * (w + 1);
      x[(w * length + t) * leads + 1] = Math.cos((2 * Math.PI * 45 * t) / 100);
    }
  }
  const before = x.slice();
  const out = applyFrontEnd(x, count, leads, 100, { highPassHz: 0.5, lowPassHz: 40 });
  assert.deepEqual(x, before, 'the raw windows are not modified');
  for (let w = 0; w < count; w++) {
    for (const c of [0, 1]) {
      const lead = Float32Array.from({ length }, (_, t) => x[(w * length + t) * leads + c] as number);
      const want = ecgFilter(lead, 100, { highPassHz: 0.5, lowPassHz: 40, notchHz: null });
      const got = Float32Array.from({ length }, (_, t) => out[(w * length + t) * leads + c] as number);
      assertAllClose(got, want, { atol: 1e-6 }, `window ${w} lead ${c}`);
    }
    for (let t = 0; t < length; t++) assert.equal(out[(w * length + t) * leads + 2], 0);
  }
  // 5 Hz passes, the ramp and offset go, 45 Hz is attenuated.
  const mid = (c: number) => Float32Array.from({ length: 200 }, (_, t) => out[(100 + t) * leads + c] as number);
  const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  assert.ok(Math.abs(rms(mid(0)) - Math.SQRT1_2) < 0.05, `5 Hz rms ${rms(mid(0))}`);
  assert.ok(rms(mid(1)) < 0.5, `45 Hz rms ${rms(mid(1))}`);
});

test('applyFrontEnd: no pre-filter returns the same array', () => {
  const x = new Float32Array(12);
  assert.equal(applyFrontEnd(x, 1, 2, 100, undefined), x);
  assert.equal(applyFrontEnd(x, 1, 2, 100, {}), x);
});
