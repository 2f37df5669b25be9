import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dwaWeighting } from '../../../src/model/weighting/dwa';
import { assertClose } from '../../helpers/assertClose';

test('dwaWeighting: weights 1 for two epochs, then K·softmax(r/T) of the loss ratios (hand computed)', () => {
  const w = dwaWeighting(2, 2);
  w.afterEpoch([1.0, 2.0], 0);
  assert.deepEqual(w.weights(), [1, 1]);
  w.afterEpoch([0.5, 1.8], 1);
  // r = [0.5, 0.9]; exp(r/2) = [1.28403, 1.56831]; weights = 2·e/Σe.
  const e = [Math.exp(0.25), Math.exp(0.45)];
  const s = e[0]! + e[1]!;
  assertClose(w.weights()[0]!, (2 * e[0]!) / s, { atol: 1e-12 });
  assertClose(w.weights()[1]!, (2 * e[1]!) / s, { atol: 1e-12 });
  assert.ok(w.weights()[1]! > w.weights()[0]!, 'the slower-falling task gets more weight');
  const copy = dwaWeighting(2, 2);
  copy.loadState(w.saveState());
  copy.afterEpoch([0.4, 1.7], 2);
  w.afterEpoch([0.4, 1.7], 2);
  assert.deepEqual(copy.weights(), w.weights());
});
