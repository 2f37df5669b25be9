// The multi-task training loop: strategies, loss weightings, early stopping, checkpoints, resume and cancel.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CLASS_LOGITS_OUTPUT, type MultiTaskNet } from '../architectures/multiTaskNet';
import { scheduleSchema, scheduleWeights } from '../schedules/trainingStrategy';
import { createWeighting, weightingConfigSchema } from '../weighting/createWeighting';
import type { GradMap, LossWeighting, WeightingContext, WeightingState } from '../weighting/lossWeighting';
import type { BatchSource, MultiTaskBatch } from './batches';
import { decodeCheckpoint, decodeCheckpointHeader, encodeCheckpoint, type CheckpointTensor } from './checkpoint';
import { evaluateMultiTask, type EvaluationResult } from './evaluate';
import { classLossSchema, classificationLoss, recoveryLoss, recoveryLossSchema } from './losses';
import { epochSeed, SeededRandom } from './rng';

/** Task order everywhere in training: losses, weights and logs. */
export const TASKS = ['recovery', 'classification'] as const;

export const earlyStoppingSchema = z.object({
  metric: z.enum(['val_loss', 'macro_auc', 'snr_improvement_db']),
  /** Epochs without improvement before stopping. */
  patience: z.number().int().min(0),
  minDelta: z.number().nonnegative().optional(),
  /** Put back the best epoch's weights when training ends (default true). */
  restoreBest: z.boolean().optional(),
  /**
   * Score the weights training starts from too (bestEpoch −1 when no epoch beats them): for fine-tuning a trained
   * network, where "no change" must stay possible.
   */
  includeInitial: z.boolean().optional(),
});

/**
 * Reduce-on-plateau (as Keras' ReduceLROnPlateau): after `patience` epochs in which the early-stopping metric did not
 * improve, the learning rate is multiplied by `factor` (not below `minLearningRate`) and the count starts again.
 */
export const plateauScheduleSchema = z.object({
  kind: z.literal('plateau'),
  factor: z.number().positive().lt(1),
  patience: z.number().int().min(0),
  minLearningRate: z.number().nonnegative().optional(),
});

/** Which weights train: all, or only the layers one output depends on (see headLayers). */
export const trainableSchema = z.enum(['all', 'recovery-head', 'classifier-head']);

export const trainConfigSchema = z.object({
  epochs: z.number().int().positive(),
  learningRate: z.number().positive(),
  /** Learning-rate schedule driven by the early-stopping metric (needs earlyStopping and a validation source). */
  learningRateSchedule: plateauScheduleSchema.optional(),
  seed: z.number().int(),
  schedule: scheduleSchema,
  weighting: weightingConfigSchema,
  classLoss: classLossSchema,
  /** The recovery task's training loss (default 'mse'); validation always reports MSE and SNR improvement. */
  recoveryLoss: recoveryLossSchema.optional(),
  /** 'soft' sharing: λ of the L2 penalty λ·Σ‖W_rec − W_cls‖² between corresponding encoder weights. */
  softSharingLambda: z.number().nonnegative().optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  /** µV per model unit, for validation RMSE (1000 when the model works in mV). */
  microvoltsPerUnit: z.number().positive().optional(),
  /**
   * Which weights train: 'all'; 'recovery-head' (the recovery decoder and any recovery-only encoder layers, so the
   * classifier's outputs do not change); or 'classifier-head' (the logits layer and any classifier-only encoder
   * layers). Everything else stays frozen, batch-norm moving statistics included.
   */
  trainable: trainableSchema.optional(),
});
export type TrainConfig = z.infer<typeof trainConfigSchema>;

export interface StepLog {
  step: number;
  /** Set by callers that train in stages (e.g. 'refine-recovery'); absent for a single run. */
  stage?: string;
  epoch: number;
  stepInEpoch: number;
  /** Unweighted task losses of this batch, in TASKS order. */
  losses: number[];
  /** Effective task weights of this step: the weighting's weights times the schedule's multipliers. */
  weights: number[];
  scheduleWeights: number[];
}

export type ValidationSummary = Omit<EvaluationResult, 'scores' | 'labels'>;

export interface EpochLog {
  epoch: number;
  /** Learning rate the epoch trained with. */
  learningRate?: number;
  /** Set by callers that train in stages (e.g. 'refine-recovery'); absent for a single run. */
  stage?: string;
  steps: number;
  /** Mean unweighted training loss per task. */
  trainLosses: number[];
  weights: number[];
  samplesPerSec: number;
  validation?: ValidationSummary;
}

export interface TrainOptions {
  net: MultiTaskNet;
  train: BatchSource;
  validation?: BatchSource;
  config: TrainConfig;
  /** Receives a checkpoint after every completed epoch (bytes; the caller decides where they go). */
  onCheckpoint?: (bytes: Uint8Array, info: { epoch: number; step: number }) => void | Promise<void>;
  /** Continue from a checkpoint this function produced (same network config and train config). */
  resumeFrom?: Uint8Array;
  /** JSON the caller wants back from its checkpoints (read with checkpointExtra), e.g. an earlier stage's result. */
  checkpointExtra?: Record<string, unknown>;
  signal?: AbortSignal;
  onStep?: (log: StepLog) => void;
  onEpoch?: (log: EpochLog) => void;
}

export interface TrainResult {
  backend: string;
  stoppedBy: 'completed' | 'early-stopping' | 'cancelled';
  /** Epochs completed in total (including those before a resume). */
  epochs: number;
  steps: number;
  history: EpochLog[];
  bestEpoch: number | undefined;
  bestMetric: number | undefined;
  weighting: string;
  /** The weighting's task weights at the end, and its full state (e.g. uncertainty's log-variances). */
  finalWeights: number[];
  weightingState: WeightingState;
}

interface EarlyStoppingState {
  best: number | undefined;
  bestEpoch: number | undefined;
  wait: number;
}

function metricValue(metric: z.infer<typeof earlyStoppingSchema>['metric'], v: ValidationSummary): { value: number; higherIsBetter: boolean } {
  if (metric === 'macro_auc') return { value: v.macroAuc, higherIsBetter: true };
  if (metric === 'snr_improvement_db') return { value: v.snrImprovementDb, higherIsBetter: true };
  return { value: v.recoveryLoss + v.classificationLoss, higherIsBetter: false };
}

/** The caller's JSON stored in a checkpoint by TrainOptions.checkpointExtra, if any. */
export function checkpointExtra(bytes: Uint8Array): Record<string, unknown> | undefined {
  const extra = decodeCheckpointHeader(bytes)['extra'];
  return extra && typeof extra === 'object' ? (extra as Record<string, unknown>) : undefined;
}

/**
 * Layers only one output depends on. Recovery: the decoder, its output conv and recovery-only encoder layers
 * (all named rec_*). Classifier: the logits layer and classifier-only encoder layers (cls_*).
 */
export function headLayers(model: tf.LayersModel, scope: 'recovery-head' | 'classifier-head'): tf.layers.Layer[] {
  if (scope === 'recovery-head') return model.layers.filter((l) => l.name.startsWith('rec_'));
  return model.layers.filter((l) => l.name.startsWith('cls_') || l.name === CLASS_LOGITS_OUTPUT);
}

/** Copies of the non-trainable weights (batch-norm moving statistics) of every layer outside the trained head. */
function frozenStatistics(model: tf.LayersModel, headList: tf.layers.Layer[]): { variable: tf.LayerVariable; value: tf.Tensor }[] {
  const head = new Set(headList);
  return model.layers
    .filter((l) => !head.has(l))
    .flatMap((l) => l.nonTrainableWeights)
    .map((variable) => ({ variable, value: tf.clone(variable.read()) }));
}

/** Adam reads its learning rate on every applyGradients call; tfjs declares the field protected, not readonly. */
function setLearningRate(optimizer: tf.AdamOptimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

function readWeights(model: tf.LayersModel): CheckpointTensor[] {
  return model.weights.map((w, i) => {
    const t = w.read();
    return { name: `model/${i}`, shape: t.shape, data: Float32Array.from(t.dataSync() as Float32Array) };
  });
}

function writeWeights(model: tf.LayersModel, tensors: CheckpointTensor[]): void {
  if (tensors.length !== model.weights.length) throw new Error(`checkpoint has ${tensors.length} model weights, the model ${model.weights.length}`);
  model.weights.forEach((w, i) => {
    const t = tensors[i] as CheckpointTensor;
    if (t.shape.join('x') !== w.shape.join('x')) throw new Error(`checkpoint weight ${i} has shape [${t.shape}], the model's ${w.name} [${w.shape}]`);
    tf.tidy(() => {
      w.write(tf.tensor(t.data, t.shape));
    });
  });
}

/** Σ over soft-sharing pairs of ‖a − b‖² (Duong et al. 2015, "Low Resource Dependency Parsing: Cross-lingual Parameter Sharing"). */
function softSharingPenalty(net: MultiTaskNet): tf.Scalar {
  let total: tf.Scalar = tf.scalar(0);
  for (const [a, b] of net.softPairs) total = tf.add(total, tf.sum(tf.squaredDifference(a.read(), b.read())));
  return total;
}

/**
 * Trains the network's two tasks (recovery, classification) on a streaming batch source. Joint, alternating
 * and pretrain-then-joint strategies with optional progressive decay; any LossWeighting; early stopping on a
 * validation metric; a checkpoint (bytes) after each epoch; resume; cancel through an AbortSignal. Everything
 * random is seeded, so a resumed run ends at the same step with the same weights as an uninterrupted one.
 */
export async function trainMultiTask(opts: TrainOptions): Promise<TrainResult> {
  const cfg = trainConfigSchema.parse(opts.config);
  const { net } = opts;
  const model = net.model;
  const length = model.inputs[0]!.shape[1] as number;
  const leads = model.inputs[0]!.shape[2] as number;
  const weighting: LossWeighting = createWeighting(cfg.weighting, TASKS.length);
  const optimizer = tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-7);
  const head = cfg.trainable === undefined || cfg.trainable === 'all' ? undefined : headLayers(model, cfg.trainable);
  const modelVars = head ? head.flatMap((l) => l.trainableWeights) : model.trainableWeights;
  if (modelVars.length === 0) throw new Error(`trainable '${cfg.trainable}': the network has no such weights`);
  const trainVars: tf.Variable[] = [...modelVars.map((w) => w.read() as tf.Variable), ...weighting.variables()];
  const lambda = net.config.sharing === 'soft' ? (cfg.softSharingLambda ?? 1e-3) : 0;
  const rng = new SeededRandom(cfg.seed);
  const lastShared = net.lastSharedKernelName ? [net.lastSharedKernelName] : [];
  let step = 0;
  let startEpoch = 0;
  let history: EpochLog[] = [];
  let es: EarlyStoppingState = { best: undefined, bestEpoch: undefined, wait: 0 };
  let bestWeights: CheckpointTensor[] | undefined;
  let learningRate = cfg.learningRate;
  let plateauWait = 0;
  if (cfg.learningRateSchedule && !cfg.earlyStopping) throw new Error('learningRateSchedule needs earlyStopping (its metric drives the schedule)');

  if (opts.resumeFrom) {
    const ckpt = decodeCheckpoint(opts.resumeFrom);
    const h = ckpt.header as {
      step: number;
      nextEpoch: number;
      rngState: number;
      weighting: WeightingState;
      weightingName: string;
      earlyStopping: EarlyStoppingState;
      history: EpochLog[];
      optimizerNames: string[];
      learningRate?: number;
      plateauWait?: number;
    };
    if (h.weightingName !== weighting.name) throw new Error(`checkpoint was trained with '${h.weightingName}' weighting, not '${weighting.name}'`);
    writeWeights(model, ckpt.tensors.filter((t) => t.name.startsWith('model/')));
    const opt = ckpt.tensors.filter((t) => t.name.startsWith('opt/'));
    if (opt.length) await optimizer.setWeights(opt.map((t, i) => ({ name: h.optimizerNames[i] as string, tensor: tf.tensor(t.data, t.shape) })));
    const best = ckpt.tensors.filter((t) => t.name.startsWith('best/'));
    bestWeights = best.length ? best.map((t, i) => ({ ...t, name: `model/${i}` })) : undefined;
    weighting.loadState(h.weighting);
    rng.state = h.rngState >>> 0;
    step = h.step;
    startEpoch = h.nextEpoch;
    history = h.history;
    es = { best: h.earlyStopping.best ?? undefined, bestEpoch: h.earlyStopping.bestEpoch ?? undefined, wait: h.earlyStopping.wait };
    learningRate = h.learningRate ?? cfg.learningRate;
    plateauWait = h.plateauWait ?? 0;
  }
  setLearningRate(optimizer, learningRate);

  // Training-mode forward passes update every batch-norm layer's moving statistics; a frozen part gets its own
  // back (taken after a resume has put the checkpoint's weights in place).
  const frozenStats = head ? frozenStatistics(model, head) : [];
  const restoreFrozen = () => {
    for (const { variable, value } of frozenStats) variable.write(value);
  };

  if (cfg.earlyStopping?.includeInitial && opts.validation && !opts.resumeFrom) {
    const { scores: _s, labels: _l, ...initial } = await evaluateMultiTask(model, opts.validation, { classLoss: cfg.classLoss, microvoltsPerUnit: cfg.microvoltsPerUnit ?? 1000 });
    const m = metricValue(cfg.earlyStopping.metric, initial);
    if (!Number.isNaN(m.value)) {
      es = { best: m.value, bestEpoch: -1, wait: 0 };
      if (cfg.earlyStopping.restoreBest !== false) bestWeights = readWeights(model);
    }
  }

  const forward = (x: tf.Tensor, yClean: tf.Tensor, yClass: tf.Tensor): tf.Scalar[] => {
    const [rec, logits] = model.apply(x, { training: true }) as tf.Tensor[];
    return [recoveryLoss(rec!, yClean, cfg.recoveryLoss), classificationLoss(logits!, yClass, cfg.classLoss)];
  };

  const trainStep = (batch: MultiTaskBatch, sw: number[], ctx: WeightingContext): number[] => {
    const classCount = batch.yClass.length / batch.size;
    const x = tf.tensor3d(batch.x, [batch.size, length, leads]);
    const yClean = tf.tensor3d(batch.yClean, [batch.size, length, leads]);
    const yClass = tf.tensor2d(batch.yClass, [batch.size, classCount]);
    let lossValues: number[] = [];
    let grads: GradMap;
    const keepValues = (losses: tf.Scalar[]) => {
      if (lossValues.length === 0) lossValues = losses.map((l) => l.dataSync()[0] as number);
    };
    if (!weighting.needsTaskGradients) {
      const r = tf.variableGrads(() => {
        const losses = forward(x, yClean, yClass);
        keepValues(losses);
        const total = weighting.combineLosses(losses, sw);
        return lambda > 0 ? tf.add(total, tf.mul(softSharingPenalty(net), lambda)) : total;
      }, trainVars);
      r.value.dispose();
      grads = r.grads;
    } else {
      const taskGrads: GradMap[] = TASKS.map((_, i) => {
        if (sw[i] === 0) return {};
        const r = tf.variableGrads(() => {
          const losses = forward(x, yClean, yClass);
          keepValues(losses);
          return losses[i] as tf.Scalar;
        }, trainVars);
        r.value.dispose();
        return r.grads;
      });
      if (lossValues.length === 0) tf.tidy(() => keepValues(forward(x, yClean, yClass)));
      grads = weighting.combineGradients!(taskGrads, sw, lossValues, ctx);
      for (const g of taskGrads) tf.dispose(Object.values(g));
      if (lambda > 0) {
        const p = tf.variableGrads(() => tf.mul(softSharingPenalty(net), lambda) as tf.Scalar, trainVars);
        p.value.dispose();
        for (const [name, g] of Object.entries(p.grads)) {
          const prev = grads[name];
          grads[name] = prev ? tf.add(prev, g) : tf.clone(g);
          tf.dispose(prev ? [prev, g] : [g]);
        }
      }
    }
    // Adam keys its moments by position, so every step passes every variable in the same order.
    const ordered: GradMap = {};
    for (const v of trainVars) ordered[v.name] = grads[v.name] ?? tf.zerosLike(v);
    optimizer.applyGradients(ordered as unknown as Record<string, tf.Variable>);
    tf.dispose(Object.values(ordered));
    tf.dispose(Object.values(grads).filter((g) => !Object.values(ordered).includes(g)));
    tf.dispose([x, yClean, yClass]);
    return lossValues;
  };

  let stoppedBy: TrainResult['stoppedBy'] = 'completed';
  let finalWeights: number[] = [];
  let weightingState: WeightingState = {};
  try {
    // A checkpoint written by the epoch that triggered early stopping: the run is over, only the best weights go back.
    if (cfg.earlyStopping && es.wait > cfg.earlyStopping.patience) stoppedBy = 'early-stopping';
    for (let epoch = startEpoch; epoch < cfg.epochs && stoppedBy !== 'early-stopping'; epoch++) {
      const sums = TASKS.map(() => 0);
      let samples = 0;
      let stepInEpoch = 0;
      const t0 = performance.now();
      for await (const batch of opts.train(epoch, epochSeed(cfg.seed, epoch))) {
        if (opts.signal?.aborted) {
          stoppedBy = 'cancelled';
          break;
        }
        const sw = scheduleWeights(cfg.schedule, TASKS.length, epoch, stepInEpoch);
        const ctx: WeightingContext = { step, epoch, sharedWeightNames: net.sharedWeightNames, lastSharedWeightNames: lastShared, random: () => rng.next() };
        const losses = trainStep(batch, sw, ctx);
        weighting.afterStep(losses, ctx);
        losses.forEach((l, i) => (sums[i] = (sums[i] as number) + l * batch.size));
        samples += batch.size;
        const w = weighting.weights();
        opts.onStep?.({ step, epoch, stepInEpoch, losses, weights: w.map((v, i) => v * (sw[i] as number)), scheduleWeights: sw });
        step++;
        stepInEpoch++;
      }
      if (stoppedBy === 'cancelled') break;
      const trainLosses = sums.map((s) => (samples ? s / samples : NaN));
      const elapsedSec = (performance.now() - t0) / 1000;
      weighting.afterEpoch(trainLosses, epoch);
      const log: EpochLog = { epoch, learningRate, steps: stepInEpoch, trainLosses, weights: weighting.weights(), samplesPerSec: samples / elapsedSec };
      restoreFrozen();
      let stop = false;
      if (opts.validation) {
        const { scores: _s, labels: _l, ...summary } = await evaluateMultiTask(model, opts.validation, {
          classLoss: cfg.classLoss,
          microvoltsPerUnit: cfg.microvoltsPerUnit ?? 1000,
        });
        log.validation = summary;
        if (cfg.earlyStopping) {
          const m = metricValue(cfg.earlyStopping.metric, summary);
          const delta = cfg.earlyStopping.minDelta ?? 0;
          const improved = es.best === undefined || (m.higherIsBetter ? m.value > es.best + delta : m.value < es.best - delta);
          if (improved && !Number.isNaN(m.value)) {
            es = { best: m.value, bestEpoch: epoch, wait: 0 };
            plateauWait = 0;
            if (cfg.earlyStopping.restoreBest !== false) bestWeights = readWeights(model);
          } else {
            es.wait++;
            plateauWait++;
            stop = es.wait > cfg.earlyStopping.patience;
            const sched = cfg.learningRateSchedule;
            if (sched && plateauWait >= sched.patience && plateauWait > 0) {
              learningRate = Math.max(sched.minLearningRate ?? 0, learningRate * sched.factor);
              setLearningRate(optimizer, learningRate);
              plateauWait = 0;
            }
          }
        }
      }
      history.push(log);
      if (opts.onCheckpoint) {
        const optWeights = await optimizer.getWeights();
        const bytes = encodeCheckpoint({
          header: {
            format: 1,
            step,
            nextEpoch: epoch + 1,
            rngState: rng.state,
            weightingName: weighting.name,
            weighting: weighting.saveState(),
            earlyStopping: es,
            history,
            optimizerNames: optWeights.map((w) => w.name),
            learningRate,
            plateauWait,
            ...(opts.checkpointExtra ? { extra: opts.checkpointExtra } : {}),
          },
          tensors: [
            ...readWeights(model),
            ...optWeights.map((w, i) => ({ name: `opt/${i}`, shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync() as Float32Array) })),
            ...(bestWeights ?? []).map((t, i) => ({ ...t, name: `best/${i}` })),
          ],
        });
        // getWeights() makes a fresh 'iter' scalar on every call (the moment slots are the optimizer's own variables).
        tf.dispose(optWeights.filter((w) => w.name === 'iter').map((w) => w.tensor));
        await opts.onCheckpoint(bytes, { epoch, step });
      }
      opts.onEpoch?.(log);
      if (stop) {
        stoppedBy = 'early-stopping';
        break;
      }
    }
    finalWeights = weighting.weights();
    weightingState = weighting.saveState();
  } finally {
    restoreFrozen();
    optimizer.dispose();
    for (const v of weighting.variables()) v.dispose();
    for (const { value } of frozenStats) value.dispose();
  }
  if (cfg.earlyStopping && cfg.earlyStopping.restoreBest !== false && bestWeights && stoppedBy !== 'cancelled') writeWeights(model, bestWeights);
  return {
    backend: tf.getBackend(),
    stoppedBy,
    epochs: history.length,
    steps: step,
    history,
    bestEpoch: es.bestEpoch,
    bestMetric: es.best,
    weighting: weighting.name,
    finalWeights,
    weightingState,
  };
}
