import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { FormatError, UsageError } from '../../../src/shared/errors';
import { buildMultiTaskNet, defaultNetConfig } from '../../../src/model/architectures/multiTaskNet';
import { MANIFEST_FILE, MODEL_FILE, WEIGHTS_FILE, type ModelManifest } from '../../../src/model/package/manifest';
import { loadModelPackage, readModelManifest, saveModelPackage } from '../../../src/model/package/modelPackage';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { trainMultiTask } from '../../../src/model/train/trainMultiTask';
import { syntheticExamples } from '../syntheticEcg';
import { testFloats, useWasmBackend } from '../tfTestBackend';

const LEADS = ['I', 'II', 'V1'];

function manifestFor(architecture: ModelManifest['architecture']): ModelManifest {
  return {
    formatVersion: 1,
    name: 'tiny-test',
    version: '0.1.0',
    created: '2026-01-01T00:00:00Z',
    labels: [
      { code: 'NORM', description: 'normal ECG' },
      { code: 'MI', description: 'myocardial infarction' },
    ],
    input: { samplingRateHz: 100, leads: LEADS, lengthSamples: 32, units: 'mV', normalisation: { method: 'none' } },
    outputs: { recovery: { name: 'recovery', units: 'mV' }, classification: { name: 'class_logits', activation: 'logits' } },
    architecture,
    training: { epochs: 1 },
    dataProvenance: [{ name: 'synthetic', notes: 'test data' }],
    metrics: { macroAuc: 0.5 },
    backend: 'wasm',
    tfjsVersion: tf.version.tfjs,
  };
}

test('modelPackage: save → load gives identical outputs (batch norm statistics included) and the same manifest', async () => {
  await useWasmBackend();
  const config = defaultNetConfig({ inputLength: 32, leads: 3, classCount: 2, stageFilters: [4, 6], kernelSize: 5 });
  const net = buildMultiTaskNet(config);
  // A couple of training steps so batch-norm moving statistics differ from their initial values.
  await trainMultiTask({
    net,
    train: inMemoryBatchSource(syntheticExamples(16, 32, 3, 1), 8),
    config: { epochs: 1, learningRate: 1e-2, seed: 1, schedule: { strategy: { kind: 'joint' } }, weighting: { method: 'fixed', weights: [1, 1] }, classLoss: { kind: 'bce' } },
  });
  const files = await saveModelPackage(net.model, manifestFor(config));
  assert.deepEqual(Object.keys(files).sort(), [MANIFEST_FILE, MODEL_FILE, WEIGHTS_FILE].sort());
  const modelJson = JSON.parse(new TextDecoder().decode(files[MODEL_FILE])) as { format: string; weightsManifest: { paths: string[] }[] };
  assert.equal(modelJson.format, 'layers-model');
  assert.deepEqual(modelJson.weightsManifest[0]!.paths, [WEIGHTS_FILE]);

  const loaded = await loadModelPackage(files, { input: { samplingRateHz: 100, leads: ['V1', 'I', 'II', 'III'], lengthSamples: 32 } });
  assert.equal(loaded.manifest.name, 'tiny-test');
  assert.deepEqual(loaded.manifest.architecture, config);
  const x = tf.tensor3d(testFloats(2 * 32 * 3, 4), [2, 32, 3]);
  const before = tf.memory().numTensors;
  const [r1, c1] = net.model.predict(x) as tf.Tensor[];
  const [r2, c2] = loaded.net.model.predict(x) as tf.Tensor[];
  assert.deepEqual(Array.from(r2!.dataSync()), Array.from(r1!.dataSync()));
  assert.deepEqual(Array.from(c2!.dataSync()), Array.from(c1!.dataSync()));
  tf.dispose([r1!, c1!, r2!, c2!]);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(loaded.net.sharedWeightNames.length > 0);
  tf.dispose(x);
  net.model.dispose();
  loaded.net.model.dispose();
});

test('modelPackage: refuses input it cannot meet, one clear sentence per need', async () => {
  await useWasmBackend();
  const config = defaultNetConfig({ inputLength: 32, leads: 3, classCount: 2, stageFilters: [4], kernelSize: 3 });
  const net = buildMultiTaskNet(config);
  const files = await saveModelPackage(net.model, manifestFor(config));
  net.model.dispose();
  await assert.rejects(
    loadModelPackage(files, { input: { samplingRateHz: 500, leads: ['I', 'II'], lengthSamples: 5000 } }),
    (err: unknown) =>
      err instanceof UsageError &&
      /model 'tiny-test' 0\.1\.0 cannot be used: it needs lead V1, which the input lacks; it needs 100 Hz input, the input is 500 Hz/.test(err.message),
  );
  // Resampling and windowing on the caller's side make the same record acceptable.
  const ok = await loadModelPackage(files, { input: { samplingRateHz: 500, leads: ['I', 'II', 'V1'], lengthSamples: 5000, canResample: true, canWindow: true } });
  ok.net.model.dispose();
  await assert.rejects(
    loadModelPackage(files, { input: { samplingRateHz: 100, leads: LEADS, lengthSamples: 20 } }),
    /it needs 0\.32 s \(32 samples at 100 Hz\), the input has 0\.2 s/,
  );
});

test('modelPackage: invalid manifest, missing files and truncated weights give FormatError', async () => {
  await useWasmBackend();
  const config = defaultNetConfig({ inputLength: 32, leads: 3, classCount: 2, stageFilters: [4], kernelSize: 3 });
  const net = buildMultiTaskNet(config);
  const good = manifestFor(config);
  await assert.rejects(saveModelPackage(net.model, { ...good, labels: [good.labels[0]!] }), /1 labels but the network has 2 outputs/);
  const files = await saveModelPackage(net.model, good);
  net.model.dispose();
  const badManifest = { ...files, [MANIFEST_FILE]: new TextEncoder().encode(JSON.stringify({ ...good, version: 'one' })) };
  assert.throws(() => readModelManifest(badManifest), (e: unknown) => e instanceof FormatError && /version: must be a semantic version/.test(e.reason));
  assert.throws(() => readModelManifest({ ...files, [MANIFEST_FILE]: new TextEncoder().encode('{') }), FormatError);
  const { [WEIGHTS_FILE]: _w, ...noWeights } = files;
  await assert.rejects(loadModelPackage(noWeights), (e: unknown) => e instanceof FormatError && /no weights\.bin/.test(e.reason));
  await assert.rejects(loadModelPackage({ ...files, [WEIGHTS_FILE]: files[WEIGHTS_FILE]!.subarray(0, 10) }), /weights hold 10 bytes/);
});
