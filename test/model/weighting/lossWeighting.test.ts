import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { stateArray, weightedSum } from '../../../src/model/weighting/lossWeighting';
import { assertClose } from '../../helpers/assertClose';
import { useWasmBackend } from '../tfTestBackend';

test('weightedSum: Σ w_i·s_i·L_i, tasks with weight 0 left out of the graph', async () => {
  await useWasmBackend();
  const v = tf.tidy(() => weightedSum(tf, [tf.scalar(2), tf.scalar(3)], [0.5, 2], [1, 0.5]).dataSync()[0] as number);
  assertClose(v, 4, { atol: 1e-6 });
});

test('stateArray: checks presence and length of saved weighting state', () => {
  assert.deepEqual(stateArray({ w: [1, 2] }, 'w', 2), [1, 2]);
  assert.throws(() => stateArray({ w: [1] }, 'w', 2), /wrong length/);
  assert.throws(() => stateArray({}, 'w', 2), /missing/);
});
