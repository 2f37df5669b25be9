// Reproduces models/default from ../shared/data (PTB-XL superclasses + NSTDB noise) with a fixed seed, evaluates it
// on fold 10 and writes the package with metrics.json and MODEL.md. Run: npm run train:default [-- --quick]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { selectBackend } from '../src/model/backend';
import { modelCardMarkdown, type CardManifest } from '../src/pipeline/modelCard';
import { trainAndPackage } from '../src/pipeline/trainModel';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../src/pipeline/trainSettings';
import { loadNstdbNoise, openDatasetFolder } from '../src/store/datasetFolder';
import { writeModelPackageDir } from '../src/store/modelFiles';

const DATA = process.env['ECG_SHARED_DATA'] ?? resolve(__dirname, '..', '..', 'shared', 'data');
const QUICK = process.argv.includes('--quick'); // smoke run: 2 epochs, written to .cache instead of models/
const OUT_ARG = process.argv.find((_, i) => process.argv[i - 1] === '--out'); // a candidate elsewhere than models/default
const OUT = OUT_ARG ? resolve(OUT_ARG) : QUICK ? resolve(__dirname, '..', '.cache', 'default-quick') : resolve(__dirname, '..', 'models', 'default');
const CACHE = resolve(__dirname, '..', '.cache', 'train-default');
const DATA_DESCRIPTION = 'ptb-xl and nstdb from ../shared/data';

/** `--card-only`: rewrites MODEL.md of the existing package from its manifest.json (after a card template change). */
function rewriteCard(): void {
  const manifest = JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8')) as CardManifest & { backend: string };
  const minutes = (manifest.metrics as { trainMinutes: number }).trainMinutes;
  writeFileSync(join(OUT, 'MODEL.md'), modelCardMarkdown(manifest, { backend: manifest.backend, trainMinutes: minutes, dataDir: DATA_DESCRIPTION, reproduce: 'npm run train:default' }));
  console.log(`rewrote ${join(OUT, 'MODEL.md')}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--card-only')) return rewriteCard();
  if (!existsSync(join(DATA, 'ptb-xl', 'ptbxl_database.csv'))) {
    console.error(`error: ${DATA}: PTB-XL not found (set ECG_SHARED_DATA to the shared data folder)`);
    process.exit(2);
  }
  const backend = await selectBackend();
  console.log(`backend: ${backend.name} (SIMD ${backend.simd}, threads ${backend.threads ?? 'default'})`);
  const settings: TrainSettings = QUICK
    ? { ...DEFAULT_TRAIN_SETTINGS, train: { ...DEFAULT_TRAIN_SETTINGS.train, epochs: 2 }, refine: { ...DEFAULT_TRAIN_SETTINGS.refine, epochs: 1 } }
    : DEFAULT_TRAIN_SETTINGS;
  const data = openDatasetFolder(join(DATA, 'ptb-xl'));
  const noise = loadNstdbNoise(join(DATA, 'nstdb'), settings.spec.samplingRateHz);
  const trainCount = data.index.entries.filter((e) => e.split === 'train').length;
  const batches = Math.ceil(trainCount / settings.batchSize);
  // A killed run resumes from its last epoch checkpoint (one file per distinct joint-stage configuration; the
  // refinement stage writes to the same file and its checkpoints carry the joint stage's result).
  const { refine: _refine, ...jointSettings } = settings;
  const ckptPath = join(CACHE, `${createHash('sha256').update(JSON.stringify(jointSettings)).digest('hex').slice(0, 16)}.ckpt`);
  mkdirSync(CACHE, { recursive: true });
  const resumeFrom = existsSync(ckptPath) ? new Uint8Array(readFileSync(ckptPath)) : undefined;
  // Minutes spent up to the checkpoint, so that a resumed run's model card states the whole training time.
  const minutesPath = `${ckptPath}.minutes`;
  const priorTrainMinutes = resumeFrom && existsSync(minutesPath) ? Number(readFileSync(minutesPath, 'utf8')) || 0 : 0;
  if (resumeFrom) console.log(`resuming from ${ckptPath} (${priorTrainMinutes.toFixed(1)} min of training before it)`);
  const t0 = Date.now();
  const out = await trainAndPackage({
    settings,
    data,
    noise,
    name: 'ecg-studio-default',
    version: '1.1.0',
    description: 'Multi-task 1D-CNN: 12-lead ECG denoising (recovery) and PTB-XL diagnostic superclass classification. Advisory, not a diagnosis.',
    dataProvenance: [
      { name: 'PTB-XL', version: 'subset: ecg_id 1-450, 501-1999 at 100 Hz', url: 'https://physionet.org/content/ptb-xl/', license: 'CC BY 4.0', notes: 'Wagner et al. 2020, Sci Data 7:154' },
      { name: 'MIT-BIH Noise Stress Test Database (bw, ma)', version: '1.0.0', url: 'https://physionet.org/content/nstdb/1.0.0/', license: 'ODC-By 1.0', notes: 'Moody, Muldrow, Mark 1984' },
    ],
    dataDescription: DATA_DESCRIPTION,
    reproduce: 'npm run train:default',
    recoveryNoiseTypes: ['bw', 'ma'],
    ...(resumeFrom ? { resumeFrom } : {}),
    onStep: (log) => {
      if (log.stepInEpoch % 10 === 0) {
        console.log(`  ${log.stage === 'refine-recovery' ? 'refinement ' : ''}epoch ${log.epoch + 1} batch ${log.stepInEpoch + 1}/${batches} loss rec ${log.losses[0]?.toFixed(4)} cls ${log.losses[1]?.toFixed(4)} weights ${log.weights.map((w) => w.toFixed(3)).join('/')}`);
      }
    },
    onEpoch: (log) => {
      const v = log.validation;
      console.log(
        `${log.stage === 'refine-recovery' ? 'recovery refinement epoch' : 'epoch'} ${log.epoch + 1}: train rec ${log.trainLosses[0]?.toFixed(4)} cls ${log.trainLosses[1]?.toFixed(4)}; val macro-AUC ${v?.macroAuc.toFixed(4)} SNR+ ${v?.snrImprovementDb.toFixed(2)} dB; ${log.samplesPerSec.toFixed(1)} samples/s; ${((Date.now() - t0) / 60000).toFixed(1)} min`,
      );
    },
    onCheckpoint: (bytes) => {
      writeFileSync(ckptPath, bytes);
      writeFileSync(minutesPath, String(priorTrainMinutes + (Date.now() - t0) / 60000));
    },
    priorTrainMinutes,
  });
  const c = out.manifest.metrics['classification'] as { macroAuc: number; macroAucCi95: number[] };
  if (out.refine) console.log(`recovery refinement: ${out.refine.epochs} epochs (${out.refine.stoppedBy}), best epoch ${(out.refine.bestEpoch ?? 0) + 1}`);
  console.log(`trained ${out.result.epochs} epochs (${out.result.stoppedBy}) in ${out.trainMinutes.toFixed(1)} min; test macro-AUC ${c.macroAuc.toFixed(4)} [${c.macroAucCi95.map((x) => x.toFixed(3)).join(', ')}]`);
  rmSync(OUT, { recursive: true, force: true });
  writeModelPackageDir(OUT, out.files);
  console.log(`wrote ${OUT}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
