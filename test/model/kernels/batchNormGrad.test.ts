import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { stockBatchNormGradient } from '../../../src/model/kernels/batchNormGrad';
import { testFloats, useWasmBackend } from '../tfTestBackend';

const shape: [number, number, number] = [3, 20, 4];

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i] as number));
    err = Math.max(err, Math.abs((a[i] as number) - (b[i] as number)));
  }
  return err / Math.max(scale, 1e-12);
}

test('batchNormGrad: gradients for x, mean, variance, scale, offset match the stock tfjs gradient on cpu', async (t) => {
  await useWasmBackend();
  const x = testFloats(3 * 20 * 4, 1);
  const mean = testFloats(4, 2);
  const variance = testFloats(4, 3).map((v) => 0.5 + Math.abs(v));
  const scale = testFloats(4, 4);
  const offset = testFloats(4, 5);
  const dy = testFloats(3 * 20 * 4, 6);
  const before = tf.memory().numTensors;
  const inputs = [tf.tensor3d(x, shape), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(scale), tf.tensor1d(offset)];
  const dyT = tf.tensor3d(dy, shape);
  const grads = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
    tf.sum(tf.mul(tf.batchNorm(a, m, v, o, s, 1e-3), dyT)),
  )(inputs);
  const ours = grads.map((g) => g.dataSync().slice());
  tf.dispose([...inputs, dyT, ...grads]);
  assert.equal(tf.memory().numTensors, before);

  await tf.setBackend('cpu');
  const x4 = tf.tensor4d(x, [1, ...shape]);
  const saved = [x4, tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(scale)];
  const stock = stockBatchNormGradient().gradFunc(tf.tensor4d(dy, [1, ...shape]), saved, { varianceEpsilon: 1e-3 }) as Record<string, () => tf.Tensor>;
  const reference = ['x', 'mean', 'variance', 'scale', 'offset'].map((k) => stock[k]!().dataSync().slice());
  await useWasmBackend();
  const errors = ours.map((g, i) => maxRelError(g, reference[i]!));
  t.diagnostic(`max relative errors x, mean, variance, scale, offset: ${errors.map((e) => e.toExponential(1)).join(', ')}`);
  for (const e of errors) assert.ok(e < 1e-5, `error ${e}`);
});
