import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resamplePoly, resampleFactors, resampleSignal } from '../../src/signal/resample';
import { assertAllClose, assertClose } from '../helpers/assertClose';
import { golden, goldenTestSignal } from './goldenSignal';

for (const g of golden.resample) {
  test(`resamplePoly: ${g.fromHz} → ${g.toHz} Hz matches scipy.signal.resample_poly`, () => {
    assert.deepEqual(resampleFactors(g.fromHz, g.toHz), { up: g.up, down: g.down });
    const y = resampleSignal(goldenTestSignal(g.n, g.fromHz), g.fromHz, g.toHz);
    assertAllClose(y, g.y, { atol: 1e-8 });
  });
}

test('resampleFactors: non-integer rates reduce to integers', () => {
  assert.deepEqual(resampleFactors(156.25, 250), { up: 8, down: 5 });
  assert.deepEqual(resampleFactors(500, 500), { up: 1, down: 1 });
});

test('resamplePoly: a constant stays constant away from the edges and the length is ceil(n·up/down)', () => {
  const y = resamplePoly(new Float64Array(1000).fill(3), 5, 18);
  assert.equal(y.length, Math.ceil((1000 * 5) / 18));
  for (let i = 20; i < y.length - 20; i++) assertClose(y[i] as number, 3, { atol: 1e-3 });
});

test('resamplePoly: rejects non-integer factors', () => {
  assert.throws(() => resamplePoly([1, 2, 3], 1.5, 2), RangeError);
});
