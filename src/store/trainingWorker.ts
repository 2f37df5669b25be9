// The retraining worker thread: reads the reviewed records from the library, trains and packages a model, reports progress.
// tfjs wasm steps are synchronous, so training runs here and never on the thread that serves the UI.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../model/backend';
import type { MultiTaskNet } from '../model/architectures/multiTaskNet';
import type { ModelManifest } from '../model/package/manifest';
import { loadModelPackage } from '../model/package/modelPackage';
import type { DatasetClass } from '../pipeline/datasets/datasetIndex';
import { NoiseBank } from '../pipeline/datasets/noise';
import { libraryDataset } from '../pipeline/libraryDataset';
import { trainAndPackage } from '../pipeline/trainModel';
import type { TrainSettings } from '../pipeline/trainSettings';
import { loadNstdbNoise } from './datasetFolder';
import { openLibrary } from './library';
import { readModelPackageDir, writeModelPackageDir } from './modelFiles';

export interface TrainingWorkerInput {
  dbPath: string;
  runId: number;
  settings: TrainSettings;
  classes: DatasetClass[];
  name: string;
  version: string;
  description: string;
  /** Folder the finished package is written to. */
  packageDir: string;
  checkpointPath: string;
  /** Continue from `checkpointPath` when it exists. */
  resume: boolean;
  /** NSTDB folder (bw/ma/em) when configured; otherwise only synthetic powerline and pop noise. */
  nstdbDir?: string | undefined;
  /** Int32 flag the service sets to 1 to cancel (read after every step; messages cannot arrive mid-epoch). */
  cancelFlag: SharedArrayBuffer;
  bootstrapResamples?: number | undefined;
  /** Fine-tuning: the package folder whose network and weights the run starts from. */
  startFrom?: { dir: string; name: string; version: string } | undefined;
}

export type TrainingWorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'started'; batchesPerEpoch: number; trainRecords: number; valRecords: number; testRecords: number; backend: string }
  | { type: 'step'; epoch: number; step: number; progress: number; losses: number[]; weights: number[] }
  | { type: 'epoch'; epoch: number; progress: number; metrics: Record<string, number> }
  | { type: 'completed'; manifest: ModelManifest; packageDir: string; trainMinutes: number }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string };

const TASK_NAMES = ['recovery', 'classification'];

class TrainingCancelled extends Error {
  override readonly name = 'TrainingCancelled';
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

/** Runs one training job; every outcome is posted, never thrown. */
export async function runTrainingJob(input: TrainingWorkerInput, post: (m: TrainingWorkerMessage) => void): Promise<void> {
  // The main process checked the file's integrity when it opened the library; a second full check here would only delay training.
  const library = openLibrary(input.dbPath, { skipIntegrityCheck: true });
  const cancel = new Int32Array(input.cancelFlag);
  const controller = new AbortController();
  const log = (line: string) => post({ type: 'log', line });
  try {
    const settings = input.settings;
    const data = libraryDataset(library, { classes: input.classes, seed: settings.train.seed });
    const count = (split: string) => data.index.entries.filter((e) => e.split === split).length;
    let noise = new NoiseBank();
    if (input.nstdbDir) {
      noise = loadNstdbNoise(input.nstdbDir, settings.spec.samplingRateHz);
      log(`noise: NSTDB recordings from ${input.nstdbDir} (${noise.types().join(', ')}) plus synthetic powerline and electrode pops`);
    } else {
      log('noise: synthetic powerline and electrode pops only (no NSTDB folder configured in the setting training.nstdbDir)');
    }
    const types = settings.noise.types.filter((t) => t === 'powerline' || t === 'pop' || noise.types().includes(t));
    const trainSettings: TrainSettings = { ...settings, noise: { ...settings.noise, types: types.length ? types : ['powerline', 'pop'] } };
    const backend = await selectBackend();
    let startFrom: { net: MultiTaskNet; name: string; version: string } | undefined;
    if (input.startFrom) {
      const loaded = await loadModelPackage(readModelPackageDir(input.startFrom.dir));
      startFrom = { net: loaded.net, name: input.startFrom.name, version: input.startFrom.version };
      log(`fine-tuning from ${input.startFrom.name} ${input.startFrom.version}${settings.train.trainable === 'classifier-head' ? ' (only the classifier trains)' : ''}, learning rate ${settings.train.learningRate}`);
    }
    const batchesPerEpoch = Math.ceil(count('train') / settings.batchSize);
    // Joint epochs, then the recovery-head refinement's; early stopping in either makes progress jump ahead.
    const totalSteps = Math.max(1, batchesPerEpoch * (settings.train.epochs + settings.refine.epochs));
    const refineOffset = batchesPerEpoch * settings.train.epochs;
    const stepsDone = (log: { stage?: string; step: number }) => (log.stage === 'refine-recovery' ? refineOffset : 0) + log.step + 1;
    post({ type: 'started', batchesPerEpoch, trainRecords: count('train'), valRecords: count('val'), testRecords: count('test'), backend: backend.name });
    const resumeFrom = input.resume && existsSync(input.checkpointPath) ? new Uint8Array(readFileSync(input.checkpointPath)) : undefined;
    if (resumeFrom) log(`resuming from checkpoint ${input.checkpointPath}`);
    else if (input.resume) log('no checkpoint was written before the stop; starting again from the first epoch');
    let checkpointWritten = false;
    let jointEpochs = settings.train.epochs;
    const out = await trainAndPackage({
      settings: trainSettings,
      data,
      noise,
      name: input.name,
      version: input.version,
      description: input.description,
      dataProvenance: [{ name: 'ECG Studio library reviews', notes: `${data.index.entries.length} reviewed records of ${input.dbPath}` }],
      dataDescription: `reviewed records of the library ${input.dbPath}`,
      reproduce: 'ECG Studio → Training → Start retraining (same library, same reviews)',
      signal: controller.signal,
      ...(resumeFrom ? { resumeFrom } : {}),
      ...(startFrom ? { startFrom } : {}),
      ...(input.bootstrapResamples === undefined ? {} : { bootstrapResamples: input.bootstrapResamples }),
      onStep: (s) => {
        post({ type: 'step', epoch: s.epoch, step: s.step, progress: Math.min(1, stepsDone(s) / totalSteps), losses: s.losses, weights: s.weights });
        // Stop right after this step; evaluating and packaging a cancelled run would only waste minutes.
        if (Atomics.load(cancel, 0) === 1) {
          controller.abort();
          throw new TrainingCancelled();
        }
      },
      onCheckpoint: (bytes) => {
        writeAtomic(input.checkpointPath, bytes);
        checkpointWritten = true;
      },
      onEpoch: (e) => {
        // Refinement epochs continue the joint stage's numbering, so curves run on instead of doubling back.
        const refining = e.stage === 'refine-recovery';
        if (!refining) jointEpochs = e.epoch + 1;
        const metrics: Record<string, number> = { epoch: (refining ? jointEpochs : 0) + e.epoch + 1, samples_per_sec: e.samplesPerSec, refine_stage: refining ? 1 : 0 };
        TASK_NAMES.forEach((t, i) => {
          metrics[`train_loss_${t}`] = e.trainLosses[i] as number;
          metrics[`weight_${t}`] = e.weights[i] as number;
        });
        const v = e.validation;
        if (v) {
          metrics['val_loss_recovery'] = v.recoveryLoss;
          metrics['val_loss_classification'] = v.classificationLoss;
          metrics['val_macro_auc'] = v.macroAuc;
          metrics['val_snr_improvement_db'] = v.snrImprovementDb;
        }
        const progress = Math.min(1, ((e.stage === 'refine-recovery' ? settings.train.epochs : 0) + e.epoch + 1) * batchesPerEpoch / totalSteps);
        const line = `${e.stage === 'refine-recovery' ? `recovery refinement epoch ${e.epoch + 1}/${settings.refine.epochs}` : `epoch ${e.epoch + 1}/${settings.train.epochs}`}: loss rec ${e.trainLosses[0]?.toFixed(4)} cls ${e.trainLosses[1]?.toFixed(4)}, val macro-AUC ${v ? v.macroAuc.toFixed(3) : '—'}, SNR improvement ${v ? v.snrImprovementDb.toFixed(2) : '—'} dB`;
        library.recordTrainingEpoch(input.runId, { progress, metrics, ...(checkpointWritten ? { checkpointPath: input.checkpointPath } : {}), logLine: line });
        post({ type: 'epoch', epoch: e.epoch, progress, metrics });
      },
    });
    if (out.result.stoppedBy === 'cancelled' || out.refine?.stoppedBy === 'cancelled' || controller.signal.aborted) {
      post({ type: 'cancelled' });
      return;
    }
    writeModelPackageDir(input.packageDir, out.files);
    post({ type: 'completed', manifest: out.manifest, packageDir: input.packageDir, trainMinutes: out.trainMinutes });
  } catch (err) {
    if (err instanceof TrainingCancelled) {
      post({ type: 'cancelled' });
      return;
    }
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    library.close();
  }
}

if (!isMainThread && parentPort && (workerData as { trainingWorker?: TrainingWorkerInput } | null)?.trainingWorker) {
  const port = parentPort;
  void runTrainingJob((workerData as { trainingWorker: TrainingWorkerInput }).trainingWorker, (m) => port.postMessage(m));
}
