import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fixedWeighting } from '../../../src/model/weighting/fixed';
import { assertClose } from '../../helpers/assertClose';
import { useWasmBackend } from '../tfTestBackend';

test('fixedWeighting: 0.1·L_rec + 1·L_cls, schedule multipliers applied, state round trip', async () => {
  await useWasmBackend();
  const w = fixedWeighting([0.1, 1]);
  const before = tf.memory().numTensors;
  const total = tf.tidy(() => w.combineLosses([tf.scalar(2), tf.scalar(0.5)], [1, 1]).dataSync()[0] as number);
  assertClose(total, 0.7, { atol: 1e-6 });
  const off = tf.tidy(() => w.combineLosses([tf.scalar(2), tf.scalar(0.5)], [0, 1]).dataSync()[0] as number);
  assertClose(off, 0.5, { atol: 1e-6 });
  assert.equal(tf.memory().numTensors, before);
  const other = fixedWeighting([1, 1]);
  other.loadState(w.saveState());
  assert.deepEqual(other.weights(), [0.1, 1]);
  assert.equal(w.needsTaskGradients, false);
});
