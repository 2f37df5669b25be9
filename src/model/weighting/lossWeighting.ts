// The one small interface every multi-task loss-weighting method implements (after LibMTL's weighting modules).
import type * as tf from '@tensorflow/tfjs';

/** Gradients keyed by variable name. */
export type GradMap = Record<string, tf.Tensor>;

export interface WeightingContext {
  step: number;
  epoch: number;
  /** Names of trainable variables both tasks use (GradNorm measures there; PCGrad projects there). */
  sharedWeightNames: readonly string[];
  /** The last shared layer's weights (GradNorm's W); empty when nothing is shared. */
  lastSharedWeightNames: readonly string[];
  /** Uniform [0, 1) numbers from the run's seeded generator (PCGrad's random task order). */
  random: () => number;
}

/** JSON-able state a checkpoint keeps so a resumed run continues identically. */
export type WeightingState = Record<string, number[] | number>;

export interface LossWeighting {
  /** Method name as configs and logs spell it ('fixed', 'uncertainty', 'gradnorm', 'dwa', 'imbalance', 'pcgrad'). */
  readonly name: string;
  /** True when the method needs each task's gradient separately (one backward pass per task). */
  readonly needsTaskGradients: boolean;
  /** Trainable variables the optimizer updates along with the model (uncertainty's log-variances). */
  variables(): tf.Variable[];
  /**
   * The scalar to differentiate, from per-task losses; `scheduleWeights` are the strategy's and schedules'
   * multipliers for this step (0 switches a task off).
   */
  combineLosses(losses: tf.Scalar[], scheduleWeights: readonly number[]): tf.Scalar;
  /** Methods with needsTaskGradients: one update direction from per-task gradients of the unweighted losses. */
  combineGradients?(taskGrads: GradMap[], scheduleWeights: readonly number[], lossValues: readonly number[], ctx: WeightingContext): GradMap;
  /** Called after every optimisation step with the unweighted loss values of that batch. */
  afterStep(lossValues: readonly number[], ctx: WeightingContext): void;
  /** Called after every epoch with the mean unweighted training loss of each task. */
  afterEpoch(meanLosses: readonly number[], epoch: number): void;
  /** Current weight of each task (before schedule multipliers), for the per-step log. */
  weights(): number[];
  saveState(): WeightingState;
  loadState(state: WeightingState): void;
}

/** Reads a numeric array from a saved state, checking its length. */
export function stateArray(state: WeightingState, key: string, length: number): number[] {
  const v = state[key];
  if (!Array.isArray(v) || v.length !== length) throw new Error(`weighting state '${key}' missing or of the wrong length`);
  return v.map(Number);
}

/** Σ_i scale_i · w_i · L_i as a tfjs scalar (the plain weighted sum most methods use). */
export function weightedSum(tfNs: typeof tf, losses: tf.Scalar[], weights: readonly number[], scheduleWeights: readonly number[]): tf.Scalar {
  let total: tf.Scalar = tfNs.scalar(0);
  losses.forEach((loss, i) => {
    const w = (weights[i] ?? 1) * (scheduleWeights[i] ?? 1);
    if (w !== 0) total = tfNs.add(total, tfNs.mul(loss, w));
  });
  return total;
}
