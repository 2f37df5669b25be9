import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig } from '../../../src/model/architectures/multiTaskNet';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { evaluateMultiTask } from '../../../src/model/train/evaluate';
import { syntheticExamples } from '../syntheticEcg';
import { useWasmBackend } from '../tfTestBackend';

test('evaluateMultiTask: counts every record, gives finite losses, AUC in [0, 1] and recovery metrics; no leaks', async () => {
  await useWasmBackend();
  const net = buildMultiTaskNet(defaultNetConfig({ inputLength: 32, leads: 2, classCount: 2, stageFilters: [4, 4], kernelSize: 3 }));
  const data = syntheticExamples(12, 32, 2, 3);
  const before = tf.memory().numTensors;
  const r = await evaluateMultiTask(net.model, inMemoryBatchSource(data, 5, false), { classLoss: { kind: 'bce' }, microvoltsPerUnit: 1000 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.records, 12);
  assert.equal(r.scores.length, 24);
  assert.ok(Number.isFinite(r.recoveryLoss) && Number.isFinite(r.classificationLoss));
  assert.ok(r.macroAuc >= 0 && r.macroAuc <= 1);
  assert.ok(Number.isFinite(r.snrImprovementDb) && r.rmseUv > 0 && r.prdPercent > 0);
  net.model.dispose();
});
