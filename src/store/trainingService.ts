// Retraining jobs for the app: a training_runs row per job, training in a worker thread, the result registered (not activated).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { toTrainingJob } from '../pipeline/appApi';
import type { DatasetClass } from '../pipeline/datasets/datasetIndex';
import { MIN_REVIEWED_RECORDS } from '../pipeline/libraryDataset';
import { DEFAULT_TRAIN_SETTINGS, trainingModeSettings, trainSettingsSchema, type TrainSettings } from '../pipeline/trainSettings';
import { ApiError, type AppTrainingPort, type TrainingJob, type TrainingMode } from '../shared/api';
import type { TrainingRun } from '../shared/storeContracts';
import { openLibrary, type Library } from './library';
import { readModelPackage } from './modelPackage';
import type { TrainingWorkerInput, TrainingWorkerMessage } from './trainingWorker';

/** Library setting naming a folder with the MIT-BIH NSTDB records (bw, ma, em) used as training noise. */
export const NSTDB_SETTING_KEY = 'training.nstdbDir';

/** Settings that replace the defaults' parts (tests use a tiny net and short input). */
export type TrainSettingsOverride = Partial<Omit<TrainSettings, 'train'>> & { train?: Partial<TrainSettings['train']> };

export interface TrainingServiceOptions {
  dbPath: string;
  /** Where trained packages (`<name>-<version>/`) and checkpoints (`.training/`) are written. */
  modelsDir: string;
  /** The installation's models/default: the base model when the library has none registered. */
  defaultModelDir?: string | undefined;
  /** The app's open library (one is opened on `dbPath` when absent). */
  library?: Library | undefined;
  trainSettingsOverride?: TrainSettingsOverride | undefined;
  /** Bootstrap resamples of the test-set AUC intervals (default 1000). */
  bootstrapResamples?: number | undefined;
  /** Least time between two step events of one job (ms, default 100); epoch and final events always go out. */
  stepEventIntervalMs?: number | undefined;
}

export interface TrainingService extends AppTrainingPort {
  /** Stops a running worker (the run is marked cancelled, so it can be resumed) and closes an own library. */
  close(): Promise<void>;
}

/** The config stored in a run's row: everything a resume needs to continue the same training. */
interface RunConfig {
  epochs: number;
  useReviewedOnly: boolean;
  /** Absent in runs stored before fine-tuning existed: 'scratch'. */
  mode?: TrainingMode;
  base: { id: number | null; name: string; version: string; path: string };
  classes: DatasetClass[];
  settings: TrainSettings;
  name: string;
}

/** Version of the package a run produces: the base version (less an earlier `-rN`) plus `-r<run id>`. */
export function retrainedVersion(baseVersion: string, runId: number): string {
  return `${baseVersion.replace(/-r\d+$/, '')}-r${runId}`;
}

interface ActiveJob {
  runId: number;
  worker: Worker;
  cancelFlag: Int32Array;
  live: Record<string, number>;
  progress: number;
  notes: string[];
  lastStepEventMs: number;
  cancelTimer?: NodeJS.Timeout;
  settled: boolean;
}

interface BaseModel {
  id: number | null;
  name: string;
  version: string;
  path: string;
  manifest: Record<string, unknown>;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The registry's numeric summary of a package's manifest metrics: macro-AUC, per-class AUC (`auc_<code>`),
 * macro-F1, the number of test records and the model's mean SNR improvement over the recovery table's rows.
 */
export function modelMetricsSummary(manifest: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const metrics = (manifest['metrics'] ?? {}) as Record<string, unknown>;
  const labels = Array.isArray(manifest['labels']) ? (manifest['labels'] as { code?: unknown }[]) : [];
  const c = metrics['classification'] as { macroAuc?: unknown; macroF1?: unknown; records?: unknown; perClass?: { auc?: unknown }[] } | undefined;
  if (c) {
    if (finite(c.records)) out['test_records'] = c.records;
    if (finite(c.macroAuc)) out['macro_auc'] = c.macroAuc;
    if (finite(c.macroF1)) out['macro_f1'] = c.macroF1;
    (c.perClass ?? []).forEach((p, i) => {
      const code = labels[i]?.code;
      if (typeof code === 'string' && finite(p.auc)) out[`auc_${code}`] = p.auc;
    });
  }
  const rec = Array.isArray(metrics['recovery']) ? (metrics['recovery'] as { method?: unknown; snrImprovementDb?: unknown }[]) : [];
  const model = rec.filter((r) => r.method === 'model' && finite(r.snrImprovementDb)).map((r) => r.snrImprovementDb as number);
  if (model.length) out['snr_improvement_db'] = model.reduce((a, b) => a + b, 0) / model.length;
  if (finite(metrics['trainMinutes'])) out['train_minutes'] = metrics['trainMinutes'];
  return out;
}

function manifestClasses(manifest: Record<string, unknown>): DatasetClass[] {
  const labels = manifest['labels'];
  if (!Array.isArray(labels)) return [];
  return labels.flatMap((l: unknown) => {
    if (typeof l === 'string') return [{ code: l, description: l }];
    const o = l as { code?: unknown; description?: unknown };
    return typeof o?.code === 'string' ? [{ code: o.code, description: typeof o.description === 'string' ? o.description : o.code }] : [];
  });
}

/** The training settings of a job: defaults, the base model's input, the test override, the UI's epochs. */
export function jobSettings(base: Record<string, unknown>, epochs: number, override: TrainSettingsOverride = {}): TrainSettings {
  const input = base['input'] as { samplingRateHz?: unknown; leads?: unknown; lengthSamples?: unknown; preFilter?: unknown } | undefined;
  const baseSpec =
    input && finite(input.samplingRateHz) && Array.isArray(input.leads) && finite(input.lengthSamples)
      ? {
          samplingRateHz: input.samplingRateHz,
          leads: input.leads as string[],
          length: input.lengthSamples,
          ...(input.preFilter && typeof input.preFilter === 'object' ? { preFilter: input.preFilter as TrainSettings['spec']['preFilter'] } : {}),
        }
      : DEFAULT_TRAIN_SETTINGS.spec;
  return trainSettingsSchema.parse({
    ...DEFAULT_TRAIN_SETTINGS,
    spec: baseSpec,
    // The recovery-head refinement gets at most as many epochs as the joint stage the user asked for.
    refine: { ...DEFAULT_TRAIN_SETTINGS.refine, epochs: Math.min(DEFAULT_TRAIN_SETTINGS.refine.epochs, epochs) },
    ...override,
    train: { ...DEFAULT_TRAIN_SETTINGS.train, ...override.train, epochs },
  });
}

/** The worker, from the compiled .js in production, or from the .ts sources through tsx (tests, `npm run dev`). */
function spawnWorker(input: TrainingWorkerInput): Worker {
  const fromSources = __filename.endsWith('.ts');
  const file = join(__dirname, fromSources ? 'trainingWorker.ts' : 'trainingWorker.js');
  const workerData = { trainingWorker: input };
  if (!fromSources) return new Worker(file, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData });
}

export function createTrainingService(options: TrainingServiceOptions): TrainingService {
  const ownLibrary = options.library === undefined;
  const library = options.library ?? openLibrary(options.dbPath);
  const listeners = new Set<(job: TrainingJob) => void>();
  const stepInterval = options.stepEventIntervalMs ?? 100;
  let active: ActiveJob | undefined;

  const runOf = (id: number): TrainingRun => {
    const run = library.getTrainingRun(id);
    if (run === undefined) throw new ApiError('not_found', `no training run with id ${id}`);
    return run;
  };
  const jobOf = (id: number): TrainingJob => {
    const job = toTrainingJob(runOf(id));
    if (active?.runId !== id) return job;
    const notes = active.notes.join('\n');
    return {
      ...job,
      progress: Math.max(job.progress, active.progress),
      lastMetrics: { ...job.lastMetrics, ...active.live },
      logTail: (notes ? `${job.logTail}${notes}\n` : job.logTail).slice(-2000),
    };
  };
  const emit = (job: TrainingJob) => {
    for (const l of listeners) l(job);
  };

  const resolveBase = (baseModelId: number | undefined): BaseModel => {
    if (baseModelId !== undefined) {
      const m = library.listModels().find((x) => x.id === baseModelId);
      if (m === undefined) throw new ApiError('not_found', `no model with id ${baseModelId}`);
      return { id: m.id, name: m.name, version: m.version, path: m.path, manifest: m.manifest };
    }
    const activeModel = library.activeModel();
    if (activeModel) return { id: activeModel.id, name: activeModel.name, version: activeModel.version, path: activeModel.path, manifest: activeModel.manifest };
    if (options.defaultModelDir && existsSync(options.defaultModelDir)) {
      const info = readModelPackage(options.defaultModelDir);
      return { id: null, name: info.name, version: info.version, path: info.path, manifest: info.manifest };
    }
    throw new ApiError('not_available', 'Retraining needs a base model for its label set, and no model is registered or bundled');
  };

  /** A trained package must not become active by itself: register the bundled base first when the registry is empty. */
  const ensureBaseRegistered = (config: RunConfig) => {
    if (library.activeModel() !== undefined || config.base.id !== null) return;
    if (!existsSync(join(config.base.path, 'manifest.json'))) return;
    const info = readModelPackage(config.base.path);
    if (library.listModels().some((m) => m.name === info.name && m.version === info.version)) return;
    library.registerModel({ name: info.name, version: info.version, path: info.path, manifest: info.manifest, metrics: modelMetricsSummary(info.manifest) });
  };

  const finish = (job: ActiveJob, status: 'completed' | 'failed' | 'cancelled', line: string, extra: Record<string, number> = {}) => {
    if (job.settled) return;
    job.settled = true;
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    try {
      const notes = job.notes.length ? `${job.notes.join('\n')}\n` : '';
      library.finishTrainingRun(job.runId, status, `${notes}${line}`);
    } catch {
      // The row may already be final (e.g. the app closed it); the event below still reports the outcome.
    }
    const final = { ...toTrainingJob(runOf(job.runId)) };
    final.lastMetrics = { ...final.lastMetrics, ...extra };
    if (active === job) active = undefined;
    void job.worker.terminate();
    emit(final);
  };

  const onMessage = (job: ActiveJob, config: RunConfig, m: TrainingWorkerMessage) => {
    if (job.settled) return;
    if (m.type === 'log') {
      job.notes.push(m.line);
      emit(jobOf(job.runId));
    } else if (m.type === 'started') {
      job.notes.push(`data: ${m.trainRecords} training, ${m.valRecords} validation, ${m.testRecords} test records (split by patient); ${m.batchesPerEpoch} batches per epoch; backend ${m.backend}`);
      emit(jobOf(job.runId));
    } else if (m.type === 'step') {
      job.progress = m.progress;
      job.live = {
        epoch: m.epoch + 1,
        step: m.step + 1,
        loss_recovery: m.losses[0] as number,
        loss_classification: m.losses[1] as number,
        weight_recovery: m.weights[0] as number,
        weight_classification: m.weights[1] as number,
      };
      const now = Date.now();
      if (now - job.lastStepEventMs >= stepInterval) {
        job.lastStepEventMs = now;
        emit(jobOf(job.runId));
      }
    } else if (m.type === 'epoch') {
      job.progress = m.progress;
      job.live = { ...job.live, ...m.metrics };
      emit(jobOf(job.runId));
    } else if (m.type === 'completed') {
      try {
        ensureBaseRegistered(config);
        const summary = modelMetricsSummary(m.manifest as unknown as Record<string, unknown>);
        const modelId = library.registerModel({
          name: m.manifest.name,
          version: m.manifest.version,
          path: m.packageDir,
          manifest: m.manifest as unknown as Record<string, unknown>,
          metrics: summary,
        });
        const test = Object.fromEntries(Object.entries(summary).map(([k, v]) => [`test_${k}`, v]));
        finish(job, 'completed', `completed in ${m.trainMinutes.toFixed(2)} min; registered model ${m.manifest.name} ${m.manifest.version} (id ${modelId}, not active: compare and activate it in Models)`, {
          ...test,
          model_id: modelId,
        });
      } catch (err) {
        finish(job, 'failed', `trained, but the model could not be registered: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (m.type === 'cancelled') {
      finish(job, 'cancelled', 'cancelled by the user; resume continues from the last finished epoch');
    } else {
      finish(job, 'failed', `failed: ${m.message}`);
    }
  };

  const launch = (runId: number, config: RunConfig, resume: boolean): void => {
    const flag = new SharedArrayBuffer(4);
    const version = retrainedVersion(config.base.version, runId);
    const input: TrainingWorkerInput = {
      dbPath: options.dbPath,
      runId,
      settings: config.settings,
      classes: config.classes,
      name: config.name,
      version,
      description: `Retrained by ECG Studio on the library's reviewed records (run ${runId}), labels of ${config.base.name} ${config.base.version}`,
      packageDir: join(options.modelsDir, `${config.name}-${version}`.replace(/[^A-Za-z0-9._-]+/g, '_')),
      checkpointPath: join(options.modelsDir, '.training', `run-${runId}.ckpt`),
      resume,
      nstdbDir: library.getSetting(NSTDB_SETTING_KEY),
      cancelFlag: flag,
      bootstrapResamples: options.bootstrapResamples,
      ...(config.mode && config.mode !== 'scratch' ? { startFrom: { dir: config.base.path, name: config.base.name, version: config.base.version } } : {}),
    };
    const worker = spawnWorker(input);
    const job: ActiveJob = { runId, worker, cancelFlag: new Int32Array(flag), live: {}, progress: 0, notes: [], lastStepEventMs: 0, settled: false };
    active = job;
    worker.on('message', (m: TrainingWorkerMessage) => onMessage(job, config, m));
    worker.on('error', (err) => finish(job, 'failed', `failed: the training worker crashed (${err.message})`));
    worker.on('exit', (code) => {
      if (!job.settled) finish(job, Atomics.load(job.cancelFlag, 0) === 1 ? 'cancelled' : 'failed', `the training worker stopped unexpectedly (exit code ${code})`);
    });
  };

  return {
    start({ baseModelId, epochs, useReviewedOnly, mode = 'scratch' }) {
      if (!useReviewedOnly) throw new ApiError('invalid_argument', 'Training on unreviewed records is not supported yet: only reviewed records have final labels');
      if (active) throw new ApiError('invalid_argument', `training run ${active.runId} is still running; cancel it or wait for it to finish`);
      const reviewed = library.datasetItems().length;
      if (reviewed < MIN_REVIEWED_RECORDS) {
        throw new ApiError('invalid_argument', `Retraining needs at least ${MIN_REVIEWED_RECORDS} reviewed records; the library has ${reviewed}. Review more records in the viewer first.`);
      }
      const base = resolveBase(baseModelId);
      const classes = manifestClasses(base.manifest);
      if (classes.length === 0) throw new ApiError('not_available', `the base model ${base.name} ${base.version} lists no labels`);
      const config: RunConfig = {
        epochs,
        useReviewedOnly,
        base: { id: base.id, name: base.name, version: base.version, path: base.path },
        classes,
        mode,
        settings: trainingModeSettings(jobSettings(base.manifest, epochs, options.trainSettingsOverride), mode),
        name: base.name,
      };
      const runId = library.createTrainingRun(config as unknown as Record<string, unknown>);
      library.startTrainingRun(runId, process.pid);
      launch(runId, config, false);
      const job = jobOf(runId);
      emit(job);
      return job;
    },
    cancel(jobId) {
      const run = runOf(jobId);
      if (active?.runId === jobId) {
        const job = active;
        Atomics.store(job.cancelFlag, 0, 1);
        job.notes.push('cancel requested; stopping after the current step');
        // A worker stuck outside the step loop (evaluation, packaging) is stopped outright.
        job.cancelTimer = setTimeout(() => finish(job, 'cancelled', 'cancelled by the user (worker stopped)'), 30_000);
        job.cancelTimer.unref();
        const out = jobOf(jobId);
        emit(out);
        return out;
      }
      if (run.status === 'queued' || run.status === 'interrupted') {
        library.finishTrainingRun(jobId, 'cancelled', 'cancelled by the user');
        const out = jobOf(jobId);
        emit(out);
        return out;
      }
      throw new ApiError('invalid_argument', `training run ${jobId} is ${run.status}; only a running, queued or interrupted run can be cancelled`);
    },
    resume(jobId) {
      const run = runOf(jobId);
      if (run.status !== 'interrupted' && run.status !== 'cancelled') {
        throw new ApiError('invalid_argument', `training run ${jobId} is ${run.status}; only an interrupted or cancelled run can be resumed`);
      }
      if (active) throw new ApiError('invalid_argument', `training run ${active.runId} is still running; cancel it or wait for it to finish`);
      const config = run.config as unknown as RunConfig;
      if (!config.settings || !config.base || !Array.isArray(config.classes)) throw new ApiError('invalid_argument', `training run ${jobId} was not started by the app and cannot be resumed here`);
      // The repository resumes interrupted runs; a cancelled one becomes interrupted first, in the same transaction.
      library.db.transaction(() => {
        library.db.prepare(`UPDATE training_runs SET status = 'interrupted' WHERE id = ? AND status = 'cancelled'`).run(jobId);
        library.resumeTrainingRun(jobId, process.pid);
      })();
      launch(jobId, config, true);
      const job = jobOf(jobId);
      emit(job);
      return job;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      const job = active;
      if (job) {
        Atomics.store(job.cancelFlag, 0, 1);
        finish(job, 'cancelled', 'stopped because the app closed; resume continues from the last finished epoch');
        await job.worker.terminate();
      }
      if (ownLibrary) library.close();
    },
  };
}
