import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradDot, gradLinearCombination, gradNorm } from '../../../src/model/weighting/gradOps';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { useWasmBackend } from '../tfTestBackend';

test('gradOps: dot and norm over all or named variables; linear combination over the union of keys', async () => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const a = { w: tf.tensor1d([1, 2]), b: tf.tensor1d([3]) };
  const c = { w: tf.tensor1d([4, -1]) };
  assertClose(gradDot(a, c), 2, { atol: 1e-6 });
  assertClose(gradNorm(a), Math.sqrt(14), { atol: 1e-6 });
  assertClose(gradNorm(a, ['w']), Math.sqrt(5), { atol: 1e-6 });
  const sum = gradLinearCombination([a, c], [2, 0.5]);
  assertAllClose(sum['w']!.dataSync(), [4, 3.5], { atol: 1e-6 });
  assertAllClose(sum['b']!.dataSync(), [6], { atol: 1e-6 });
  const zero = gradLinearCombination([a], [0]);
  assertAllClose(zero['w']!.dataSync(), [0, 0]);
  tf.dispose([a.w, a.b, c.w, ...Object.values(sum), ...Object.values(zero)]);
  assert.equal(tf.memory().numTensors, before);
});
