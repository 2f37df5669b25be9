import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/model/backend';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { NoiseBank } from '../../src/pipeline/datasets/noise';
import type { DatasetIndex } from '../../src/pipeline/datasets/datasetIndex';
import { SeededRandom } from '../../src/shared/random';
import {
  bootstrapAucCi,
  evaluateClassification,
  evaluateRecovery,
  positiveClassWeights,
  trainModel,
  type TrainModelOptions,
} from '../../src/pipeline/trainModel';

/** 48 simulated records: class FAST (110 bpm) or SLOW (55 bpm); splits 32/8/8. */
function simulatedDataset(): TrainModelOptions['data'] {
  const entries = Array.from({ length: 48 }, (_, i) => ({
    id: `sim-${i}`,
    path: `sim-${i}`,
    patientId: `p${i}`,
    split: (i < 32 ? 'train' : i < 40 ? 'val' : 'test') as 'train' | 'val' | 'test',
    labels: [i % 2 === 0 ? 'FAST' : 'SLOW'],
  }));
  const index: DatasetIndex = { name: 'simulated', classes: [{ code: 'FAST', description: 'fast' }, { code: 'SLOW', description: 'slow' }], entries };
  return {
    index,
    loadRecord: (e) => {
      const i = Number(e.id.slice(4));
      return ecgSimulate({ samplingRateHz: 100, durationSec: 3, heartRateBpm: i % 2 === 0 ? 110 : 55, seed: i + 1, leads: ['I', 'II'] });
    },
  };
}

function whiteNoiseBank(): NoiseBank {
  const bank = new NoiseBank();
  const rng = new SeededRandom(1);
  for (const type of ['bw', 'ma'] as const) bank.add({ type, samplesMv: Float32Array.from({ length: 20000 }, () => rng.normal() * 0.1) });
  return bank;
}

/** Options for a tiny net (8/12 filters) on the simulated records, 2 leads × 256 samples at 100 Hz. */
function tinyOptions(data: TrainModelOptions['data'], train: Partial<TrainModelOptions['train']> = {}): TrainModelOptions {
  return {
    data,
    noise: whiteNoiseBank(),
    noiseSettings: { types: ['bw', 'ma'], snrDbRange: [0, 12], cleanFraction: 0.1 },
    spec: { samplingRateHz: 100, leads: ['I', 'II'], length: 256 },
    net: { stageFilters: [8, 12], kernelSize: 5, blocksPerStage: 1, seed: 3 },
    train: { epochs: 2, learningRate: 3e-3, seed: 5, schedule: { strategy: { kind: 'joint' } }, weighting: { method: 'fixed', weights: [1, 1] }, classLoss: { kind: 'bce' }, ...train },
    batchSize: 8,
  };
}

/** Both outputs of a model on a fixed random batch (4 windows), as plain arrays. */
function outputsOf(model: tf.LayersModel, seed: number): { rec: number[]; cls: number[] } {
  const x = tf.randomNormal([4, 256, 2], 0, 0.5, 'float32', seed);
  const [rec, cls] = model.predict(x) as tf.Tensor[];
  const out = { rec: Array.from(rec!.dataSync()), cls: Array.from(cls!.dataSync()) };
  tf.dispose([x, rec!, cls!]);
  return out;
}

test('bootstrapAucCi: interval contains the point AUC and narrows with more records', () => {
  const rng = new SeededRandom(4);
  const make = (n: number) => {
    const labels = Float32Array.from({ length: n }, (_, i) => i % 2);
    const scores = labels.map((l) => l * 0.6 + rng.next());
    return { scores, labels };
  };
  const small = make(40);
  const large = make(400);
  const a = bootstrapAucCi(small.scores, small.labels, 1, 300, 1);
  const b = bootstrapAucCi(large.scores, large.labels, 1, 300, 1);
  assert.ok(a.macro[0] < a.macro[1]);
  assert.ok(b.macro[1] - b.macro[0] < a.macro[1] - a.macro[0]);
  assert.ok(b.macro[0] > 0.6 && b.macro[1] < 0.95, `${b.macro}`);
});

test('trainModel: simulated two-class data, both losses fall; evaluation reports AUC and recovery rows', async () => {
  await selectBackend();
  const data = simulatedDataset();
  const before = tf.memory().numTensors;
  const opts = tinyOptions(data, { epochs: 6, classLoss: { kind: 'bce', posWeight: positiveClassWeights(data.index) } });
  assert.deepEqual(positiveClassWeights(data.index), [1, 1]);
  const { net, result } = await trainModel(opts);
  const first = result.history[0]!;
  const last = result.history[result.history.length - 1]!;
  assert.ok(last.trainLosses[0]! < first.trainLosses[0]!, `recovery ${first.trainLosses[0]} → ${last.trainLosses[0]}`);
  assert.ok(last.trainLosses[1]! < first.trainLosses[1]!, `classification ${first.trainLosses[1]} → ${last.trainLosses[1]}`);
  assert.ok(Number.isFinite(last.validation?.snrImprovementDb), 'validation SNR improvement defined (no clean windows)');

  const cls = await evaluateClassification(net.model, opts, 'test', { resamples: 50, seed: 1 });
  assert.equal(cls.records, 8);
  assert.equal(cls.perClass.length, 2);
  assert.ok(cls.macroAuc >= 0 && cls.macroAuc <= 1);
  const rows = evaluateRecovery(net.model, opts, 'test', ['bw'], [0, 6]);
  assert.equal(rows.length, 2 * 3);
  assert.deepEqual([...new Set(rows.map((r) => r.method))], ['model', 'butterworth 0.5-40 Hz', 'butterworth 1-15 Hz']);
  for (const r of rows) assert.ok(Number.isFinite(r.snrImprovementDb) && r.records === 8, JSON.stringify(r));
  net.model.dispose();
  assert.ok(tf.memory().numTensors <= before + 2, `tensors ${before} → ${tf.memory().numTensors}`);
});

test('trainModel: the recovery-head refinement stage keeps every class output and resumes from its own checkpoint', async () => {
  await selectBackend();
  const data = simulatedDataset();
  const opts = tinyOptions(data);
  const logits = (model: tf.LayersModel) => outputsOf(model, 7);
  const jointOnly = await trainModel(opts);
  const checkpoints: Uint8Array[] = [];
  const stages: (string | undefined)[] = [];
  const refined = await trainModel({
    ...opts,
    refine: { epochs: 3, learningRate: 2e-3, patience: 5 },
    onCheckpoint: (b) => void checkpoints.push(b),
    onEpoch: (e) => void stages.push(e.stage),
  });
  assert.deepEqual(stages, [undefined, undefined, 'refine-recovery', 'refine-recovery', 'refine-recovery']);
  // The joint stage's recovery head is kept (for the model card's before/after table) and differs from the refined one.
  const jointHead = refined.jointRecoveryHead!;
  assert.ok(jointHead.has('rec_negnoise'));
  const refinedOut = refined.net.model.getLayer('rec_negnoise').getWeights()[0]!.dataSync();
  assert.ok(jointHead.get('rec_negnoise')![0]!.dataSync().some((v, i) => Math.abs(v - (refinedOut[i] as number)) > 1e-7));
  for (const w of jointHead.values()) tf.dispose(w);
  assert.equal(refined.result.epochs, 2);
  assert.equal(refined.refine?.epochs, 3);
  const a = logits(jointOnly.net.model);
  const b = logits(refined.net.model);
  assert.deepEqual(b.cls, a.cls, 'the refinement changed class outputs');
  assert.ok(a.rec.some((v, i) => Math.abs(v - (b.rec[i] as number)) > 1e-5), 'the refinement did not change the recovery output');
  // Killed after the first refinement epoch: the joint stage is not run again, the result is the same.
  const resumed = await trainModel({ ...opts, refine: { epochs: 3, learningRate: 2e-3, patience: 5 }, resumeFrom: checkpoints[2]! });
  assert.deepEqual(resumed.result.history.map((h) => h.trainLosses), refined.result.history.map((h) => h.trainLosses));
  assert.deepEqual(resumed.refine?.history.map((h) => h.trainLosses), refined.refine?.history.map((h) => h.trainLosses));
  assert.deepEqual(logits(resumed.net.model), b);
  for (const r of [jointOnly, refined, resumed]) r.net.model.dispose();
});

test('trainModel: fine-tuning starts from the given network (all its layers copied); classifier-only leaves the denoiser bit-identical', async () => {
  await selectBackend();
  const data = simulatedDataset();
  const opts = tinyOptions(data);
  const outputs = (model: tf.LayersModel) => outputsOf(model, 11);
  const base = await trainModel(opts);
  const before = outputs(base.net.model);
  const tuned = await trainModel({
    ...opts,
    // A different net config is ignored: fine-tuning uses the starting network's architecture.
    net: { stageFilters: [4], kernelSize: 3 },
    train: { ...opts.train, epochs: 1, learningRate: 3e-4, trainable: 'classifier-head', weighting: { method: 'fixed', weights: [0, 1] } },
    startFrom: base.net,
  });
  const withWeights = base.net.model.layers.filter((l) => l.weights.length > 0).length;
  assert.deepEqual(tuned.transfer, { copiedLayers: withWeights, freshLayers: [] });
  const after = outputs(tuned.net.model);
  assert.deepEqual(after.rec, before.rec, 'the denoiser changed');
  assert.ok(after.cls.some((v, i) => Math.abs(v - (before.cls[i] as number)) > 1e-6), 'the classifier did not train');
  // Another label set: every layer but the classifier's output is copied.
  const threeClasses = { ...data, index: { ...data.index, classes: [...data.index.classes, { code: 'X', description: 'x' }] } };
  const other = await trainModel({ ...opts, data: threeClasses, train: { ...opts.train, epochs: 1 }, startFrom: base.net });
  assert.deepEqual(other.transfer, { copiedLayers: withWeights - 1, freshLayers: ['class_logits'] });
  await assert.rejects(trainModel({ ...opts, spec: { ...opts.spec, length: 512 }, startFrom: base.net }), /cannot fine-tune: the starting network takes 2 leads × 256 samples/);
  for (const r of [base, tuned, other]) r.net.model.dispose();
});
