// Training settings: the shipped default model's, and the JSON config file `ecg-studio train --config` reads.
import { z } from 'zod';
import { multiTaskNetConfigSchema } from '../model/architectures/multiTaskNet';
import { scheduleSchema } from '../model/schedules/trainingStrategy';
import { earlyStoppingSchema, plateauScheduleSchema, trainableSchema } from '../model/train/trainMultiTask';
import { classLossSchema, recoveryLossSchema } from '../model/train/losses';
import { weightingConfigSchema } from '../model/weighting/createWeighting';
import type { TrainingMode } from '../shared/api';
import { STANDARD_LEADS } from '../shared/leads';

const noiseTypeSchema = z.enum(['bw', 'ma', 'em', 'powerline', 'pop']);

/**
 * Everything a training run needs besides the data; every field has the default model's value. The default
 * input is 1024 samples at 100 Hz (10.24 s: a 10-s ECG zero-padded) so that five stride-2 stages fit; their
 * receptive field of 565 samples (5.65 s) spans several beats and the slow drift of baseline wander.
 */
export const trainSettingsSchema = z.object({
  spec: z
    .object({
      samplingRateHz: z.number().positive(),
      leads: z.array(z.string().min(1)).min(1),
      length: z.number().int().positive(),
      /** The model's fixed front end (zero-phase band applied to every input window); the network learns the rest. */
      preFilter: z.object({ highPassHz: z.number().positive().optional(), lowPassHz: z.number().positive().optional() }).optional(),
    })
    .default({ samplingRateHz: 100, leads: [...STANDARD_LEADS], length: 1024, preFilter: { highPassHz: 0.5, lowPassHz: 40 } }),
  net: multiTaskNetConfigSchema
    .omit({ inputLength: true, leads: true, classCount: true })
    .partial()
    .default({ stageFilters: [32, 48, 64, 96, 128], kernelSize: 7, blocksPerStage: 1, norm: 'batch', sharing: 'hard', recoveryTarget: 'noise', seed: 20261128 }),
  batchSize: z.number().int().positive().default(16),
  noise: z
    .object({
      types: z.array(noiseTypeSchema).min(1),
      snrDbRange: z.tuple([z.number(), z.number()]),
      cleanFraction: z.number().min(0).max(1).optional(),
      /** High-pass (Hz) that removes a record's own baseline wander before it becomes the clean target; 0 = off. */
      cleanHighPassHz: z.number().min(0).optional(),
    })
    .default({ types: ['bw', 'ma', 'bw', 'ma', 'powerline', 'pop'], snrDbRange: [-6, 24], cleanFraction: 0.2, cleanHighPassHz: 0.5 }),
  train: z
    .object({
      epochs: z.number().int().positive().default(30),
      learningRate: z.number().positive().default(2e-3),
      seed: z.number().int().default(20261128),
      schedule: scheduleSchema.default({ strategy: { kind: 'joint' } }),
      /**
       * Fixed 10:1 (recovery MSE in mV² runs ~100× below the BCE): on this data the adaptive weightings need more steps
       * than a laptop run has to find such a ratio (docs/multitask-study.md compares them).
       */
      weighting: weightingConfigSchema.default({ method: 'fixed', weights: [10, 1] }),
      /** Class loss; 'bce' without posWeight gets pos_weight from the training split's class counts. */
      classLoss: classLossSchema.default({ kind: 'bce' }),
      softSharingLambda: z.number().nonnegative().optional(),
      /** Which weights train (see TrainConfig.trainable); 'classifier-head' fine-tunes only the classifier. */
      trainable: trainableSchema.optional(),
      earlyStopping: earlyStoppingSchema.optional().default({ metric: 'macro_auc', patience: 6, restoreBest: true }),
      /** Learning rate × 0.3 after 2 epochs without a better validation macro-AUC (floored at 1e-5). */
      learningRateSchedule: plateauScheduleSchema.optional().default({ kind: 'plateau', factor: 0.3, patience: 2, minLearningRate: 1e-5 }),
    })
    .default({}),
  /**
   * Second stage after joint training: the recovery head alone (decoder; the classifier and the encoder it uses
   * frozen) trains on, with early stopping on the validation SNR improvement. Joint training stops when
   * classification starts to overfit (epoch 4 of 11 for the default model), long before recovery has converged;
   * this stage lets recovery finish without changing a single classifier output. `epochs: 0` switches it off.
   */
  refine: z
    .object({
      epochs: z.number().int().min(0).default(20),
      learningRate: z.number().positive().default(1e-3),
      patience: z.number().int().min(0).default(2),
      /**
       * 'log-mse' (−SNR_out per window): with MSE the joint stage's head fell below a plain 0.5–40 Hz band-pass at
       * 6 and 12 dB input SNR (its noisiest windows dominate the loss); per-window dB fixes that on fold 9.
       */
      recoveryLoss: recoveryLossSchema.default('log-mse'),
    })
    .default({}),
});
export type TrainSettings = z.infer<typeof trainSettingsSchema>;

/** The settings `npm run train:default` uses for models/default. */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = trainSettingsSchema.parse({});

/**
 * Settings for a training mode. Fine-tuning starts from trained weights, so its learning rate is a tenth of the
 * configured one (the usual transfer-learning practice); classifier-only fine-tuning freezes everything else and skips
 * the recovery refinement, so the denoiser stays exactly the starting model's.
 */
export function trainingModeSettings(settings: TrainSettings, mode: TrainingMode): TrainSettings {
  if (mode === 'scratch') return settings;
  const train = { ...settings.train, learningRate: settings.train.learningRate / 10 };
  if (mode === 'fine-tune') return { ...settings, train };
  return { ...settings, train: { ...train, trainable: 'classifier-head', weighting: { method: 'fixed', weights: [0, 1] } }, refine: { ...settings.refine, epochs: 0 } };
}
