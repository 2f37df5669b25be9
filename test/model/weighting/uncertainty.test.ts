import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { learnedVariances, uncertaintyWeighting } from '../../../src/model/weighting/uncertainty';
import { testFloats, useWasmBackend } from '../tfTestBackend';

test('uncertaintyWeighting: recovers the noise-variance ratio of a two-task regression (σ₁ = 0.3, σ₂ = 1.2)', async (t) => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const n = 512;
  const sigma = [0.3, 1.2];
  // Gaussian noise by Box–Muller from seeded uniforms; targets are linear in x plus that noise.
  const u = testFloats(4 * n, 5).map((v) => (v + 1) / 2 + 1e-7);
  const gauss = (i: number) => Math.sqrt(-2 * Math.log(u[2 * i] as number)) * Math.cos(2 * Math.PI * (u[2 * i + 1] as number));
  const xData = testFloats(n * 4, 9);
  const a = [0.5, -1, 2, 0.3];
  const b = [-0.7, 0.2, 1, -1.5];
  const y1 = new Float32Array(n);
  const y2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < 4; j++) {
      s1 += (xData[i * 4 + j] as number) * (a[j] as number);
      s2 += (xData[i * 4 + j] as number) * (b[j] as number);
    }
    y1[i] = s1 + (sigma[0] as number) * gauss(i);
    y2[i] = s2 + (sigma[1] as number) * gauss(n + i);
  }
  const x = tf.tensor2d(xData, [n, 4]);
  const t1 = tf.tensor2d(y1, [n, 1]);
  const t2 = tf.tensor2d(y2, [n, 1]);
  const w1 = tf.tidy(() => tf.variable(tf.zeros([4, 1])));
  const w2 = tf.tidy(() => tf.variable(tf.zeros([4, 1])));
  const weighting = uncertaintyWeighting(2);
  const opt = tf.train.adam(0.05);
  const vars = [w1, w2, ...weighting.variables()];
  const mse = [0, 0];
  for (let step = 0; step < 400; step++) {
    const { value, grads } = tf.variableGrads(() => {
      const l1 = tf.mean(tf.squaredDifference(tf.matMul(x, w1), t1)) as tf.Scalar;
      const l2 = tf.mean(tf.squaredDifference(tf.matMul(x, w2), t2)) as tf.Scalar;
      if (step === 399) {
        mse[0] = l1.dataSync()[0] as number;
        mse[1] = l2.dataSync()[0] as number;
      }
      return weighting.combineLosses([l1, l2], [1, 1]);
    }, vars);
    opt.applyGradients(grads as Record<string, tf.Variable>);
    tf.dispose([value, ...Object.values(grads)]);
  }
  const [v1, v2] = learnedVariances(weighting) as [number, number];
  const ratio = v1 / v2;
  const expected = (sigma[0]! / sigma[1]!) ** 2;
  t.diagnostic(`learned σ² ${v1.toFixed(4)}, ${v2.toFixed(4)}; ratio ${ratio.toFixed(4)} vs true ${expected}; final MSE ${mse.map((m) => m.toFixed(4))}`);
  assert.ok(Math.abs(ratio / expected - 1) < 0.15, `ratio ${ratio} vs ${expected}`);
  // exp(s_i) converges to the task's own loss (its noise variance).
  assert.ok(Math.abs(v1 / mse[0]! - 1) < 0.05 && Math.abs(v2 / mse[1]! - 1) < 0.05);
  // The reported weights are ½·exp(−s_i): the noisier task gets the smaller weight.
  const [wt1, wt2] = weighting.weights() as [number, number];
  assert.ok(wt1 > wt2);
  opt.dispose();
  tf.dispose([x, t1, t2, w1, w2, ...weighting.variables()]);
  assert.equal(tf.memory().numTensors, before);
});

test('uncertaintyWeighting: state round trip restores the log-variances', async () => {
  await useWasmBackend();
  const a = uncertaintyWeighting(2);
  tf.tidy(() => a.variables()[0]!.assign(tf.scalar(-1.5)));
  const b = uncertaintyWeighting(2);
  b.loadState(a.saveState());
  assert.deepEqual(b.saveState(), a.saveState());
  tf.dispose([...a.variables(), ...b.variables()]);
});
