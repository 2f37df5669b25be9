// Fixed task weights: the plain weighted sum Σ w_i L_i (the baseline every adaptive method is compared with).
import * as tf from '@tensorflow/tfjs';
import { stateArray, weightedSum, type LossWeighting, type WeightingState } from './lossWeighting';

/** Constant weights, e.g. [0.1, 1.0] for recovery MSE and classification BCE (as in the reference benchmark). */
export function fixedWeighting(taskWeights: readonly number[]): LossWeighting {
  let w = [...taskWeights];
  return {
    name: 'fixed',
    needsTaskGradients: false,
    variables: () => [],
    combineLosses: (losses, scheduleWeights) => weightedSum(tf, losses, w, scheduleWeights),
    afterStep: () => undefined,
    afterEpoch: () => undefined,
    weights: () => [...w],
    saveState: (): WeightingState => ({ weights: [...w] }),
    loadState: (state) => {
      w = stateArray(state, 'weights', w.length);
    },
  };
}
