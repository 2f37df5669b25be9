import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { progressLine } from '../../../src/cli/commands/train';
import { writeEdf } from '../../../src/formats/edf/writeEdf';
import { ecgSimulate } from '../../../src/signal/ecgSimulate';
import { captureIo } from '../../helpers/cliIo';

/** A labels.csv dataset of 24 simulated EDF records: FAST (110 bpm) / SLOW (55 bpm), fixed splits. */
function makeDataset(dir: string): void {
  const rows = ['file,labels,split'];
  for (let i = 0; i < 24; i++) {
    const fast = i % 2 === 0;
    const rec = ecgSimulate({ samplingRateHz: 250, durationSec: 4, heartRateBpm: fast ? 110 : 55, seed: i + 1, leads: ['I', 'II'] });
    writeFileSync(join(dir, `r${i}.edf`), writeEdf(rec));
    rows.push(`r${i}.edf,${fast ? 'FAST' : 'SLOW'},${i < 16 ? 'train' : i < 20 ? 'val' : 'test'}`);
  }
  writeFileSync(join(dir, 'labels.csv'), rows.join('\n') + '\n');
}

const CONFIG = {
  spec: { samplingRateHz: 100, leads: ['I', 'II'], length: 256 },
  net: { stageFilters: [8, 12], kernelSize: 5, blocksPerStage: 1, seed: 2 },
  batchSize: 8,
  noise: { types: ['powerline', 'pop'], snrDbRange: [0, 12] },
  train: { epochs: 2, learningRate: 0.003, seed: 4, weighting: { method: 'dwa' } },
};

test('progressLine: epoch, batch, losses, weights and ETA', () => {
  const line = progressLine({ epoch: 2, epochs: 10, batch: 5, batches: 10, losses: [0.01234, 0.5], weights: [0.5, 1.5], elapsedSec: 60, doneSteps: 15, totalSteps: 100 });
  assert.equal(line, 'epoch 2/10 [##########..........] batch 5/10 loss rec 0.0123 cls 0.5000 weights 0.500/1.500 ETA 5m40s');
});

test('train → evaluate: a labels.csv folder of EDF records gives a loadable package and scores', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-train-'));
  try {
    makeDataset(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(CONFIG));
    const io = captureIo(dir);
    const code = await runCli(['train', '--data', '.', '--config', 'config.json', '--out', 'model', '--name', 'tiny', '--version', '0.0.1'], io);
    assert.equal(code, 0, io.err);
    assert.match(io.out, /^wrote .*model \(2 epochs/);
    assert.match(io.err, /epoch 1\/2 \[.*\] batch 1\/2 loss rec/);
    for (const f of ['model.json', 'weights.bin', 'manifest.json', 'metrics.json', 'MODEL.md']) assert.ok(existsSync(join(dir, 'model', f)), f);
    assert.ok(!existsSync(join(dir, 'model', '.checkpoints')), 'checkpoints removed after success');
    const manifest = JSON.parse(readFileSync(join(dir, 'model', 'manifest.json'), 'utf8')) as { labels: { code: string }[]; training: { config: { weighting: { method: string } } } };
    assert.deepEqual(manifest.labels.map((l) => l.code), ['FAST', 'SLOW']);
    assert.equal(manifest.training.config.weighting.method, 'dwa');

    const io2 = captureIo(dir);
    assert.equal(await runCli(['evaluate', '--model', 'model', '--data', '.', '--split', 'test', '--json', '--predictions', 'p.json'], io2), 0, io2.err);
    const result = JSON.parse(io2.out) as { classification: { macroAuc: number; perClass: Record<string, { auc: number }> }; recovery: Record<string, number>; records: number };
    assert.equal(result.records, 4);
    assert.deepEqual(Object.keys(result.classification.perClass), ['FAST', 'SLOW']);
    assert.ok(result.classification.macroAuc >= 0 && result.classification.macroAuc <= 1);
    for (const k of ['snrImprovementDb', 'rmseUv', 'prdPercent', 'cosine']) assert.ok(Number.isFinite(result.recovery[k]), k);
    const predictions = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as { records: { id: string; probabilities: Record<string, number> }[] };
    assert.equal(predictions.records.length, 4);
    for (const r of predictions.records) for (const p of Object.values(r.probabilities)) assert.ok(p >= 0 && p <= 1);

    // Fine-tuning that package's classifier: its network and weights are the start, the record says so.
    const io3 = captureIo(dir);
    assert.equal(await runCli(['train', '--data', '.', '--config', 'config.json', '--out', 'tuned', '--from', 'model', '--classifier-only', '--epochs', '1'], io3), 0, io3.err);
    assert.match(io3.err, /fine-tuning from tiny 0\.0\.1 \(classifier only\)/);
    const tuned = JSON.parse(readFileSync(join(dir, 'tuned', 'manifest.json'), 'utf8')) as { training: { startedFrom: { name: string; version: string; transfer: { freshLayers: string[] } }; config: { trainable: string } } };
    assert.deepEqual([tuned.training.startedFrom.name, tuned.training.startedFrom.version, tuned.training.startedFrom.transfer.freshLayers], ['tiny', '0.0.1', []]);
    assert.equal(tuned.training.config.trainable, 'classifier-head');
    const io4 = captureIo(dir);
    assert.equal(await runCli(['train', '--data', '.', '--out', 'x', '--classifier-only'], io4), 2);
    assert.match(io4.err, /--classifier-only needs --from/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train: bad config and missing data give one error line and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-train-'));
  try {
    writeFileSync(join(dir, 'bad.json'), '{"batchSize": -3}');
    writeFileSync(join(dir, 'labels.csv'), 'file,labels\nx.edf,A\n');
    const io = captureIo(dir);
    assert.equal(await runCli(['train', '--data', '.', '--config', 'bad.json', '--out', 'm'], io), 2);
    assert.match(io.err, /^error: bad\.json: batchSize: .+\n$/);
    const io2 = captureIo(dir);
    assert.equal(await runCli(['train', '--data', 'nowhere', '--out', 'm'], io2), 2);
    assert.match(io2.err, /^error: .*nowhere: not a dataset folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train --data library:: reviewed records of the library are the training set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-train-lib-'));
  try {
    makeDataset(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(CONFIG));
    const db = join(dir, 'lib.db');
    const io = captureIo(dir);
    assert.equal(await runCli(['import', '--db', db, ...Array.from({ length: 24 }, (_, i) => `r${i}.edf`)], io), 0, io.err);
    for (let id = 1; id <= 24; id++) {
      const r = captureIo(dir);
      const label = (id - 1) % 2 === 0 ? 'FAST' : 'SLOW';
      assert.equal(await runCli(['review', String(id), '--db', db, '--labels', label, '--reviewer', 'dr-test'], r), 0, r.err);
    }
    const t = captureIo(dir);
    assert.equal(await runCli(['train', '--data', 'library:', '--db', db, '--config', 'config.json', '--out', 'libmodel'], t), 0, t.err);
    const manifest = JSON.parse(readFileSync(join(dir, 'libmodel', 'manifest.json'), 'utf8')) as { labels: { code: string }[]; training: { trainRecords: number } };
    assert.deepEqual(manifest.labels.map((l) => l.code), ['FAST', 'SLOW']);
    assert.ok(manifest.training.trainRecords >= 16, `train records ${manifest.training.trainRecords}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
