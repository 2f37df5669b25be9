// Dynamic Weight Average: weights from the ratio of each task's last two epoch losses (Liu, Johns & Davison, CVPR 2019).
import * as tf from '@tensorflow/tfjs';
import { stateArray, weightedSum, type LossWeighting } from './lossWeighting';

/**
 * Liu, Johns, Davison 2019, "End-to-End Multi-Task Learning with Attention", eq. 7:
 * w_i(t) = K·exp(r_i(t−1)/T) / Σ_j exp(r_j(t−1)/T), r_i(t−1) = L_i(t−1)/L_i(t−2); w = 1 for the first two epochs.
 * A task whose loss falls more slowly (r near 1) gets a larger weight.
 */
export function dwaWeighting(taskCount: number, temperature = 2): LossWeighting {
  let history: number[][] = [];
  let w = new Array<number>(taskCount).fill(1);
  return {
    name: 'dwa',
    needsTaskGradients: false,
    variables: () => [],
    combineLosses: (losses, scheduleWeights) => weightedSum(tf, losses, w, scheduleWeights),
    afterStep: () => undefined,
    afterEpoch: (meanLosses) => {
      history = [...history.slice(-1), [...meanLosses]];
      if (history.length < 2) return;
      const [prev2, prev1] = history as [number[], number[]];
      const e = prev1.map((l, i) => Math.exp(l / Math.max(prev2[i] as number, 1e-12) / temperature));
      const sum = e.reduce((a, b) => a + b, 0);
      w = e.map((v) => (taskCount * v) / sum);
    },
    weights: () => [...w],
    saveState: () => ({ weights: [...w], history: history.flat(), historyLength: history.length }),
    loadState: (state) => {
      w = stateArray(state, 'weights', taskCount);
      const n = Number(state['historyLength'] ?? 0);
      const flat = stateArray(state, 'history', n * taskCount);
      history = Array.from({ length: n }, (_, i) => flat.slice(i * taskCount, (i + 1) * taskCount));
    },
  };
}
