// Builds a loss weighting from its config name ('method' strings as in LibMTL's weighting registry).
import { z } from 'zod';
import { dwaWeighting } from './dwa';
import { fixedWeighting } from './fixed';
import { gradNormWeighting } from './gradNorm';
import type { LossWeighting } from './lossWeighting';
import { pcgradWeighting } from './pcgrad';
import { taskImbalanceWeighting } from './taskImbalance';
import { uncertaintyWeighting } from './uncertainty';

export const weightingConfigSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('fixed'), weights: z.array(z.number().nonnegative()) }),
  z.object({ method: z.literal('uncertainty'), initialLogVariance: z.number().optional() }),
  z.object({ method: z.literal('gradnorm'), alpha: z.number().nonnegative().optional(), learningRate: z.number().positive().optional() }),
  z.object({ method: z.literal('dwa'), temperature: z.number().positive().optional() }),
  z.object({ method: z.literal('imbalance'), beta: z.number().optional(), gamma: z.number().optional(), minWeight: z.number().optional() }),
  z.object({ method: z.literal('pcgrad'), weights: z.array(z.number().nonnegative()).optional() }),
]);
export type WeightingConfig = z.infer<typeof weightingConfigSchema>;

export function createWeighting(config: WeightingConfig, taskCount: number): LossWeighting {
  switch (config.method) {
    case 'fixed':
      if (config.weights.length !== taskCount) throw new Error(`fixed weighting needs ${taskCount} weights, got ${config.weights.length}`);
      return fixedWeighting(config.weights);
    case 'uncertainty':
      return uncertaintyWeighting(taskCount, config.initialLogVariance);
    case 'gradnorm':
      return gradNormWeighting(taskCount, {
        ...(config.alpha !== undefined ? { alpha: config.alpha } : {}),
        ...(config.learningRate !== undefined ? { learningRate: config.learningRate } : {}),
      });
    case 'dwa':
      return dwaWeighting(taskCount, config.temperature);
    case 'imbalance':
      return taskImbalanceWeighting(taskCount, {
        ...(config.beta !== undefined ? { beta: config.beta } : {}),
        ...(config.gamma !== undefined ? { gamma: config.gamma } : {}),
        ...(config.minWeight !== undefined ? { minWeight: config.minWeight } : {}),
      });
    case 'pcgrad':
      return pcgradWeighting(config.weights ?? new Array<number>(taskCount).fill(1));
  }
}
