import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createWeighting, weightingConfigSchema } from '../../../src/model/weighting/createWeighting';
import { useWasmBackend } from '../tfTestBackend';

test('createWeighting: every method builds, reports two weights and says whether it needs per-task gradients', async () => {
  await useWasmBackend();
  const expectTaskGrads: Record<string, boolean> = { fixed: false, uncertainty: false, gradnorm: true, dwa: false, imbalance: false, pcgrad: true };
  for (const method of Object.keys(expectTaskGrads)) {
    const config = weightingConfigSchema.parse(method === 'fixed' ? { method, weights: [0.1, 1] } : { method });
    const w = createWeighting(config, 2);
    assert.equal(w.name, method);
    assert.equal(w.needsTaskGradients, expectTaskGrads[method]);
    assert.equal(w.weights().length, 2);
    tf.dispose(w.variables());
  }
});

test('createWeighting: fixed weights of the wrong count and unknown methods are refused', () => {
  assert.throws(() => createWeighting({ method: 'fixed', weights: [1] }, 2), /needs 2 weights/);
  assert.equal(weightingConfigSchema.safeParse({ method: 'magic' }).success, false);
});
