// Tests of the retraining service: jobs in a worker thread, progress events, registration, cancel, resume, a responsive server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingJob } from '../../src/shared/api';
import type * as tf from '@tensorflow/tfjs';
import { loadModelPackage } from '../../src/model/package/modelPackage';
import { openLibrary } from '../../src/store/library';
import { readModelPackageDir } from '../../src/store/modelFiles';
import { createTrainingService, jobSettings, modelMetricsSummary } from '../../src/store/trainingService';
import { startAppServer } from '../../src/server/appServer';
import { writeTinyModel } from '../pipeline/helpers/tinyModel';
import { addReviewedRecords, TINY_TRAIN_OVERRIDE } from './helpers/trainingFixtures';

let tmp: string;
let dbPath: string;
let modelDir: string;

function waitFor(jobs: TrainingJob[], jobId: number, states: TrainingJob['state'][], timeoutMs = 120_000): Promise<TrainingJob> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const hit = jobs.find((j) => j.jobId === jobId && states.includes(j.state));
      if (hit) return resolve(hit);
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`job ${jobId} did not reach ${states.join('/')}; last ${JSON.stringify(jobs.at(-1))}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

/** A service on the shared library with the tiny settings, and every job event it emits. */
function serviceWithEvents(modelsSubdir: string, bootstrapResamples = 50) {
  const service = createTrainingService({ dbPath, modelsDir: join(tmp, modelsSubdir), defaultModelDir: modelDir, trainSettingsOverride: TINY_TRAIN_OVERRIDE, bootstrapResamples });
  const events: TrainingJob[] = [];
  service.onProgress((j) => events.push(j));
  return { service, events };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-training-'));
  dbPath = join(tmp, 'library.db');
  modelDir = await writeTinyModel(join(tmp, 'default-model'));
  const library = openLibrary(dbPath);
  addReviewedRecords(library, 12);
  library.close();
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('jobSettings: the base model input, the override and the UI epochs', () => {
  const s = jobSettings({ input: { samplingRateHz: 100, leads: ['I', 'II'], lengthSamples: 256 } }, 3, TINY_TRAIN_OVERRIDE);
  assert.deepEqual(s.spec.leads, ['I', 'II']);
  assert.equal(s.spec.length, 256);
  assert.equal(s.train.epochs, 3);
  assert.equal(s.batchSize, 4);
  assert.equal(s.train.weighting.method, 'fixed');
});

test('modelMetricsSummary: macro and per-class AUC, mean model SNR improvement', () => {
  const m = modelMetricsSummary({
    labels: [{ code: 'NORM' }, { code: 'AFIB' }],
    metrics: {
      classification: { macroAuc: 0.8, macroF1: 0.5, records: 12, perClass: [{ auc: 0.9 }, { auc: 0.7 }] },
      recovery: [
        { method: 'model', snrImprovementDb: 4 },
        { method: 'model', snrImprovementDb: 6 },
        { method: 'butterworth 0.5-40 Hz', snrImprovementDb: 1 },
      ],
    },
  });
  assert.deepEqual(m, { test_records: 12, macro_auc: 0.8, macro_f1: 0.5, auc_NORM: 0.9, auc_AFIB: 0.7, snr_improvement_db: 5 });
});

test('start → progress events → completed → registered, not active; the baseline is registered first', async () => {
  const { service, events } = serviceWithEvents('models');
  try {
    const started = service.start({ epochs: 2, useReviewedOnly: true });
    assert.equal(started.state, 'running');
    const done = await waitFor(events, started.jobId, ['completed', 'failed']);
    assert.equal(done.state, 'completed', done.logTail);
    // 2 joint epochs, then up to 2 recovery-head refinement epochs (as many as the joint stage, at most 8).
    assert.equal(done.epochsDone, 4);
    assert.ok(events.some((e) => e.lastMetrics['loss_recovery'] !== undefined && e.lastMetrics['loss_classification'] !== undefined), 'step events carry both task losses');
    assert.ok(events.some((e) => e.lastMetrics['weight_recovery'] !== undefined), 'step events carry the task weights');
    assert.ok(events.some((e) => e.lastMetrics['val_macro_auc'] !== undefined || e.lastMetrics['val_loss_recovery'] !== undefined), 'epoch events carry validation metrics');
    assert.match(done.logTail, /powerline and electrode pops only/);
    const modelId = done.lastMetrics['model_id'];
    assert.ok(modelId !== undefined);
    const library = openLibrary(dbPath);
    try {
      const models = library.listModels();
      const trained = models.find((m) => m.id === modelId);
      assert.ok(trained);
      assert.equal(trained.active, false, 'the new model waits for the user to activate it');
      assert.equal(trained.version, `0.1.0-r${started.jobId}`);
      assert.ok(existsSync(join(trained.path, 'model.json')) && existsSync(join(trained.path, 'MODEL.md')));
      // The refinement ran, so the card compares the joint stage's recovery head with the refined one.
      const metrics = (trained.manifest as { metrics: { recovery: { method: string }[]; recoveryJointStage: unknown[] } }).metrics;
      assert.equal(metrics.recoveryJointStage.length, metrics.recovery.filter((r) => r.method === 'model').length);
      assert.match(readFileSync(join(trained.path, 'MODEL.md'), 'utf8'), /### What the recovery-head refinement changed/);
      assert.equal(library.activeModel()?.name, 'tiny-test', 'the bundled base model became the registered active one');
      const run = library.getTrainingRun(started.jobId);
      assert.equal(run?.epochMetrics.length, 4);
      assert.deepEqual(run?.epochMetrics.map((m) => [m['epoch'], m['refine_stage']]), [[1, 0], [2, 0], [3, 1], [4, 1]]);
      assert.ok(run?.checkpointPath && existsSync(run.checkpointPath));
    } finally {
      library.close();
    }
  } finally {
    await service.close();
  }
});

test('cancel → cancelled; resume continues from the checkpoint and completes', async () => {
  const { service, events } = serviceWithEvents('models');
  try {
    const started = service.start({ epochs: 20, useReviewedOnly: true });
    // Cancel once the first epoch is done (so that a checkpoint exists).
    await new Promise<void>((resolve) => {
      const off = service.onProgress((j) => {
        if (j.jobId === started.jobId && j.epochsDone >= 1) {
          off();
          resolve();
        }
      });
    });
    service.cancel(started.jobId);
    const cancelled = await waitFor(events, started.jobId, ['cancelled', 'completed', 'failed']);
    assert.equal(cancelled.state, 'cancelled', cancelled.logTail);
    assert.throws(() => service.cancel(started.jobId), /cancelled/);
    const epochsBefore = cancelled.epochsDone;
    assert.ok(epochsBefore >= 1 && epochsBefore < 20, `${epochsBefore} epochs before the cancel`);
    events.length = 0;
    const resumed = service.resume(started.jobId);
    assert.equal(resumed.state, 'running');
    const done = await waitFor(events, started.jobId, ['completed', 'failed']);
    assert.equal(done.state, 'completed', done.logTail);
    const reader = openLibrary(dbPath, { readonly: true });
    const run = reader.getTrainingRun(started.jobId);
    reader.close();
    const epochs = (run?.epochMetrics ?? []).map((m) => (m as { epoch: number }).epoch);
    assert.deepEqual(epochs, epochs.map((_, i) => i + 1), 'epochs of both sessions are kept, none repeated');
    assert.ok(done.epochsDone > epochsBefore);
    assert.match(done.logTail, /resuming from checkpoint/);
  } finally {
    await service.close();
  }
});

test("mode 'fine-tune-classifier': starts from the base model's weights, a tenth of the learning rate, the denoiser untouched", async () => {
  const { service, events } = serviceWithEvents('models-ft', 20);
  try {
    const started = service.start({ epochs: 1, useReviewedOnly: true, mode: 'fine-tune-classifier' });
    const done = await waitFor(events, started.jobId, ['completed', 'failed']);
    assert.equal(done.state, 'completed', done.logTail);
    assert.equal(done.epochsDone, 1, 'no recovery refinement when only the classifier is tuned');
    assert.match(done.logTail, /fine-tuning from tiny-test .* \(only the classifier trains\), learning rate/);
    const library = openLibrary(dbPath);
    try {
      const trained = library.listModels().find((m) => m.id === done.lastMetrics['model_id']);
      const training = (trained?.manifest as { training: { startedFrom: { name: string }; config: { trainable: string; learningRate: number } } }).training;
      assert.equal(training.startedFrom.name, 'tiny-test');
      assert.equal(training.config.trainable, 'classifier-head');
      const scratch = jobSettings({}, 1, TINY_TRAIN_OVERRIDE).train.learningRate;
      assert.ok(Math.abs(training.config.learningRate - scratch / 10) < 1e-12);
      // The recovery head's weights are byte-identical to the base package's.
      const a = (await loadModelPackage(readModelPackageDir(modelDir))).net.model;
      const b = (await loadModelPackage(readModelPackageDir(trained!.path))).net.model;
      const recWeights = (m: tf.LayersModel) => m.layers.filter((l) => l.name.startsWith('rec_') || l.name.startsWith('sh_')).flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));
      assert.deepEqual(recWeights(b), recWeights(a));
      a.dispose();
      b.dispose();
    } finally {
      library.close();
    }
  } finally {
    await service.close();
  }
});

test('start: fewer than 8 reviewed records is refused with a clear message', async () => {
  const small = join(tmp, 'small.db');
  const library = openLibrary(small);
  addReviewedRecords(library, 3);
  library.close();
  const service = createTrainingService({ dbPath: small, modelsDir: join(tmp, 'models-small'), defaultModelDir: modelDir });
  try {
    assert.throws(() => service.start({ epochs: 1, useReviewedOnly: true }), /at least 8 reviewed records; the library has 3/);
  } finally {
    await service.close();
  }
});

test('the web server answers requests while the worker trains', async () => {
  const server = await startAppServer({ dbPath, port: 0, defaultModelDir: modelDir, modelsDir: join(tmp, 'models'), trainSettingsOverride: TINY_TRAIN_OVERRIDE, bootstrapResamples: 50 });
  try {
    const cookie = (await fetch(server.shell.openUrl, { redirect: 'manual' })).headers.get('set-cookie')?.split(';')[0] ?? '';
    const call = async (name: string, body: unknown) => {
      const res = await fetch(`${server.shell.url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; result: Record<string, unknown> };
    };
    const events: TrainingJob[] = [];
    server.api.onEvent((e) => {
      if (e.type === 'training') events.push(e.job);
    });
    const started = await call('startTraining', { epochs: 50 });
    assert.equal(started.ok, true, JSON.stringify(started));
    const jobId = started.result['jobId'] as number;
    // Wait until the worker is inside the training loop, then time a request.
    while (!events.some((e) => e.lastMetrics['step'] !== undefined)) await new Promise((r) => setTimeout(r, 20));
    const list = await call('listRecords', {});
    assert.equal(list.ok, true);
    assert.equal(list.result['total'], 12);
    assert.ok(!events.some((e) => e.jobId === jobId && e.state !== 'running'), 'the job was still training when the request was answered');
    const caps = await call('capabilities', {});
    assert.equal(caps.result['training'], true);
    await call('cancelTraining', { jobId });
    await waitFor(events, jobId, ['cancelled', 'completed', 'failed']);
  } finally {
    await server.close();
  }
});
