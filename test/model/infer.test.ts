import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig } from '../../src/model/architectures/multiTaskNet';
import { predictMultiTask } from '../../src/model/infer';
import { assertAllClose } from '../helpers/assertClose';
import { testFloats, useWasmBackend } from './tfTestBackend';

test('predictMultiTask: batched results equal one forward pass; probabilities are sigmoid(logits); no leaks', async () => {
  const backend = await useWasmBackend();
  const net = buildMultiTaskNet(defaultNetConfig({ inputLength: 32, leads: 2, classCount: 3, stageFilters: [4, 4], kernelSize: 3 }));
  const windows = testFloats(5 * 32 * 2, 8);
  const before = tf.memory().numTensors;
  const p = predictMultiTask(net.model, windows, 5, 2);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(p.backend, backend.name);
  const [rec, logits] = tf.tidy(() => {
    const [r, l] = net.model.predict(tf.tensor3d(windows, [5, 32, 2])) as tf.Tensor[];
    return [r!.dataSync(), tf.sigmoid(l!).dataSync()];
  });
  assertAllClose(p.recovered, rec!, { atol: 1e-5 });
  assertAllClose(p.probabilities, logits!, { atol: 1e-6 });
  assert.throws(() => predictMultiTask(net.model, windows.subarray(1), 5), /expected 5 × 32 × 2/);
  net.model.dispose();
});
