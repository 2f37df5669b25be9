import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradNormWeighting, lastGradNorms } from '../../../src/model/weighting/gradNorm';
import type { GradMap, WeightingContext } from '../../../src/model/weighting/lossWeighting';
import { assertClose } from '../../helpers/assertClose';
import { testFloats, useWasmBackend } from '../tfTestBackend';

test('gradNormWeighting: α = 0 equalises the tasks’ gradient norms on the shared layer (loss scales 1 : 100)', async (t) => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const n = 128;
  const x = tf.tensor2d(testFloats(n * 6, 1), [n, 6]);
  const y1 = tf.tensor2d(testFloats(n, 2), [n, 1]);
  const y2 = tf.tidy(() => tf.mul(tf.tensor2d(testFloats(n, 3), [n, 1]), 10));
  const shared = tf.tidy(() => tf.variable(tf.tensor2d(testFloats(6 * 8, 4), [6, 8]), true, 'gn_shared'));
  const h1 = tf.tidy(() => tf.variable(tf.tensor2d(testFloats(8, 5), [8, 1]), true, 'gn_head1'));
  const h2 = tf.tidy(() => tf.variable(tf.tensor2d(testFloats(8, 6), [8, 1]), true, 'gn_head2'));
  const vars = [shared, h1, h2];
  const weighting = gradNormWeighting(2, { alpha: 0, learningRate: 0.05 });
  const ctx: WeightingContext = { step: 0, epoch: 0, sharedWeightNames: [shared.name], lastSharedWeightNames: [shared.name], random: Math.random };
  const opt = tf.train.sgd(0.01);
  const ratios: number[] = [];
  for (let step = 0; step < 150; step++) {
    const losses = [
      () => tf.mean(tf.squaredDifference(tf.matMul(tf.relu(tf.matMul(x, shared)), h1), y1)) as tf.Scalar,
      () => tf.mean(tf.squaredDifference(tf.matMul(tf.relu(tf.matMul(x, shared)), h2), y2)) as tf.Scalar,
    ];
    const values: number[] = [];
    const taskGrads: GradMap[] = losses.map((f) => {
      const { value, grads } = tf.variableGrads(f, vars);
      values.push(value.dataSync()[0] as number);
      value.dispose();
      return grads;
    });
    const combined = weighting.combineGradients!(taskGrads, [1, 1], values, { ...ctx, step });
    const g = lastGradNorms(weighting);
    ratios.push((g[1] as number) / (g[0] as number));
    opt.applyGradients(combined as Record<string, tf.Variable>);
    tf.dispose([...taskGrads.flatMap((m) => Object.values(m)), ...Object.values(combined)]);
  }
  const first = ratios[0] as number;
  const last = ratios[ratios.length - 1] as number;
  t.diagnostic(`G₂/G₁ first step ${first.toFixed(2)}, last step ${last.toFixed(3)}; weights ${weighting.weights().map((w) => w.toFixed(3))}`);
  assert.ok(first > 5, 'the toy problem starts imbalanced');
  assert.ok(Math.abs(Math.log(last)) < Math.log(1.25), `final ratio ${last}`);
  const w = weighting.weights();
  assertClose((w[0] as number) + (w[1] as number), 2, { atol: 1e-9 });
  assert.ok((w[0] as number) > (w[1] as number));
  opt.dispose();
  tf.dispose([x, y1, y2, ...vars]);
  assert.equal(tf.memory().numTensors, before);
});
