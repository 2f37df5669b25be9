import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { classificationLoss, positiveWeights, recoveryLoss } from '../../../src/model/train/losses';
import { assertClose } from '../../helpers/assertClose';
import { useWasmBackend } from '../tfTestBackend';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const logits = [2, -1, 0.5, -3];
const targets = [1, 0, 0, 1];

test('classificationLoss: BCE with pos_weight [3, 1] equals the hand formula −(pw·y·log p + (1−y)·log(1−p))', async () => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const pw = [3, 1];
  let expected = 0;
  logits.forEach((z, i) => {
    const y = targets[i]!;
    expected += -((pw[i % 2]! * y * Math.log(sig(z))) + (1 - y) * Math.log(1 - sig(z)));
  });
  const got = tf.tidy(() =>
    classificationLoss(tf.tensor2d(logits, [2, 2]), tf.tensor2d(targets, [2, 2]), { kind: 'bce', posWeight: pw }).dataSync()[0] as number,
  );
  assertClose(got, expected / 4, { rtol: 1e-5 });
  const plain = tf.tidy(() => classificationLoss(tf.tensor2d(logits, [2, 2]), tf.tensor2d(targets, [2, 2]), { kind: 'bce' }).dataSync()[0] as number);
  const plainExpected = logits.reduce((a, z, i) => a - (targets[i]! * Math.log(sig(z)) + (1 - targets[i]!) * Math.log(1 - sig(z))), 0) / 4;
  assertClose(plain, plainExpected, { rtol: 1e-5 });
  assert.equal(tf.memory().numTensors, before);
});

test('classificationLoss: focal loss (γ = 2, α = 0.25) equals −α_t(1 − p_t)^γ log p_t; γ = 0, α = 0.5 is BCE/2', async () => {
  await useWasmBackend();
  const expected =
    logits.reduce((a, z, i) => {
      const p = sig(z);
      const y = targets[i]!;
      const pt = y ? p : 1 - p;
      const at = y ? 0.25 : 0.75;
      return a - at * (1 - pt) ** 2 * Math.log(pt);
    }, 0) / 4;
  const got = tf.tidy(() => classificationLoss(tf.tensor1d(logits), tf.tensor1d(targets), { kind: 'focal', gamma: 2, alpha: 0.25 }).dataSync()[0] as number);
  assertClose(got, expected, { rtol: 1e-5 });
  const bce = tf.tidy(() => classificationLoss(tf.tensor1d(logits), tf.tensor1d(targets), { kind: 'bce' }).dataSync()[0] as number);
  const f0 = tf.tidy(() => classificationLoss(tf.tensor1d(logits), tf.tensor1d(targets), { kind: 'focal', gamma: 0, alpha: 0.5 }).dataSync()[0] as number);
  assertClose(f0, bce / 2, { rtol: 1e-5 });
});

test('recoveryLoss: mean squared error; positiveWeights = negatives / positives', async () => {
  await useWasmBackend();
  const v = tf.tidy(() => recoveryLoss(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 0])).dataSync()[0] as number);
  assertClose(v, 13 / 3, { rtol: 1e-6 });
  assert.deepEqual(positiveWeights([10, 50, 0], 100), [9, 1, 1]);
});

test("recoveryLoss 'log-mse': the mean over windows of 10·log10(window MSE + 1e-6), i.e. −SNR_out up to a constant", async () => {
  await useWasmBackend();
  // Two windows of 2 samples × 1 lead: errors (0.1, 0.3) and (0.01, 0.01).
  const clean = tf.tensor3d([1, -1, 0.5, 0.5], [2, 2, 1]);
  const pred = tf.tensor3d([1.1, -1.3, 0.51, 0.49], [2, 2, 1]);
  const mse = [(0.01 + 0.09) / 2, (0.0001 + 0.0001) / 2];
  const expected = (10 * Math.log10(mse[0]! + 1e-6) + 10 * Math.log10(mse[1]! + 1e-6)) / 2;
  const got = recoveryLoss(pred, clean, 'log-mse');
  assertClose(got.dataSync()[0]!, expected, { atol: 1e-4 }, 'log-mse');
  // The window with the smaller error pulls as hard as the other: d/dpred of 10·log10(MSE) scales with 1/MSE.
  const g = tf.grad((p: tf.Tensor) => recoveryLoss(p, clean, 'log-mse'))(pred);
  const gv = Array.from(g.dataSync());
  assert.ok(Math.abs(gv[2]!) > Math.abs(gv[1]!), `gradients ${gv}`);
  tf.dispose([clean, pred, got, g]);
});
