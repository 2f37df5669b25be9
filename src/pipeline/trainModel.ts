// Training and evaluating the multi-task model on a dataset: the use case behind `ecg-studio train`,
// `ecg-studio evaluate` and `npm run train:default`.
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig, type MultiTaskNet, type MultiTaskNetConfig } from '../model/architectures/multiTaskNet';
import { predictMultiTask } from '../model/infer';
import { classificationReport, rocAuc } from '../model/metrics/classification';
import { RecoveryMetricsAccumulator } from '../model/metrics/recovery';
import type { ModelManifest } from '../model/package/manifest';
import { saveModelPackage } from '../model/package/modelPackage';
import type { BatchSource, MultiTaskBatch } from '../model/train/batches';
import { evaluateMultiTask, type EvaluationResult } from '../model/train/evaluate';
import type { RecoveryLossKind } from '../model/train/losses';
import { checkpointExtra, headLayers, trainMultiTask, type EpochLog, type StepLog, type TrainConfig, type TrainResult } from '../model/train/trainMultiTask';
import type { EcgRecord } from '../shared/ecgRecord';
import { SeededRandom } from '../shared/random';
import { ecgFilter } from '../signal/ecgFilter';
import { createBatchStream, type TrainingBatch } from './datasets/batchStream';
import { classCounts, type DatasetEntry, type DatasetIndex, type DatasetSplit } from './datasets/datasetIndex';
import type { NoiseBank, NoiseType } from './datasets/noise';
import type { ModelInputSpec } from './datasets/prepareInput';
import { modelCardMarkdown, type CardManifest } from './modelCard';
import { applyFrontEnd } from './modelFrontEnd';
import type { TrainSettings } from './trainSettings';

export interface DatasetAccess {
  index: DatasetIndex;
  loadRecord: (entry: DatasetEntry) => EcgRecord;
}

export interface NoiseSettings {
  types: NoiseType[];
  snrDbRange: [number, number];
  cleanFraction?: number;
  /** See BatchStreamOptions.cleanHighPassHz (default 0.5 Hz). */
  cleanHighPassHz?: number;
}

export interface TrainModelOptions {
  data: DatasetAccess;
  noise: NoiseBank;
  noiseSettings: NoiseSettings;
  spec: ModelInputSpec;
  net?: Partial<MultiTaskNetConfig>;
  train: TrainConfig;
  batchSize: number;
  /** Most prepared windows held in memory by each stream. */
  cacheEntries?: number;
  onStep?: (log: StepLog) => void;
  onEpoch?: (log: EpochLog) => void;
  onCheckpoint?: (bytes: Uint8Array, info: { epoch: number; step: number }) => void | Promise<void>;
  resumeFrom?: Uint8Array;
  signal?: AbortSignal;
  /** Recovery-head refinement after joint training (see TrainSettings.refine); absent or 0 epochs: none. */
  refine?: RefineSettings;
  /**
   * Fine-tuning: a trained network (e.g. the base model) whose architecture is used and whose weights are copied,
   * layer by layer where names and shapes match (a classifier for another label set starts fresh).
   */
  startFrom?: MultiTaskNet;
}

/** Which layers a fine-tuning run took from its starting network. */
export interface WeightTransfer {
  copiedLayers: number;
  /** Layers with weights that start fresh (shape or name differs), e.g. 'class_logits' for another label set. */
  freshLayers: string[];
}

/** Copies weights layer by layer from `from` into `to` where a layer of the same name has weights of the same shapes. */
export function transferWeights(from: tf.LayersModel, to: tf.LayersModel): WeightTransfer {
  let copiedLayers = 0;
  const freshLayers: string[] = [];
  for (const layer of to.layers) {
    if (layer.weights.length === 0) continue;
    const source = from.layers.find((l) => l.name === layer.name);
    const src = source?.getWeights();
    const same = src !== undefined && src.length === layer.weights.length && src.every((t, i) => t.shape.join('x') === layer.weights[i]!.shape.join('x'));
    if (same) {
      layer.setWeights(src);
      copiedLayers++;
    } else freshLayers.push(layer.name);
    // getWeights() hands out the source's own variable values (not copies): nothing to dispose.
  }
  return { copiedLayers, freshLayers };
}

export interface RefineSettings {
  epochs: number;
  learningRate: number;
  patience: number;
  /** The refinement's recovery loss (default 'mse'). */
  recoveryLoss?: RecoveryLossKind;
}

export interface TrainModelResult {
  net: MultiTaskNet;
  /**
   * The recovery head's weights as the joint stage left them (layer name → weights), when the refinement ran in this
   * process (not after a resume into it), so that its effect can be measured.
   */
  jointRecoveryHead?: Map<string, tf.Tensor[]>;
  /** Set when the run started from `startFrom`'s weights. */
  transfer?: WeightTransfer;
  /** The joint stage (the classifier's training). */
  result: TrainResult;
  /** The recovery-head refinement stage, when it ran. */
  refine?: TrainResult;
  batchesPerEpoch: number;
}

/** The refinement's config: the recovery loss alone, only the recovery head trainable, early stopping on SNR gain. */
export function refineTrainConfig(joint: TrainConfig, refine: RefineSettings): TrainConfig {
  return {
    ...joint,
    epochs: refine.epochs,
    learningRate: refine.learningRate,
    seed: joint.seed + 1,
    schedule: { strategy: { kind: 'joint' } },
    weighting: { method: 'fixed', weights: [1, 0] },
    trainable: 'recovery-head',
    recoveryLoss: refine.recoveryLoss ?? 'mse',
    // The jointly trained head is a candidate too: refinement that never beats it changes nothing.
    earlyStopping: { metric: 'snr_improvement_db', patience: refine.patience, restoreBest: true, includeInitial: true },
  };
}

/** pos_weight[c] = negatives / positives of class c in the training split (PyTorch BCEWithLogitsLoss), capped at 20. */
export function positiveClassWeights(index: DatasetIndex): number[] {
  const counts = classCounts(index, 'train');
  const total = index.entries.filter((e) => e.split === 'train').length;
  return index.classes.map((c) => {
    const pos = counts[c.code] ?? 0;
    return pos === 0 ? 1 : Math.min(20, Math.max(1, (total - pos) / pos));
  });
}

function stream(opts: Pick<TrainModelOptions, 'data' | 'noise' | 'spec' | 'batchSize' | 'cacheEntries'>, split: DatasetSplit, noise: NoiseSettings, seed: number, shuffle: boolean) {
  return createBatchStream({
    index: opts.data.index,
    split,
    spec: opts.spec,
    loadRecord: opts.data.loadRecord,
    noise: opts.noise,
    noiseOptions: { types: noise.types, snrDbRange: noise.snrDbRange, ...(noise.cleanFraction === undefined ? {} : { cleanFraction: noise.cleanFraction }) },
    batchSize: opts.batchSize,
    seed,
    shuffle,
    ...(noise.cleanHighPassHz === undefined ? {} : { cleanHighPassHz: noise.cleanHighPassHz }),
    ...(opts.cacheEntries === undefined ? {} : { cacheEntries: opts.cacheEntries }),
  });
}

/** Batches as the network sees them: x through the model's front end, the raw noisy input kept as xRaw. */
function* throughFrontEnd(batches: Iterable<TrainingBatch>, spec: ModelInputSpec): Generator<MultiTaskBatch> {
  for (const b of batches) {
    yield spec.preFilter ? { ...b, xRaw: b.x, x: applyFrontEnd(b.x, b.size, spec.leads.length, spec.samplingRateHz, spec.preFilter) } : b;
  }
}

/**
 * The training stream and the validation stream both stages use. Validation sees a fixed draw of noise (same seed
 * every epoch) so epochs compare like with like; every validation window is noisy so its SNR improvement is defined.
 */
function stageStreams(opts: TrainModelOptions) {
  return {
    train: stream(opts, 'train', opts.noiseSettings, opts.train.seed, true),
    validation: stream(opts, 'val', { ...opts.noiseSettings, cleanFraction: 0 }, opts.train.seed + 1, false),
  };
}

/** Copies of the recovery head's weights by layer name (getWeights() hands out the live values, hence the clones). */
function snapshotRecoveryHead(model: tf.LayersModel): Map<string, tf.Tensor[]> {
  return new Map(headLayers(model, 'recovery-head').map((l) => [l.name, l.getWeights().map((w) => tf.clone(w))]));
}

/** Writes weights taken by snapshotRecoveryHead back into their layers. */
function restoreLayers(model: tf.LayersModel, weights: Map<string, tf.Tensor[]>): void {
  for (const [name, w] of weights) model.getLayer(name).setWeights(w);
}

/** Builds the network for the dataset's labels and the input spec, and trains it (see trainMultiTask). */
export async function trainModel(opts: TrainModelOptions): Promise<TrainModelResult> {
  const base = opts.startFrom;
  if (base && (base.config.inputLength !== opts.spec.length || base.config.leads !== opts.spec.leads.length)) {
    throw new Error(
      `cannot fine-tune: the starting network takes ${base.config.leads} leads × ${base.config.inputLength} samples, the training input is ${opts.spec.leads.length} × ${opts.spec.length}`,
    );
  }
  const net = buildMultiTaskNet(
    defaultNetConfig({ ...(base ? base.config : opts.net), inputLength: opts.spec.length, leads: opts.spec.leads.length, classCount: opts.data.index.classes.length }),
  );
  // A resumed run gets every weight from its checkpoint; copying first keeps the two paths alike.
  const transfer = base ? transferWeights(base.model, net.model) : undefined;
  const streams = stageStreams(opts);
  const { train, validation } = streams;
  // One checkpoint file serves both stages: a refinement checkpoint carries the joint stage's result with it.
  const extra = opts.resumeFrom ? checkpointExtra(opts.resumeFrom) : undefined;
  const resumedRefine = extra?.['stage'] === 'refine-recovery';
  const result = resumedRefine
    ? (extra['joint'] as TrainResult)
    : await trainMultiTask({
        net,
        validation: () => throughFrontEnd(validation.epoch(0), opts.spec),
        ...(opts.onCheckpoint ? { onCheckpoint: opts.onCheckpoint } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        train: (epoch: number) => throughFrontEnd(train.epoch(epoch), opts.spec),
        config: { microvoltsPerUnit: 1000, ...opts.train },
        ...(opts.onStep ? { onStep: opts.onStep } : {}),
        ...(opts.onEpoch ? { onEpoch: opts.onEpoch } : {}),
        ...(opts.resumeFrom ? { resumeFrom: opts.resumeFrom } : {}),
      });
  const withTransfer = transfer ? { transfer } : {};
  if (!opts.refine || opts.refine.epochs === 0 || result.stoppedBy === 'cancelled') return { net, result, ...withTransfer, batchesPerEpoch: train.batchesPerEpoch };
  const jointRecoveryHead = resumedRefine ? undefined : snapshotRecoveryHead(net.model);
  const refine = await refineRecoveryHead(net, { ...opts, refine: opts.refine }, result, resumedRefine ? opts.resumeFrom : undefined, streams);
  return { net, result, refine, ...withTransfer, ...(jointRecoveryHead ? { jointRecoveryHead } : {}), batchesPerEpoch: train.batchesPerEpoch };
}

/**
 * The recovery-head refinement stage on its own (trainModel runs it after the joint stage): the decoder trains on
 * the recovery loss with the classifier frozen, on the training stream's epochs 1000, 1001, … (fresh noise draws)
 * and the joint stage's validation windows. Its checkpoints carry `joint`, so one checkpoint file resumes either stage.
 */
export async function refineRecoveryHead(
  net: MultiTaskNet,
  opts: TrainModelOptions & { refine: RefineSettings },
  joint: TrainResult,
  resumeFrom?: Uint8Array,
  { train, validation } = stageStreams(opts),
): Promise<TrainResult> {
  return trainMultiTask({
    net,
    train: (epoch: number) => throughFrontEnd(train.epoch(1000 + epoch), opts.spec),
    validation: () => throughFrontEnd(validation.epoch(0), opts.spec),
    config: { microvoltsPerUnit: 1000, ...refineTrainConfig(opts.train, opts.refine) },
    checkpointExtra: { stage: 'refine-recovery', joint },
    ...(opts.onCheckpoint ? { onCheckpoint: opts.onCheckpoint } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onStep ? { onStep: (log: StepLog) => opts.onStep!({ ...log, stage: 'refine-recovery' }) } : {}),
    ...(opts.onEpoch ? { onEpoch: (log: EpochLog) => opts.onEpoch!({ ...log, stage: 'refine-recovery' }) } : {}),
    ...(resumeFrom ? { resumeFrom } : {}),
  });
}

/** A batch source over one split, with the given noise (or none: cleanFraction 1). */
export function splitSource(
  opts: Pick<TrainModelOptions, 'data' | 'noise' | 'spec' | 'batchSize' | 'cacheEntries'>,
  split: DatasetSplit,
  noise: NoiseSettings,
  seed: number,
): BatchSource {
  const s = stream(opts, split, noise, seed, false);
  return () => throughFrontEnd(s.epoch(0), opts.spec);
}

export type ClassificationEvaluation = ReturnType<typeof classificationReport> & {
  records: number;
  /** 95 % bootstrap intervals (percentile method, Efron & Tibshirani 1993) of macro- and per-class AUC. */
  macroAucCi95: [number, number];
  perClassAucCi95: [number, number][];
};

/** Percentile bootstrap CI of macro-AUC and per-class AUC over records (resampling records with replacement). */
export function bootstrapAucCi(scores: Float32Array, labels: Float32Array, classCount: number, resamples: number, seed: number) {
  const n = scores.length / classCount;
  const rng = new SeededRandom(seed);
  const macro: number[] = [];
  const per: number[][] = Array.from({ length: classCount }, () => []);
  const s = new Float32Array(n);
  const l = new Float32Array(n);
  for (let r = 0; r < resamples; r++) {
    const pick = Array.from({ length: n }, () => rng.int(n));
    let sum = 0;
    let counted = 0;
    for (let c = 0; c < classCount; c++) {
      pick.forEach((p, i) => {
        s[i] = scores[p * classCount + c] as number;
        l[i] = labels[p * classCount + c] as number;
      });
      const auc = rocAuc(s, l);
      if (!Number.isNaN(auc)) {
        per[c]!.push(auc);
        sum += auc;
        counted++;
      }
    }
    if (counted === classCount) macro.push(sum / counted);
  }
  const ci = (v: number[]): [number, number] => {
    const sorted = v.slice().sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] ?? NaN;
    return [q(0.025), q(0.975)];
  };
  return { macro: ci(macro), perClass: per.map(ci) };
}

/**
 * Classification on records as recorded (no added noise): AUC per class with bootstrap CIs, and F1,
 * sensitivity and specificity at thresholds tuned for F1 on the validation split.
 */
export async function evaluateClassification(
  model: tf.LayersModel,
  opts: Pick<TrainModelOptions, 'data' | 'noise' | 'spec' | 'batchSize'>,
  split: DatasetSplit,
  bootstrap = { resamples: 1000, seed: 1 },
): Promise<ClassificationEvaluation> {
  const clean: NoiseSettings = { types: ['bw'], snrDbRange: [0, 0], cleanFraction: 1 };
  const evalOpts = { classLoss: { kind: 'bce' as const }, microvoltsPerUnit: 1000 };
  const test = await evaluateMultiTask(model, splitSource(opts, split, clean, 0), evalOpts);
  const val = await evaluateMultiTask(model, splitSource(opts, 'val', clean, 0), evalOpts);
  const classCount = opts.data.index.classes.length;
  const report = classificationReport(test.scores, test.labels, classCount, { scores: val.scores, labels: val.labels });
  const ci = bootstrapAucCi(test.scores, test.labels, classCount, bootstrap.resamples, bootstrap.seed);
  return { ...report, records: test.records, macroAucCi95: ci.macro, perClassAucCi95: ci.perClass };
}

export interface RecoveryRow {
  noiseType: NoiseType;
  inputSnrDb: number;
  method: string;
  records: number;
  snrImprovementDb: number;
  rmseUv: number;
  prdPercent: number;
  cosine: number;
}

/** Zero-phase Butterworth band-pass baselines the model must beat (applied per lead to the noisy window). */
export const BANDPASS_BASELINES = [
  { name: 'butterworth 0.5-40 Hz', highPassHz: 0.5, lowPassHz: 40 },
  { name: 'butterworth 1-15 Hz', highPassHz: 1, lowPassHz: 15 },
] as const;

function bandpassWindows(batch: TrainingBatch, leads: number, samplingRateHz: number, highPassHz: number, lowPassHz: number): Float32Array {
  const out = new Float32Array(batch.x.length);
  const length = batch.x.length / batch.size / leads;
  const lead = new Float32Array(length);
  for (let b = 0; b < batch.size; b++) {
    for (let c = 0; c < leads; c++) {
      for (let t = 0; t < length; t++) lead[t] = batch.x[(b * length + t) * leads + c] as number;
      const f = ecgFilter(lead, samplingRateHz, { highPassHz, lowPassHz: Math.min(lowPassHz, 0.45 * samplingRateHz), notchHz: null });
      for (let t = 0; t < length; t++) out[(b * length + t) * leads + c] = f[t] as number;
    }
  }
  return out;
}

/**
 * Recovery metrics (DeepFilter set: SNR improvement, RMSE, PRD, cosine; Romero et al. 2021) per noise type and
 * fixed input SNR on one split, for the model and the band-pass baselines on the very same noisy inputs.
 * Leads absent from a record (all zero) are left out of the sums.
 */
export function evaluateRecovery(
  model: tf.LayersModel,
  opts: Pick<TrainModelOptions, 'data' | 'noise' | 'spec' | 'batchSize'>,
  split: DatasetSplit,
  noiseTypes: NoiseType[],
  inputSnrsDb: number[],
): RecoveryRow[] {
  const rows: RecoveryRow[] = [];
  const leads = opts.spec.leads.length;
  const per = opts.spec.length * leads;
  for (const noiseType of noiseTypes) {
    for (const snr of inputSnrsDb) {
      const s = stream(opts, split, { types: [noiseType], snrDbRange: [snr, snr] }, 1000 + Math.round(snr), false);
      const methods = ['model', ...BANDPASS_BASELINES.map((b) => b.name)];
      const acc = methods.map(() => new RecoveryMetricsAccumulator(1000));
      let records = 0;
      for (const batch of s.epoch(0)) {
        const input = applyFrontEnd(batch.x, batch.size, leads, opts.spec.samplingRateHz, opts.spec.preFilter);
        const predicted = predictMultiTask(model, input, batch.size).recovered;
        const outputs = [predicted, ...BANDPASS_BASELINES.map((b) => bandpassWindows(batch, leads, opts.spec.samplingRateHz, b.highPassHz, b.lowPassHz))];
        for (let i = 0; i < batch.size; i++) {
          const sl = (a: Float32Array) => a.subarray(i * per, (i + 1) * per);
          outputs.forEach((o, m) => acc[m]!.addRecord(sl(batch.yClean), sl(batch.x), sl(o)));
        }
        records += batch.size;
      }
      methods.forEach((method, m) => {
        const r = acc[m]!.result();
        rows.push({ noiseType, inputSnrDb: snr, method, records, snrImprovementDb: r.snrImprovementDb, rmseUv: r.rmseUv, prdPercent: r.prdPercent, cosine: r.cosine });
      });
    }
  }
  return rows;
}

/** The manifest fields that describe the data and training; the caller adds name, version and metrics. */
export function trainingManifestPart(
  opts: TrainModelOptions,
  net: MultiTaskNet,
  result: TrainResult,
  refine?: TrainResult,
  startedFrom?: { name: string; version: string; transfer: WeightTransfer },
): Pick<ModelManifest, 'labels' | 'input' | 'architecture' | 'training' | 'backend' | 'tfjsVersion'> {
  return {
    labels: opts.data.index.classes.map((c) => ({ code: c.code, description: c.description })),
    input: {
      samplingRateHz: opts.spec.samplingRateHz,
      leads: [...opts.spec.leads],
      lengthSamples: opts.spec.length,
      units: 'mV',
      normalisation: { method: 'none' },
      ...(opts.spec.preFilter ? { preFilter: opts.spec.preFilter } : {}),
    },
    architecture: net.config,
    training: {
      dataset: opts.data.index.name,
      trainRecords: opts.data.index.entries.filter((e) => e.split === 'train').length,
      valRecords: opts.data.index.entries.filter((e) => e.split === 'val').length,
      testRecords: opts.data.index.entries.filter((e) => e.split === 'test').length,
      config: opts.train,
      batchSize: opts.batchSize,
      noise: opts.noiseSettings,
      epochsRun: result.epochs,
      steps: result.steps,
      stoppedBy: result.stoppedBy,
      bestEpoch: result.bestEpoch,
      finalTaskWeights: result.finalWeights,
      history: result.history,
      ...(startedFrom ? { startedFrom } : {}),
      ...(refine && opts.refine
        ? { refine: { settings: opts.refine, epochsRun: refine.epochs, stoppedBy: refine.stoppedBy, bestEpoch: refine.bestEpoch, history: refine.history } }
        : {}),
    },
    backend: result.backend,
    tfjsVersion: tf.version_core,
  };
}

export type { EvaluationResult };

export interface TrainAndPackageArgs {
  settings: TrainSettings;
  data: DatasetAccess;
  noise: NoiseBank;
  name: string;
  version: string;
  description: string;
  dataProvenance: ModelManifest['dataProvenance'];
  /** Where the data came from, for the model card ('ptb-xl from ../shared/data'). */
  dataDescription: string;
  /** The command that reproduces this model, for the model card. */
  reproduce: string;
  onStep?: (log: StepLog) => void;
  onEpoch?: (log: EpochLog) => void;
  onCheckpoint?: (bytes: Uint8Array, info: { epoch: number; step: number }) => void | Promise<void>;
  resumeFrom?: Uint8Array;
  signal?: AbortSignal;
  /** Noise types and input SNRs of the recovery table (default: those of the bank among bw/ma/em, at 0, 6, 12 dB). */
  recoveryNoiseTypes?: NoiseType[];
  bootstrapResamples?: number;
  /** Training minutes spent before `resumeFrom` was written (by the runs a resume continues), added to this run's. */
  priorTrainMinutes?: number;
  /** Fine-tune from this package's network and weights instead of training from scratch. */
  startFrom?: { net: MultiTaskNet; name: string; version: string };
}

export interface TrainAndPackageResult {
  /** model.json, weights.bin, manifest.json, metrics.json, MODEL.md. */
  files: Record<string, Uint8Array>;
  manifest: ModelManifest;
  result: TrainResult;
  /** The recovery-head refinement stage, when it ran. */
  refine?: TrainResult;
  trainMinutes: number;
}

/** Options of trainModel from validated settings (pos_weight from the data when the config leaves it out). */
export function trainOptionsFromSettings(settings: TrainSettings, data: DatasetAccess, noise: NoiseBank): TrainModelOptions {
  const classLoss = settings.train.classLoss.kind === 'bce' && !settings.train.classLoss.posWeight ? { kind: 'bce' as const, posWeight: positiveClassWeights(data.index) } : settings.train.classLoss;
  const { earlyStopping, softSharingLambda, ...rest } = settings.train;
  return {
    data,
    noise,
    noiseSettings: {
      types: settings.noise.types,
      snrDbRange: settings.noise.snrDbRange,
      ...(settings.noise.cleanFraction === undefined ? {} : { cleanFraction: settings.noise.cleanFraction }),
      ...(settings.noise.cleanHighPassHz === undefined ? {} : { cleanHighPassHz: settings.noise.cleanHighPassHz }),
    },
    spec: settings.spec,
    net: settings.net as Partial<MultiTaskNetConfig>,
    train: { ...rest, classLoss, ...(earlyStopping ? { earlyStopping } : {}), ...(softSharingLambda === undefined ? {} : { softSharingLambda }) },
    batchSize: settings.batchSize,
    ...(settings.refine.epochs > 0 ? { refine: settings.refine } : {}),
  };
}

/** Trains, evaluates on the test split (validation when there is none) and builds the model package files. */
export async function trainAndPackage(args: TrainAndPackageArgs): Promise<TrainAndPackageResult> {
  const options = trainOptionsFromSettings(args.settings, args.data, args.noise);
  const t0 = Date.now();
  const { net, result, refine, transfer, jointRecoveryHead } = await trainModel({
    ...options,
    ...(args.startFrom ? { startFrom: args.startFrom.net } : {}),
    ...(args.onStep ? { onStep: args.onStep } : {}),
    ...(args.onEpoch ? { onEpoch: args.onEpoch } : {}),
    ...(args.onCheckpoint ? { onCheckpoint: args.onCheckpoint } : {}),
    ...(args.resumeFrom ? { resumeFrom: args.resumeFrom } : {}),
    ...(args.signal ? { signal: args.signal } : {}),
  });
  const trainMinutes = (args.priorTrainMinutes ?? 0) + (Date.now() - t0) / 60000;
  const hasTest = args.data.index.entries.some((e) => e.split === 'test');
  const split: DatasetSplit = hasTest ? 'test' : 'val';
  const classification = await evaluateClassification(net.model, options, split, { resamples: args.bootstrapResamples ?? 1000, seed: 1 });
  const recoveryTypes = args.recoveryNoiseTypes ?? args.noise.types().filter((t) => t === 'bw' || t === 'ma' || t === 'em');
  const recovery = evaluateRecovery(net.model, options, split, recoveryTypes.length ? recoveryTypes : ['powerline'], [0, 6, 12]);
  // The same table for the joint stage's recovery head (model rows only), to show what the refinement changed.
  let recoveryJointStage: RecoveryRow[] | undefined;
  if (jointRecoveryHead) {
    const refined = snapshotRecoveryHead(net.model);
    restoreLayers(net.model, jointRecoveryHead);
    recoveryJointStage = evaluateRecovery(net.model, options, split, recoveryTypes.length ? recoveryTypes : ['powerline'], [0, 6, 12]).filter((r) => r.method === 'model');
    restoreLayers(net.model, refined);
    for (const w of [...jointRecoveryHead.values(), ...refined.values()]) tf.dispose(w);
  }
  const manifest: ModelManifest = {
    formatVersion: 1,
    name: args.name,
    version: args.version,
    created: new Date().toISOString(),
    description: args.description,
    ...trainingManifestPart(options, net, result, refine, args.startFrom && transfer ? { name: args.startFrom.name, version: args.startFrom.version, transfer } : undefined),
    outputs: { recovery: { name: 'recovery', units: 'mV' }, classification: { name: 'class_logits', activation: 'logits' } },
    dataProvenance: args.dataProvenance,
    metrics: { split: hasTest ? 'test' : 'validation (no test split)', trainMinutes, classification, recovery, ...(recoveryJointStage ? { recoveryJointStage } : {}) },
  };
  const files = await saveModelPackage(net.model, manifest);
  net.model.dispose();
  const text = (s: string) => new TextEncoder().encode(s);
  files['metrics.json'] = text(JSON.stringify(manifest.metrics, null, 2) + '\n');
  files['MODEL.md'] = text(
    modelCardMarkdown(manifest as unknown as CardManifest, { backend: result.backend, trainMinutes, dataDir: args.dataDescription, reproduce: args.reproduce }),
  );
  return { files, manifest, result, ...(refine ? { refine } : {}), trainMinutes };
}
