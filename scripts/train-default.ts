// Reproduces models/default from ../shared/data (PTB-XL superclasses + NSTDB noise) with a fixed seed, then
// evaluates it on fold 10 and writes the package, metrics.json and MODEL.md. Run: npm run train:default
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { selectBackend } from '../src/model/backend';
import { saveModelPackage } from '../src/model/package/modelPackage';
import type { TrainConfig } from '../src/model/train/trainMultiTask';
import { STANDARD_LEADS } from '../src/shared/leads';
import { evaluateClassification, evaluateRecovery, positiveClassWeights, trainingManifestPart, trainModel, type TrainModelOptions } from '../src/pipeline/trainModel';
import { loadNstdbNoise, openDatasetFolder } from '../src/store/datasetFolder';
import { writeModelPackageDir } from '../src/store/modelFiles';
import { writeModelCard } from './modelCard';

const DATA = process.env['ECG_SHARED_DATA'] ?? resolve(__dirname, '..', '..', 'shared', 'data');
const OUT = resolve(__dirname, '..', 'models', 'default');
const CACHE = resolve(__dirname, '..', '.cache', 'train-default');
const QUICK = process.argv.includes('--quick'); // smoke run: 2 epochs, no package written

export const DEFAULT_MODEL_SETTINGS = {
  spec: { samplingRateHz: 100, leads: STANDARD_LEADS, length: 1000 },
  net: { stageFilters: [32, 48, 64], kernelSize: 7, blocksPerStage: 1, norm: 'batch', sharing: 'hard', recoveryTarget: 'noise', seed: 20261128 },
  batchSize: 32,
  noiseSettings: { types: ['bw', 'ma', 'bw', 'ma', 'powerline', 'pop'], snrDbRange: [-6, 24], cleanFraction: 0.2 },
  train: {
    epochs: 30,
    learningRate: 1e-3,
    seed: 20261128,
    schedule: { strategy: { kind: 'joint' } },
    weighting: { method: 'uncertainty' },
    earlyStopping: { metric: 'macro_auc', patience: 6, restoreBest: true },
  },
} as const;

async function main(): Promise<void> {
  if (!existsSync(join(DATA, 'ptb-xl', 'ptbxl_database.csv'))) {
    console.error(`error: ${DATA}: PTB-XL not found (set ECG_SHARED_DATA to the shared data folder)`);
    process.exit(2);
  }
  const backend = await selectBackend();
  console.log(`backend: ${backend.name} (SIMD ${backend.simd}, threads ${backend.threads})`);
  const folder = openDatasetFolder(join(DATA, 'ptb-xl'));
  const noise = loadNstdbNoise(join(DATA, 'nstdb'), 100);
  const s = DEFAULT_MODEL_SETTINGS;
  const train: TrainConfig = {
    ...(s.train as unknown as TrainConfig),
    epochs: QUICK ? 2 : s.train.epochs,
    classLoss: { kind: 'bce', posWeight: positiveClassWeights(folder.index) },
  };
  const options: TrainModelOptions = {
    data: folder,
    noise,
    noiseSettings: { types: [...s.noiseSettings.types], snrDbRange: [...s.noiseSettings.snrDbRange], cleanFraction: s.noiseSettings.cleanFraction },
    spec: { ...s.spec, leads: [...s.spec.leads] },
    net: { ...s.net, stageFilters: [...s.net.stageFilters] },
    train,
    batchSize: s.batchSize,
  };
  const configHash = createHash('sha256').update(JSON.stringify({ s, train, QUICK })).digest('hex').slice(0, 16);
  const ckptPath = join(CACHE, `${configHash}.ckpt`);
  mkdirSync(CACHE, { recursive: true });
  const resumeFrom = existsSync(ckptPath) ? new Uint8Array(readFileSync(ckptPath)) : undefined;
  if (resumeFrom) console.log(`resuming from ${ckptPath}`);
  const t0 = Date.now();
  const batchesPerEpoch = Math.ceil(folder.index.entries.filter((e) => e.split === 'train').length / s.batchSize);
  const { net, result } = await trainModel({
    ...options,
    ...(resumeFrom ? { resumeFrom } : {}),
    onStep: (log) => {
      if (log.stepInEpoch % 10 === 0) {
        process.stdout.write(
          `  epoch ${log.epoch + 1} batch ${log.stepInEpoch + 1}/${batchesPerEpoch} loss rec ${log.losses[0]?.toFixed(4)} cls ${log.losses[1]?.toFixed(4)} weights ${log.weights.map((w) => w.toFixed(3)).join('/')}\n`,
        );
      }
    },
    onEpoch: (log) => {
      const v = log.validation;
      console.log(
        `epoch ${log.epoch + 1}: train rec ${log.trainLosses[0]?.toFixed(4)} cls ${log.trainLosses[1]?.toFixed(4)}; val macro-AUC ${v?.macroAuc.toFixed(4)} SNR+ ${v?.snrImprovementDb.toFixed(2)} dB; ${log.samplesPerSec.toFixed(1)} samples/s; ${((Date.now() - t0) / 60000).toFixed(1)} min`,
      );
    },
    onCheckpoint: (bytes) => writeFileSync(ckptPath, bytes),
  });
  const trainMinutes = (Date.now() - t0) / 60000;
  console.log(`trained: ${result.epochs} epochs (${result.stoppedBy}), best epoch ${result.bestEpoch}, ${trainMinutes.toFixed(1)} min`);

  const classification = await evaluateClassification(net.model, options, 'test');
  console.log(`test macro-AUC ${classification.macroAuc.toFixed(4)} [${classification.macroAucCi95.map((x) => x.toFixed(3)).join(', ')}]`);
  const recovery = evaluateRecovery(net.model, options, 'test', ['bw', 'ma'], [0, 6, 12]);
  for (const r of recovery) console.log(`  ${r.noiseType} ${r.inputSnrDb} dB ${r.method}: SNR+ ${r.snrImprovementDb.toFixed(2)} dB, RMSE ${r.rmseUv.toFixed(1)} µV, PRD ${r.prdPercent.toFixed(1)} %`);
  if (QUICK) return;

  const manifest = {
    formatVersion: 1 as const,
    name: 'ecg-studio-default',
    version: '1.0.0',
    created: new Date().toISOString(),
    description: 'Multi-task 1D-CNN: 12-lead ECG denoising (recovery) and PTB-XL diagnostic superclass classification. Advisory, not a diagnosis.',
    ...trainingManifestPart(options, net, result),
    outputs: { recovery: { name: 'recovery', units: 'mV' as const }, classification: { name: 'class_logits', activation: 'logits' as const } },
    dataProvenance: [
      { name: 'PTB-XL', version: '1.0.1/1.0.3 subset (ecg_id 1-450, 501-1999, 100 Hz)', url: 'https://physionet.org/content/ptb-xl/', license: 'CC BY 4.0', notes: 'Wagner et al. 2020, Sci Data 7:154' },
      { name: 'MIT-BIH Noise Stress Test Database (bw, ma)', version: '1.0.0', url: 'https://physionet.org/content/nstdb/1.0.0/', license: 'ODC-By 1.0', notes: 'Moody, Muldrow, Mark 1984' },
    ],
    metrics: { split: 'test (strat_fold 10)', trainMinutes, classification, recovery },
  };
  rmSync(OUT, { recursive: true, force: true });
  writeModelPackageDir(OUT, await saveModelPackage(net.model, manifest));
  writeFileSync(join(OUT, 'metrics.json'), JSON.stringify(manifest.metrics, null, 2) + '\n');
  writeModelCard(join(OUT, 'MODEL.md'), manifest, { backend: backend.name, trainMinutes, dataDir: 'ptb-xl + nstdb from ../shared/data' });
  console.log(`wrote ${OUT}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
