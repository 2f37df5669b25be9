// PCGrad: project each task's gradient off the others' where they conflict (Yu et al., NeurIPS 2020).
import * as tf from '@tensorflow/tfjs';
import { gradDot, gradLinearCombination } from './gradOps';
import { stateArray, weightedSum, type GradMap, type LossWeighting } from './lossWeighting';

/**
 * Yu, Kumar, Gupta, Levine, Hausman, Finn 2020, "Gradient Surgery for Multi-Task Learning", Algorithm 1: for
 * each task i and each other task j in random order, if ⟨g_i, g_j⟩ < 0 then g_i ← g_i − ⟨g_i, g_j⟩/‖g_j‖²·g_j;
 * the update is Σ_i g_i. Task weights (fixed, default 1) scale the gradients before the surgery.
 */
export function pcgradWeighting(taskWeights: readonly number[]): LossWeighting {
  let w = [...taskWeights];
  const taskCount = w.length;
  return {
    name: 'pcgrad',
    needsTaskGradients: true,
    variables: () => [],
    combineLosses: (losses, scheduleWeights) => weightedSum(tf, losses, w, scheduleWeights),
    combineGradients(taskGrads, scheduleWeights, _lossValues, ctx) {
      const scaled = taskGrads.map((g, i) => gradLinearCombination([g], [(w[i] ?? 1) * (scheduleWeights[i] ?? 1)]));
      const projected = projectConflicting(scaled, ctx.random);
      const out = gradLinearCombination(projected, projected.map(() => 1));
      for (const g of [...scaled, ...projected]) tf.dispose(Object.values(g));
      return out;
    },
    afterStep: () => undefined,
    afterEpoch: () => undefined,
    weights: () => [...w],
    saveState: () => ({ weights: [...w] }),
    loadState: (state) => {
      w = stateArray(state, 'weights', taskCount);
    },
  };
}

/** PCGrad's projection step; returns new gradient maps (caller disposes), inputs untouched. */
export function projectConflicting(grads: GradMap[], random: () => number): GradMap[] {
  const sqNorms = grads.map((g) => gradDot(g, g));
  return grads.map((gi, i) => {
    let current = gradLinearCombination([gi], [1]);
    const others = [...grads.keys()].filter((j) => j !== i);
    for (let k = others.length - 1; k > 0; k--) {
      const r = Math.floor(random() * (k + 1));
      [others[k], others[r]] = [others[r] as number, others[k] as number];
    }
    for (const j of others) {
      const gj = grads[j] as GradMap;
      const dot = gradDot(current, gj);
      const nj = sqNorms[j] as number;
      if (dot < 0 && nj > 0) {
        const next = gradLinearCombination([current, gj], [1, -dot / nj]);
        tf.dispose(Object.values(current));
        current = next;
      }
    }
    return current;
  });
}
