// The shipped model against its own card: fold-10 figures measured again on the PTB-XL and NSTDB files in ../shared/data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../src/model/backend';
import { loadModelPackage } from '../../src/model/package/modelPackage';
import { evaluateClassification, evaluateRecovery, trainOptionsFromSettings, type RecoveryRow } from '../../src/pipeline/trainModel';
import { DEFAULT_TRAIN_SETTINGS } from '../../src/pipeline/trainSettings';
import { loadNstdbNoise, openDatasetFolder } from '../../src/store/datasetFolder';
import { readModelPackageDir } from '../../src/store/modelFiles';
import { assertClose } from '../helpers/assertClose';
import { sharedPath, skipWithoutSharedData } from '../helpers/sharedData';

const MODEL_DIR = resolve(__dirname, '..', '..', 'models', 'default');
const skip = skipWithoutSharedData('ptb-xl') || skipWithoutSharedData('nstdb');

test('models/default: MODEL.md states intended use, the PTB-XL licence and citation, per-class AUCs and known limits', () => {
  const card = readFileSync(join(MODEL_DIR, 'MODEL.md'), 'utf8');
  for (const needle of [/not a diagnosis/, /CC BY 4\.0/, /Wagner P, Strodthoff N/, /ODC-By 1\.0/, /\| HYP \| hypertrophy \| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/, /## Known limits/, /\| ma \| 12 \| butterworth 1-15 Hz \|/]) {
    assert.match(card, needle);
  }
});

test('models/default: fold-10 macro-AUC and the 0 dB recovery cells measured again equal metrics.json', { skip, timeout: 600_000 }, async (t) => {
  await selectBackend();
  const metrics = JSON.parse(readFileSync(join(MODEL_DIR, 'metrics.json'), 'utf8')) as {
    classification: { macroAuc: number; macroAucCi95: [number, number]; records: number };
    recovery: RecoveryRow[];
  };
  const { net } = await loadModelPackage(readModelPackageDir(MODEL_DIR));
  const data = openDatasetFolder(sharedPath('ptb-xl'));
  const noise = loadNstdbNoise(sharedPath('nstdb'), DEFAULT_TRAIN_SETTINGS.spec.samplingRateHz);
  const opts = trainOptionsFromSettings(DEFAULT_TRAIN_SETTINGS, data, noise);
  try {
    const c = await evaluateClassification(net.model, opts, 'test');
    t.diagnostic(`macro-AUC ${c.macroAuc.toFixed(4)} [${c.macroAucCi95.map((x) => x.toFixed(3)).join(', ')}] on ${c.records} records`);
    assert.equal(c.records, metrics.classification.records);
    assertClose(c.macroAuc, metrics.classification.macroAuc, { atol: 1e-4 }, 'macro-AUC');
    assert.ok(c.macroAuc >= 0.85, `macro-AUC ${c.macroAuc}`);
    const rows = evaluateRecovery(net.model, opts, 'test', ['bw', 'ma'], [0]);
    for (const r of rows) {
      const card = metrics.recovery.find((x) => x.noiseType === r.noiseType && x.inputSnrDb === r.inputSnrDb && x.method === r.method);
      assert.ok(card, `${r.noiseType} ${r.method} in metrics.json`);
      assertClose(r.snrImprovementDb, card.snrImprovementDb, { atol: 0.01 }, `${r.noiseType} 0 dB ${r.method}`);
    }
    for (const type of ['bw', 'ma'] as const) {
      const cell = rows.filter((r) => r.noiseType === type);
      const model = cell.find((r) => r.method === 'model')!.snrImprovementDb;
      const best = Math.max(...cell.filter((r) => r.method !== 'model').map((r) => r.snrImprovementDb));
      t.diagnostic(`${type} 0 dB: model ${model.toFixed(2)} dB, best band-pass ${best.toFixed(2)} dB`);
      assert.ok(model > best, `${type}: model ${model} vs band-pass ${best}`);
    }
  } finally {
    net.model.dispose();
  }
});
