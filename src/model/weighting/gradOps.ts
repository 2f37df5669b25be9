// Small operations on gradient maps (dot products, norms, sums) shared by the gradient-based weightings.
import * as tf from '@tensorflow/tfjs';
import type { GradMap } from './lossWeighting';

/** Σ over the named variables of ⟨a, b⟩ (missing entries count as zero). */
export function gradDot(a: GradMap, b: GradMap, names?: readonly string[]): number {
  const keys = names ?? Object.keys(a);
  let total = 0;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (!x || !y) continue;
    total += tf.tidy(() => tf.sum(tf.mul(x, y)).dataSync()[0] as number);
  }
  return total;
}

export function gradNorm(a: GradMap, names?: readonly string[]): number {
  return Math.sqrt(gradDot(a, a, names));
}

/** Σ_i c_i · g_i over the union of keys; returns new tensors (caller disposes). */
export function gradLinearCombination(grads: GradMap[], coefficients: readonly number[]): GradMap {
  const out: GradMap = {};
  const keys = new Set(grads.flatMap((g) => Object.keys(g)));
  for (const k of keys) {
    out[k] = tf.tidy(() => {
      let acc: tf.Tensor | undefined;
      grads.forEach((g, i) => {
        const t = g[k];
        const c = coefficients[i] ?? 0;
        if (!t || c === 0) return;
        const term = tf.mul(t, c);
        acc = acc ? tf.add(acc, term) : term;
      });
      const first = grads.find((g) => g[k])?.[k] as tf.Tensor;
      return acc ?? tf.zerosLike(first);
    });
  }
  return out;
}
