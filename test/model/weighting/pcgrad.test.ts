import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradDot } from '../../../src/model/weighting/gradOps';
import type { WeightingContext } from '../../../src/model/weighting/lossWeighting';
import { pcgradWeighting, projectConflicting } from '../../../src/model/weighting/pcgrad';
import { assertAllClose } from '../../helpers/assertClose';
import { useWasmBackend } from '../tfTestBackend';

const ctx: WeightingContext = { step: 0, epoch: 0, sharedWeightNames: ['w'], lastSharedWeightNames: ['w'], random: () => 0.5 };

test('pcgrad: conflicting gradients g1 = (1, 0), g2 = (−1, 1) give (1, 0)+(−1,1)·… as in Yu et al. Fig. 1 (hand computed)', async () => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const g1 = { w: tf.tensor1d([1, 0]) };
  const g2 = { w: tf.tensor1d([-1, 1]) };
  const projected = projectConflicting([g1, g2], () => 0.5);
  // g1 − (g1·g2/|g2|²) g2 = (1,0) + ½(−1,1) = (0.5, 0.5); g2 − (g2·g1/|g1|²) g1 = (−1,1) + (1,0) = (0, 1).
  assertAllClose(projected[0]!['w']!.dataSync(), [0.5, 0.5], { atol: 1e-6 });
  assertAllClose(projected[1]!['w']!.dataSync(), [0, 1], { atol: 1e-6 });
  // After surgery neither conflicts with the other's original gradient.
  assert.ok(gradDot(projected[0]!, g2) >= -1e-6 && gradDot(projected[1]!, g1) >= -1e-6);
  const summed = pcgradWeighting([1, 1]).combineGradients!([g1, g2], [1, 1], [1, 1], ctx);
  assertAllClose(summed['w']!.dataSync(), [0.5, 1.5], { atol: 1e-6 });
  tf.dispose([g1.w, g2.w, summed['w']!, ...projected.flatMap((p) => Object.values(p))]);
  assert.equal(tf.memory().numTensors, before);
});

test('pcgrad: non-conflicting gradients are summed unchanged; a task switched off contributes nothing', async () => {
  await useWasmBackend();
  const g1 = { w: tf.tensor1d([1, 2]), head: tf.tensor1d([3]) };
  const g2 = { w: tf.tensor1d([2, 1]) };
  const pc = pcgradWeighting([1, 1]);
  const both = pc.combineGradients!([g1, g2], [1, 1], [1, 1], ctx);
  assertAllClose(both['w']!.dataSync(), [3, 3], { atol: 1e-6 });
  assertAllClose(both['head']!.dataSync(), [3], { atol: 1e-6 });
  const only1 = pc.combineGradients!([g1, g2], [1, 0], [1, 1], ctx);
  assertAllClose(only1['w']!.dataSync(), [1, 2], { atol: 1e-6 });
  tf.dispose([g1.w, g1.head, g2.w, ...Object.values(both), ...Object.values(only1)]);
});
