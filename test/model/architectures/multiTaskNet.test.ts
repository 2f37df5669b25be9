import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig, receptiveFieldSamples } from '../../../src/model/architectures/multiTaskNet';
import { useWasmBackend } from '../tfTestBackend';

const tiny = { inputLength: 32, leads: 3, classCount: 4, stageFilters: [4, 8], kernelSize: 5 };

test('receptiveFieldSamples: k=3, one stage = 3 + 2 + 4 samples; default covers one beat at 100 Hz', () => {
  assert.equal(receptiveFieldSamples({ stageFilters: [8], kernelSize: 3, blocksPerStage: 1 }), 9);
  assert.equal(receptiveFieldSamples({ stageFilters: [8], kernelSize: 3, blocksPerStage: 2 }), 17);
  const def = defaultNetConfig();
  assert.equal(def.inputLength, 1000);
  assert.ok(receptiveFieldSamples(def) >= 100, 'at least 1 s at 100 Hz');
});

for (const sharing of ['hard', 'soft', 'multihead'] as const) {
  for (const norm of ['batch', 'layer'] as const) {
    test(`buildMultiTaskNet: ${sharing} sharing, ${norm} norm gives [L, leads] recovery and [classes] logits`, async () => {
      await useWasmBackend();
      const net = buildMultiTaskNet(defaultNetConfig({ ...tiny, sharing, norm }));
      const before = tf.memory().numTensors;
      const [rec, logits] = tf.tidy(() => net.model.predict(tf.ones([2, 32, 3])) as tf.Tensor[]);
      assert.deepEqual(rec!.shape, [2, 32, 3]);
      assert.deepEqual(logits!.shape, [2, 4]);
      tf.dispose([rec!, logits!]);
      assert.equal(tf.memory().numTensors, before);
      assert.ok(!net.model.layers.some((l) => /UpSampling/.test(l.getClassName())), 'no upSampling layers');
      if (sharing === 'soft') {
        assert.equal(net.sharedWeightNames.length, 0);
        assert.ok(net.softPairs.length > 0);
        for (const [a, b] of net.softPairs) assert.deepEqual(a.shape, b.shape);
      } else {
        assert.ok(net.sharedWeightNames.length > 0);
        assert.ok(net.lastSharedKernelName !== undefined);
        assert.equal(net.softPairs.length, 0);
      }
      if (sharing === 'multihead') assert.ok(net.model.layers.some((l) => l.name.startsWith('cls_enc_stage1')));
      net.model.dispose();
    });
  }
}

test('buildMultiTaskNet: the same seed gives identical initial weights, another seed different ones', async () => {
  await useWasmBackend();
  const weights = (seed: number) => {
    const net = buildMultiTaskNet(defaultNetConfig({ ...tiny, seed }));
    const values = net.model.getWeights().map((w) => Array.from(w.dataSync()));
    net.model.dispose();
    return values.flat();
  };
  assert.deepEqual(weights(3), weights(3));
  assert.notDeepEqual(weights(3), weights(4));
});

test('buildMultiTaskNet: input length not divisible by 2^stages is refused', () => {
  assert.throws(() => buildMultiTaskNet(defaultNetConfig({ ...tiny, inputLength: 30 })), /divisible by 2\^2/);
});

test("buildMultiTaskNet: recoveryTarget 'signal' has no input skip to the output", async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(defaultNetConfig({ ...tiny, recoveryTarget: 'signal' }));
  assert.equal(net.model.getLayer('recovery').getClassName(), 'Activation');
  net.model.dispose();
});
