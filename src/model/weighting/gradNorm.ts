// GradNorm: task weights tuned so each task's gradient norm on the shared layer tracks its training rate (Chen et al., ICML 2018).
import * as tf from '@tensorflow/tfjs';
import { gradLinearCombination, gradNorm } from './gradOps';
import { stateArray, weightedSum, type LossWeighting, type WeightingContext } from './lossWeighting';

export interface GradNormOptions {
  /** Restoring-force strength α (paper: 0.12–3; 0 equalises the gradient norms). */
  alpha?: number;
  /** Step size of the weight update (Adam on the weights, as the paper trains them with the model's optimizer). */
  learningRate?: number;
  /** Variables the gradient norms are measured on (default: the last shared layer, as in the paper). */
  measuredWeightNames?: readonly string[];
}

/**
 * Chen, Badrinarayanan, Lee, Rabinovich 2018, "GradNorm: Gradient Normalization for Adaptive Loss Balancing
 * in Deep Multitask Networks", eq. 1–2: G_i = ‖∇_W w_i L_i‖, target Ḡ·r_i^α with r_i the relative inverse
 * training rate L_i(t)/L_i(0) over its mean; L_grad = Σ|G_i − target_i| is minimised over w (target held
 * constant), whose gradient is sign(G_i − target_i)·‖∇_W L_i‖; then w is renormalised to Σ w_i = K.
 */
export function gradNormWeighting(taskCount: number, options: GradNormOptions = {}): LossWeighting {
  const alpha = options.alpha ?? 1.5;
  const lr = options.learningRate ?? 0.025;
  let w = new Array<number>(taskCount).fill(1);
  let m = new Array<number>(taskCount).fill(0);
  let v = new Array<number>(taskCount).fill(0);
  let t = 0;
  let initialLosses: number[] | undefined;
  let lastNorms: number[] = [];
  return {
    name: 'gradnorm',
    needsTaskGradients: true,
    variables: () => [],
    combineLosses: (losses, scheduleWeights) => weightedSum(tf, losses, w, scheduleWeights),
    combineGradients(taskGrads, scheduleWeights, lossValues, ctx: WeightingContext) {
      const names = options.measuredWeightNames ?? (ctx.lastSharedWeightNames.length ? ctx.lastSharedWeightNames : ctx.sharedWeightNames);
      const rawNorms = taskGrads.map((g) => gradNorm(g, names.length ? names : undefined));
      const active = scheduleWeights.map((s) => s !== 0);
      initialLosses ??= [...lossValues];
      const g = rawNorms.map((n, i) => (w[i] as number) * n);
      lastNorms = g;
      const idx = [...Array(taskCount).keys()].filter((i) => active[i] && (rawNorms[i] as number) > 0);
      if (idx.length > 1) {
        const ratios = idx.map((i) => (lossValues[i] as number) / Math.max(initialLosses![i] as number, 1e-12));
        const meanRatio = ratios.reduce((a, b) => a + b, 0) / idx.length;
        const meanG = idx.reduce((a, i) => a + (g[i] as number), 0) / idx.length;
        t++;
        idx.forEach((i, j) => {
          const target = meanG * ((ratios[j] as number) / meanRatio) ** alpha;
          const grad = Math.sign((g[i] as number) - target) * (rawNorms[i] as number);
          m[i] = 0.9 * (m[i] as number) + 0.1 * grad;
          v[i] = 0.999 * (v[i] as number) + 0.001 * grad * grad;
          const mHat = (m[i] as number) / (1 - 0.9 ** t);
          const vHat = (v[i] as number) / (1 - 0.999 ** t);
          w[i] = Math.max(1e-3, (w[i] as number) - (lr * mHat) / (Math.sqrt(vHat) + 1e-8));
        });
        const sum = w.reduce((a, b) => a + b, 0);
        w = w.map((x) => (taskCount * x) / sum);
      }
      return gradLinearCombination(
        taskGrads,
        w.map((x, i) => x * (scheduleWeights[i] ?? 1)),
      );
    },
    afterStep: () => undefined,
    afterEpoch: () => undefined,
    weights: () => [...w],
    saveState: () => ({ weights: [...w], m: [...m], v: [...v], t, initialLosses: initialLosses ?? [], lastNorms }),
    loadState: (state) => {
      w = stateArray(state, 'weights', taskCount);
      m = stateArray(state, 'm', taskCount);
      v = stateArray(state, 'v', taskCount);
      t = Number(state['t'] ?? 0);
      const init = state['initialLosses'];
      initialLosses = Array.isArray(init) && init.length === taskCount ? init.map(Number) : undefined;
    },
  };
}

/** The weighted gradient norms G_i = w_i·‖∇_W L_i‖ GradNorm measured on its last step (for logs and tests). */
export function lastGradNorms(weighting: LossWeighting): number[] {
  const n = weighting.saveState()['lastNorms'];
  return Array.isArray(n) ? n.map(Number) : [];
}
