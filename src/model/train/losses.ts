// Task losses: recovery MSE, and multi-label classification BCE with per-class pos_weight or focal loss.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

export const classLossSchema = z.discriminatedUnion('kind', [
  /** Binary cross-entropy on logits; posWeight[c] multiplies the positive term (PyTorch BCEWithLogitsLoss pos_weight). */
  z.object({ kind: z.literal('bce'), posWeight: z.array(z.number().positive()).optional() }),
  /** Focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 5). */
  z.object({ kind: z.literal('focal'), gamma: z.number().nonnegative(), alpha: z.number().min(0).max(1).optional() }),
]);
export type ClassLoss = z.infer<typeof classLossSchema>;

export const recoveryLossSchema = z.enum(['mse', 'log-mse', 'log-mse-hybrid']);
export type RecoveryLossKind = z.infer<typeof recoveryLossSchema>;

/** Floor of the per-window mean squared error inside the log (mV²; (1 µV)², far below any real residual). */
const LOG_MSE_FLOOR = 1e-6;

/**
 * 'mse': mean squared error over all samples and leads. 'log-mse': the mean over windows of 10·log10 of each
 * window's mean squared error. The clean signal's power is fixed, so this is −SNR_out (dB) per window up to a
 * constant, the SNR loss of speech enhancement (Luo & Mesgarani 2019, Conv-TasNet); every window's relative error
 * counts alike, where MSE lets the noisiest windows dominate and leaves a residual error floor on nearly clean ones.
 * 'log-mse-hybrid': the mean of 10·log10(batch MSE) (MSE's weighting of windows, in dB) and 'log-mse', so both the
 * noisiest windows and the nearly clean ones pull; both terms are in dB, so neither needs a scale factor.
 */
export function recoveryLoss(predicted: tf.Tensor, clean: tf.Tensor, kind: RecoveryLossKind = 'mse'): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    if (kind === 'mse') return tf.mean(tf.squaredDifference(predicted, clean)) as tf.Scalar;
    const axes = predicted.shape.map((_, i) => i).slice(1);
    const perWindow = tf.mean(tf.squaredDifference(predicted, clean), axes);
    const perWindowDb = tf.mul(10 / Math.LN10, tf.mean(tf.log(tf.add(perWindow, LOG_MSE_FLOOR))));
    if (kind === 'log-mse') return perWindowDb as tf.Scalar;
    const batchDb = tf.mul(10 / Math.LN10, tf.log(tf.add(tf.mean(perWindow), LOG_MSE_FLOOR)));
    return tf.mul(0.5, tf.add(batchDb, perWindowDb)) as tf.Scalar;
  });
}

/**
 * Mean multi-label classification loss from logits z and 0/1 targets y, in the numerically stable forms
 * log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z).
 */
export function classificationLoss(logits: tf.Tensor, targets: tf.Tensor, loss: ClassLoss): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const logP = tf.neg(tf.softplus(tf.neg(logits)));
    const log1mP = tf.neg(tf.softplus(logits));
    const negTargets = tf.sub(1, targets);
    if (loss.kind === 'bce') {
      const posTerm = tf.mul(targets, logP);
      const weighted = loss.posWeight ? tf.mul(posTerm, tf.tensor1d(loss.posWeight)) : posTerm;
      return tf.neg(tf.mean(tf.add(weighted, tf.mul(negTargets, log1mP)))) as tf.Scalar;
    }
    // FL = −α_t (1 − p_t)^γ log p_t with p_t = p for positives and 1 − p for negatives.
    const p = tf.sigmoid(logits);
    const alpha = loss.alpha ?? 0.25;
    const pos = tf.mul(tf.mul(alpha, tf.pow(tf.sub(1, p), loss.gamma)), tf.mul(targets, logP));
    const neg = tf.mul(tf.mul(1 - alpha, tf.pow(p, loss.gamma)), tf.mul(negTargets, log1mP));
    return tf.neg(tf.mean(tf.add(pos, neg))) as tf.Scalar;
  });
}

/** pos_weight = negatives / positives per class (PyTorch's recommendation), from label counts. */
export function positiveWeights(labelCounts: readonly number[], total: number): number[] {
  return labelCounts.map((pos) => (pos > 0 ? (total - pos) / pos : 1));
}
