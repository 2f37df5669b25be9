// Progressive decay of one task's weight over epochs (linear, cosine or exponential), e.g. fading out the auxiliary task.
import { z } from 'zod';

export const taskDecaySchema = z.object({
  /** Index of the task whose weight decays (0 recovery, 1 classification). */
  task: z.number().int().min(0),
  shape: z.enum(['linear', 'cosine', 'exponential']),
  /** Multiplier at epoch 0 and from `epochs` on. Exponential decay needs both > 0. */
  from: z.number().nonnegative(),
  to: z.number().nonnegative(),
  epochs: z.number().int().positive(),
});
export type TaskDecay = z.infer<typeof taskDecaySchema>;

/**
 * Multiplier of the decaying task at (possibly fractional) `epoch`: linear interpolation, cosine annealing
 * (Loshchilov & Hutter 2017, SGDR eq. 5, one cycle), or geometric from·(to/from)^(epoch/epochs).
 */
export function taskDecayMultiplier(decay: TaskDecay, epoch: number): number {
  const p = Math.min(1, Math.max(0, epoch / decay.epochs));
  switch (decay.shape) {
    case 'linear':
      return decay.from + (decay.to - decay.from) * p;
    case 'cosine':
      return decay.to + (decay.from - decay.to) * 0.5 * (1 + Math.cos(Math.PI * p));
    case 'exponential':
      if (!(decay.from > 0 && decay.to > 0)) throw new Error('exponential decay needs from > 0 and to > 0');
      return decay.from * (decay.to / decay.from) ** p;
  }
}
