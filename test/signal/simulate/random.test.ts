import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/signal/simulate/random';
import { assertClose } from '../../helpers/assertClose';

test('createRng: same seed gives the same stream, another seed another', () => {
  const a = createRng(7);
  const b = createRng(7);
  const c = createRng(8);
  const sa = Array.from({ length: 20 }, () => a.uniform());
  assert.deepEqual(sa, Array.from({ length: 20 }, () => b.uniform()));
  assert.notDeepEqual(sa, Array.from({ length: 20 }, () => c.uniform()));
});

test('createRng: uniform in [0,1) with mean 1/2; normal with mean 0 and variance 1', () => {
  const rng = createRng(1);
  const n = 100000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = rng.normal();
    sn += z;
    sn2 += z * z;
  }
  assertClose(su / n, 0.5, { atol: 0.005 });
  assertClose(sn / n, 0, { atol: 0.01 });
  assertClose(sn2 / n, 1, { atol: 0.02 });
});
