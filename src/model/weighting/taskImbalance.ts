// Task-imbalance rule: lower the weight of a task whose loss is much larger, raise it for one whose loss falls slowly.
import * as tf from '@tensorflow/tfjs';
import { stateArray, weightedSum, type LossWeighting } from './lossWeighting';

/**
 * Our own per-epoch rule (no single paper): w_i ∝ (L̄/L_i)^β · (r_i/r̄)^γ, normalised to Σ w_i = K, with L_i the
 * task's mean epoch loss, L̄ the mean over tasks, r_i = L_i(t−1)/L_i(t−2) its loss ratio as in DWA (Liu et al.
 * 2019) and r̄ the mean ratio. β balances magnitudes (a task with 100× the loss no longer dominates the shared
 * gradient); γ favours tasks that are learning slowly. Weights are clipped to [minWeight, K].
 */
export function taskImbalanceWeighting(taskCount: number, options: { beta?: number; gamma?: number; minWeight?: number } = {}): LossWeighting {
  const beta = options.beta ?? 0.5;
  const gamma = options.gamma ?? 1;
  const minWeight = options.minWeight ?? 0.05;
  let previous: number[] | undefined;
  let w = new Array<number>(taskCount).fill(1);
  return {
    name: 'imbalance',
    needsTaskGradients: false,
    variables: () => [],
    combineLosses: (losses, scheduleWeights) => weightedSum(tf, losses, w, scheduleWeights),
    afterStep: () => undefined,
    afterEpoch: (meanLosses) => {
      const safe = meanLosses.map((l) => Math.max(l, 1e-12));
      const meanLoss = safe.reduce((a, b) => a + b, 0) / taskCount;
      const ratios = previous ? safe.map((l, i) => l / Math.max(previous![i] as number, 1e-12)) : safe.map(() => 1);
      const meanRatio = ratios.reduce((a, b) => a + b, 0) / taskCount;
      const raw = safe.map((l, i) => (meanLoss / l) ** beta * ((ratios[i] as number) / meanRatio) ** gamma);
      const sum = raw.reduce((a, b) => a + b, 0);
      w = raw.map((v) => Math.min(taskCount, Math.max(minWeight, (taskCount * v) / sum)));
      previous = safe;
    },
    weights: () => [...w],
    saveState: () => ({ weights: [...w], previous: previous ?? [] }),
    loadState: (state) => {
      w = stateArray(state, 'weights', taskCount);
      const p = state['previous'];
      previous = Array.isArray(p) && p.length === taskCount ? p.map(Number) : undefined;
    },
  };
}
