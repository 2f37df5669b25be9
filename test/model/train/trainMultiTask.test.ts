import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig, type MultiTaskNetConfig } from '../../../src/model/architectures/multiTaskNet';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { evaluateMultiTask } from '../../../src/model/train/evaluate';
import { checkpointExtra, trainMultiTask, type StepLog, type TrainConfig } from '../../../src/model/train/trainMultiTask';
import type { WeightingConfig } from '../../../src/model/weighting/createWeighting';
import { syntheticExamples } from '../syntheticEcg';
import { useWasmBackend } from '../tfTestBackend';

const trainData = syntheticExamples(48, 32, 2, 10);
const valData = syntheticExamples(24, 32, 2, 20);
const netConfig = (o: Partial<MultiTaskNetConfig> = {}) =>
  defaultNetConfig({ inputLength: 32, leads: 2, classCount: 2, stageFilters: [6, 8], kernelSize: 5, ...o });
const baseConfig = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  epochs: 6,
  learningRate: 5e-3,
  seed: 3,
  schedule: { strategy: { kind: 'joint' } },
  weighting: { method: 'fixed', weights: [1, 1] },
  classLoss: { kind: 'bce' },
  ...o,
});
const evalOpts = { classLoss: { kind: 'bce' as const }, microvoltsPerUnit: 1000 };

/** Trains a fresh tiny net; returns validation losses before and after, the result, and the step logs. */
async function run(config: TrainConfig, makeNet = () => buildMultiTaskNet(netConfig())) {
  await useWasmBackend();
  const net = makeNet();
  const val = inMemoryBatchSource(valData, 24, false);
  const before = await evaluateMultiTask(net.model, val, evalOpts);
  const tensorsBefore = tf.memory().numTensors;
  const steps: StepLog[] = [];
  const result = await trainMultiTask({ net, train: inMemoryBatchSource(trainData, 16), config, onStep: (s) => steps.push(s) });
  const leaked = tf.memory().numTensors - tensorsBefore;
  const after = await evaluateMultiTask(net.model, val, evalOpts);
  net.model.dispose();
  return { before, after, result, steps, leaked };
}

function assertBothFall(r: Awaited<ReturnType<typeof run>>, label: string) {
  // The noise head starts at zero, so `before` is the identity (noisy input vs clean): falling below it is learning.
  assert.ok(r.after.recoveryLoss < r.before.recoveryLoss * 0.95, `${label}: recovery ${r.before.recoveryLoss} → ${r.after.recoveryLoss}`);
  assert.ok(r.after.classificationLoss < r.before.classificationLoss, `${label}: classification ${r.before.classificationLoss} → ${r.after.classificationLoss}`);
  assert.equal(r.leaked, 0, `${label}: tensors leaked`);
}

const strategies: [string, TrainConfig['schedule']][] = [
  ['joint', { strategy: { kind: 'joint' } }],
  ['alternating by batch', { strategy: { kind: 'alternating', by: 'batch' } }],
  ['alternating by epoch', { strategy: { kind: 'alternating', by: 'epoch' } }],
  ['pretrain-then-joint', { strategy: { kind: 'pretrain-then-joint', pretrainEpochs: 2 } }],
  ['joint with cosine decay of recovery', { strategy: { kind: 'joint' }, decay: [{ task: 0, shape: 'cosine', from: 1, to: 0.2, epochs: 6 }] }],
];

for (const [name, schedule] of strategies) {
  test(`trainMultiTask: ${name} lowers both validation losses, no tensor leaks`, async (t) => {
    const r = await run(baseConfig({ schedule }));
    t.diagnostic(
      `val rec ${r.before.recoveryLoss.toFixed(3)}→${r.after.recoveryLoss.toFixed(3)}, cls ${r.before.classificationLoss.toFixed(3)}→${r.after.classificationLoss.toFixed(3)}, AUC ${r.after.macroAuc.toFixed(2)}`,
    );
    assertBothFall(r, name);
    assert.equal(r.result.steps, 18);
    assert.equal(r.steps.length, 18);
    if (name === 'alternating by batch') assert.deepEqual(r.steps.slice(0, 3).map((s) => s.scheduleWeights), [[1, 0], [0, 1], [1, 0]]);
    if (name === 'pretrain-then-joint') {
      assert.ok(r.steps.filter((s) => s.epoch < 2).every((s) => s.weights[1] === 0));
      assert.ok(r.steps.filter((s) => s.epoch >= 2).every((s) => s.weights[1] === 1));
    }
    if (name.includes('decay')) {
      assert.equal(r.steps[0]!.weights[0], 1);
      assert.ok(Math.abs(r.steps[17]!.weights[0]! - (0.2 + 0.8 * 0.5 * (1 + Math.cos((Math.PI * 5) / 6)))) < 1e-12);
    }
  });
}

const weightings: WeightingConfig[] = [
  { method: 'uncertainty' },
  { method: 'gradnorm', alpha: 1.5 },
  { method: 'dwa' },
  { method: 'imbalance' },
  { method: 'pcgrad' },
];
for (const weighting of weightings) {
  test(`trainMultiTask: ${weighting.method} weighting trains both tasks and logs weights every step`, async () => {
    const r = await run(baseConfig({ weighting, epochs: 5 }));
    assertBothFall(r, weighting.method);
    assert.equal(r.result.weighting, weighting.method);
    assert.ok(r.steps.every((s) => s.weights.length === 2 && s.weights.every(Number.isFinite)));
  });
}

test('trainMultiTask: soft sharing (L2-tied encoders) and multihead sharing train both tasks', async () => {
  assertBothFall(await run(baseConfig({ softSharingLambda: 1e-2 }), () => buildMultiTaskNet(netConfig({ sharing: 'soft' }))), 'soft');
  assertBothFall(await run(baseConfig(), () => buildMultiTaskNet(netConfig({ sharing: 'multihead', norm: 'layer' }))), 'multihead');
});

test('trainMultiTask: class imbalance by pos_weight and by focal loss', async () => {
  assertBothFall(await run(baseConfig({ classLoss: { kind: 'bce', posWeight: [2, 0.5] } })), 'pos_weight');
  assertBothFall(await run(baseConfig({ classLoss: { kind: 'focal', gamma: 2 } })), 'focal');
});

/** All weights of a model as one flat array. */
const flatWeights = (net: { model: tf.LayersModel }) => net.model.getWeights().flatMap((w) => Array.from(w.dataSync()));

for (const weighting of [{ method: 'uncertainty' }, { method: 'pcgrad' }] as WeightingConfig[]) {
  test(`trainMultiTask: interrupted after epoch 2 and resumed from its checkpoint = uninterrupted run (${weighting.method}, batch norm)`, async () => {
    await useWasmBackend();
    const config = baseConfig({ weighting, epochs: 4, earlyStopping: { metric: 'val_loss', patience: 10 } });
    const val = inMemoryBatchSource(valData, 24, false);
    const train = inMemoryBatchSource(trainData, 16);
    const full = buildMultiTaskNet(netConfig());
    const fullResult = await trainMultiTask({ net: full, train, validation: val, config: { ...config, earlyStopping: { metric: 'val_loss', patience: 10, restoreBest: false } } });

    const first = buildMultiTaskNet(netConfig());
    const abort = new AbortController();
    let lastCheckpoint: Uint8Array | undefined;
    const partial = await trainMultiTask({
      net: first,
      train,
      validation: val,
      config: { ...config, earlyStopping: { metric: 'val_loss', patience: 10, restoreBest: false } },
      signal: abort.signal,
      onCheckpoint: (bytes, info) => {
        lastCheckpoint = bytes;
        if (info.epoch === 1) abort.abort();
      },
    });
    assert.equal(partial.stoppedBy, 'cancelled');
    assert.equal(partial.steps, 6);
    first.model.dispose();

    // A fresh process would build the network with any seed: the checkpoint must overwrite everything.
    const resumed = buildMultiTaskNet(netConfig({ seed: 99 }));
    const resumedResult = await trainMultiTask({
      net: resumed,
      train,
      validation: val,
      config: { ...config, earlyStopping: { metric: 'val_loss', patience: 10, restoreBest: false } },
      resumeFrom: lastCheckpoint!,
    });
    assert.equal(resumedResult.steps, fullResult.steps);
    assert.equal(resumedResult.epochs, 4);
    assert.deepEqual(resumedResult.history.map((h) => h.trainLosses), fullResult.history.map((h) => h.trainLosses));
    assert.deepEqual(resumedResult.finalWeights, fullResult.finalWeights);
    const a = flatWeights(full);
    const b = flatWeights(resumed);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    assert.equal(maxDiff, 0, `weights differ by up to ${maxDiff}`);
    full.model.dispose();
    resumed.model.dispose();
  });
}

test('trainMultiTask: cancel through AbortSignal stops at the next batch', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(netConfig());
  const abort = new AbortController();
  const r = await trainMultiTask({
    net,
    train: inMemoryBatchSource(trainData, 16),
    config: baseConfig(),
    signal: abort.signal,
    onStep: (s) => {
      if (s.step === 4) abort.abort();
    },
  });
  assert.equal(r.stoppedBy, 'cancelled');
  assert.equal(r.steps, 5);
  assert.equal(r.epochs, 1);
  net.model.dispose();
});

test('trainMultiTask: early stopping after `patience` epochs without improvement restores the best weights', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(netConfig());
  const checkpoints: Uint8Array[] = [];
  const r = await trainMultiTask({
    net,
    train: inMemoryBatchSource(trainData, 16),
    validation: inMemoryBatchSource(valData, 24, false),
    // A minimum improvement nothing reaches: epoch 0 is the best, training stops after epoch 0 + patience 1.
    config: baseConfig({ earlyStopping: { metric: 'macro_auc', patience: 1, minDelta: 10 } }),
    onCheckpoint: (bytes) => void checkpoints.push(bytes),
  });
  assert.equal(r.stoppedBy, 'early-stopping');
  assert.equal(r.epochs, 3);
  assert.equal(r.bestEpoch, 0);
  // The restored weights are epoch 0's: resuming from epoch 0's checkpoint with 0 further epochs gives them.
  const epoch0 = buildMultiTaskNet(netConfig({ seed: 5 }));
  await trainMultiTask({ net: epoch0, train: inMemoryBatchSource(trainData, 16), config: baseConfig({ epochs: 1 }), resumeFrom: checkpoints[0]! });
  assert.deepEqual(flatWeights(net), flatWeights(epoch0));
  net.model.dispose();
  epoch0.model.dispose();
});

test('trainMultiTask: accepts a synchronous generator source with extra batch fields (the data pipeline’s stream shape)', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(netConfig());
  const seen: number[] = [];
  const r = await trainMultiTask({
    net,
    train: function* (epoch) {
      seen.push(epoch);
      const per = 32 * 2;
      for (let start = 0; start < trainData.count; start += 16) {
        yield {
          size: 16,
          x: trainData.x.subarray(start * per, (start + 16) * per),
          yClean: trainData.yClean.subarray(start * per, (start + 16) * per),
          yClass: trainData.yClass.subarray(start * 2, (start + 16) * 2),
          ids: [],
        };
      }
    },
    config: baseConfig({ epochs: 2 }),
  });
  assert.deepEqual(seen, [0, 1]);
  assert.equal(r.steps, 6);
  net.model.dispose();
});

test('trainMultiTask: a checkpoint written by the epoch that fired early stopping resumes to the best weights without training on', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(netConfig());
  const checkpoints: Uint8Array[] = [];
  const config = baseConfig({ earlyStopping: { metric: 'macro_auc', patience: 1, minDelta: 10 } });
  const r = await trainMultiTask({ net, train: inMemoryBatchSource(trainData, 16), validation: inMemoryBatchSource(valData, 24, false), config, onCheckpoint: (b) => void checkpoints.push(b) });
  assert.equal(r.stoppedBy, 'early-stopping');
  const again = buildMultiTaskNet(netConfig({ seed: 8 }));
  let steps = 0;
  const resumed = await trainMultiTask({
    net: again,
    train: inMemoryBatchSource(trainData, 16),
    validation: inMemoryBatchSource(valData, 24, false),
    config,
    resumeFrom: checkpoints[checkpoints.length - 1]!,
    onStep: () => void steps++,
  });
  assert.equal(steps, 0);
  assert.equal(resumed.stoppedBy, 'early-stopping');
  assert.equal(resumed.epochs, r.epochs);
  assert.equal(resumed.bestEpoch, 0);
  assert.deepEqual(flatWeights(again), flatWeights(net));
  net.model.dispose();
  again.model.dispose();
});

for (const scope of ['recovery-head', 'classifier-head'] as const) {
  test(`trainMultiTask: trainable '${scope}' changes only that output (the other bit-identical, batch-norm statistics included)`, async () => {
    await useWasmBackend();
    const net = buildMultiTaskNet(netConfig());
    // Joint training first, so that the frozen part holds trained weights and non-trivial moving statistics.
    await trainMultiTask({ net, train: inMemoryBatchSource(trainData, 16), config: baseConfig({ epochs: 2 }) });
    const x = tf.tensor3d(valData.x, [valData.count, 32, 2]);
    const outputs = () => (net.model.predict(x) as tf.Tensor[]).map((t) => { const a = Array.from(t.dataSync()); t.dispose(); return a; });
    const [recBefore, clsBefore] = outputs();
    const tensorsBefore = tf.memory().numTensors;
    const extra = { stage: 'test', joint: { epochs: 2 } };
    const checkpoints: Uint8Array[] = [];
    const r = await trainMultiTask({
      net,
      train: inMemoryBatchSource(trainData, 16),
      validation: inMemoryBatchSource(valData, 24, false),
      config: baseConfig({ epochs: 3, trainable: scope, weighting: { method: 'fixed', weights: scope === 'recovery-head' ? [1, 0] : [0, 1] } }),
      checkpointExtra: extra,
      onCheckpoint: (b) => void checkpoints.push(b),
    });
    assert.equal(tf.memory().numTensors - tensorsBefore, 0, 'tensors leaked');
    const [recAfter, clsAfter] = outputs();
    const changed = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
    if (scope === 'recovery-head') {
      assert.deepEqual(clsAfter, clsBefore);
      assert.ok(changed(recAfter!, recBefore!) > 1e-4, 'the recovery output did not change');
      assert.ok(r.history[2]!.validation!.recoveryLoss < r.history[0]!.validation!.recoveryLoss * 1.05);
    } else {
      assert.deepEqual(recAfter, recBefore);
      assert.ok(changed(clsAfter!, clsBefore!) > 1e-4, 'the class logits did not change');
    }
    assert.deepEqual(checkpointExtra(checkpoints[2]!), extra);
    x.dispose();
    net.model.dispose();
  });
}

test('trainMultiTask: earlyStopping.includeInitial keeps the starting weights when no epoch beats them', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(netConfig());
  const start = flatWeights(net);
  const r = await trainMultiTask({
    net,
    train: inMemoryBatchSource(trainData, 16),
    validation: inMemoryBatchSource(valData, 24, false),
    config: baseConfig({ epochs: 3, earlyStopping: { metric: 'macro_auc', patience: 5, minDelta: 10, includeInitial: true } }),
  });
  assert.equal(r.epochs, 3);
  assert.equal(r.bestEpoch, -1);
  assert.deepEqual(flatWeights(net), start);
  net.model.dispose();
});

test('trainMultiTask: the plateau schedule scales the learning rate after `patience` flat epochs, and a resume keeps it', async () => {
  await useWasmBackend();
  const config = baseConfig({
    epochs: 4,
    earlyStopping: { metric: 'macro_auc', patience: 10, minDelta: 10 },
    learningRateSchedule: { kind: 'plateau', factor: 0.5, patience: 1, minLearningRate: 1e-3 },
  });
  const net = buildMultiTaskNet(netConfig());
  const checkpoints: Uint8Array[] = [];
  const r = await trainMultiTask({ net, train: inMemoryBatchSource(trainData, 16), validation: inMemoryBatchSource(valData, 24, false), config, onCheckpoint: (b) => void checkpoints.push(b) });
  // Epoch 0 is the best (nothing beats it by 10); epochs 1, 2, 3 are flat, each one halving the rate, floored at 1e-3.
  assert.deepEqual(r.history.map((h) => h.learningRate), [5e-3, 5e-3, 2.5e-3, 1.25e-3]);
  const resumedNet = buildMultiTaskNet(netConfig({ seed: 77 }));
  const resumed = await trainMultiTask({
    net: resumedNet,
    train: inMemoryBatchSource(trainData, 16),
    validation: inMemoryBatchSource(valData, 24, false),
    config: { ...config, earlyStopping: { ...config.earlyStopping!, restoreBest: false } },
    resumeFrom: checkpoints[2]!,
  });
  assert.equal(resumed.history[3]?.learningRate, 1.25e-3);
  const full = buildMultiTaskNet(netConfig());
  await trainMultiTask({ net: full, train: inMemoryBatchSource(trainData, 16), validation: inMemoryBatchSource(valData, 24, false), config: { ...config, earlyStopping: { ...config.earlyStopping!, restoreBest: false } } });
  assert.deepEqual(flatWeights(resumedNet), flatWeights(full));
  for (const n of [net, resumedNet, full]) n.model.dispose();
});
