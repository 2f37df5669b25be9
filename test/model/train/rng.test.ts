import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochSeed, SeededRandom } from '../../../src/model/train/rng';

test('SeededRandom: same seed same stream; restoring state continues the stream; values in [0, 1)', () => {
  const a = new SeededRandom(42);
  const first = [a.next(), a.next()];
  const saved = a.state;
  const rest = [a.next(), a.next()];
  assert.deepEqual([new SeededRandom(42).next(), new SeededRandom(42).next()], [first[0], first[0]]);
  const b = new SeededRandom(0);
  b.state = saved;
  assert.deepEqual([b.next(), b.next()], rest);
  const r = new SeededRandom(7);
  for (let i = 0; i < 1000; i++) {
    const v = r.next();
    assert.ok(v >= 0 && v < 1);
  }
  assert.notEqual(epochSeed(1, 0), epochSeed(1, 1));
  assert.equal(epochSeed(1, 5), epochSeed(1, 5));
});
