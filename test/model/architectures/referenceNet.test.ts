import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildReferenceNet } from '../../../src/model/architectures/referenceNet';
import { testFloats, useWasmBackend } from '../tfTestBackend';

test('buildReferenceNet: 46,865 parameters as the PyTorch reference; output shapes [1000, 12] and [5]', async () => {
  await useWasmBackend();
  const net = buildReferenceNet();
  assert.equal(net.model.countParams(), 46865);
  const [rec, cls] = tf.tidy(() => net.model.predict(tf.zeros([1, 1000, 12])) as tf.Tensor[]);
  assert.deepEqual(rec!.shape, [1, 1000, 12]);
  assert.deepEqual(cls!.shape, [1, 5]);
  tf.dispose([rec!, cls!]);
  net.model.dispose();
});

test('buildReferenceNet: concatenate + reshape up-sampling repeats each sample twice (nearest neighbour)', async () => {
  await useWasmBackend();
  const input = tf.input({ shape: [3, 2] });
  const copy = tf.layers.reshape({ targetShape: [3, 2] }).apply(input) as tf.SymbolicTensor;
  const twice = tf.layers.concatenate({ axis: -1 }).apply([input, copy]) as tf.SymbolicTensor;
  const up = tf.layers.reshape({ targetShape: [6, 2] }).apply(twice) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: up });
  const x = testFloats(6, 1);
  const y = tf.tidy(() => Array.from((m.predict(tf.tensor3d(x, [1, 3, 2])) as tf.Tensor).dataSync()));
  const expected: number[] = [];
  for (let t = 0; t < 3; t++) for (let r = 0; r < 2; r++) expected.push(x[t * 2]!, x[t * 2 + 1]!);
  assert.deepEqual(y, expected);
  m.dispose();
});
