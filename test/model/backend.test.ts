import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendInfo, selectBackend } from '../../src/model/backend';

test('selectBackend: wasm under Node reports SIMD, one thread, the gradient override and a speed hint', async () => {
  const info = await selectBackend({ prefer: 'wasm' });
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(info.tfjsVersion, tf.version.tfjs);
  assert.equal(typeof info.simd, 'boolean');
  assert.equal(info.threads, 1);
  assert.deepEqual(info.gradientOverrides, ['Conv2D', 'FusedBatchNorm']);
  assert.ok(info.hints.some((h) => /tfjs-node/.test(h)));
  assert.equal(backendInfo().name, 'wasm');
});

test('selectBackend: cpu can be forced and is described with its slowness hint', async () => {
  const info = await selectBackend({ prefer: 'cpu' });
  assert.equal(info.name, 'cpu');
  assert.ok(info.hints.some((h) => /cpu backend/.test(h)));
  await selectBackend({ prefer: 'wasm' });
});

test('selectBackend: default order falls back past the missing native backend', async () => {
  const info = await selectBackend();
  assert.ok(['tensorflow', 'wasm'].includes(info.name));
  assert.equal(info.nativeAvailable, info.name === 'tensorflow');
});
