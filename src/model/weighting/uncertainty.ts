// Homoscedastic-uncertainty weighting with learned log-variances (Kendall, Gal & Cipolla, CVPR 2018).
import * as tf from '@tensorflow/tfjs';
import { stateArray, type LossWeighting } from './lossWeighting';

let instances = 0;

/**
 * Kendall, Gal, Cipolla 2018, "Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry and
 * Semantics", eq. 7 with s_i = log σ_i²: L = Σ_i ½·exp(−s_i)·L_i + ½·s_i. The s_i are trained with the model;
 * at the optimum exp(s_i) equals the task's loss, i.e. its noise variance for a Gaussian (MSE) task.
 * The same form is used for the classification loss (a common simplification of their eq. 10).
 */
export function uncertaintyWeighting(taskCount: number, initialLogVariance = 0): LossWeighting {
  // Unique names: tfjs variables are global per process, and several runs may share one process.
  const id = ++instances;
  const logVars = Array.from({ length: taskCount }, (_, i) =>
    tf.tidy(() => tf.variable(tf.scalar(initialLogVariance), true, `uncertainty_logvar_${i}_${id}`)),
  );
  const values = () => logVars.map((v) => v.dataSync()[0] as number);
  return {
    name: 'uncertainty',
    needsTaskGradients: false,
    variables: () => logVars,
    combineLosses: (losses, scheduleWeights) => {
      let total: tf.Scalar = tf.scalar(0);
      losses.forEach((loss, i) => {
        const scale = scheduleWeights[i] ?? 1;
        if (scale === 0) return;
        const s = logVars[i] as tf.Variable;
        const term = tf.add(tf.mul(tf.mul(tf.exp(tf.neg(s)), loss), 0.5), tf.mul(s, 0.5));
        total = tf.add(total, tf.mul(term, scale));
      });
      return total;
    },
    afterStep: () => undefined,
    afterEpoch: () => undefined,
    weights: () => values().map((s) => 0.5 * Math.exp(-s)),
    saveState: () => ({ logVariances: values() }),
    loadState: (state) => {
      const saved = stateArray(state, 'logVariances', taskCount);
      logVars.forEach((v, i) => tf.tidy(() => v.assign(tf.scalar(saved[i] as number))));
    },
  };
}

/** The learned variances exp(s_i) of an uncertainty weighting (for reports and tests). */
export function learnedVariances(weighting: LossWeighting): number[] {
  const saved = weighting.saveState()['logVariances'];
  if (!Array.isArray(saved)) throw new Error(`'${weighting.name}' is not an uncertainty weighting`);
  return saved.map((s) => Math.exp(s));
}
