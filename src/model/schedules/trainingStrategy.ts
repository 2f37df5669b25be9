// Which tasks a training step optimises: joint, alternating (per batch or epoch), or pretrain-then-joint.
import { z } from 'zod';
import { taskDecayMultiplier, taskDecaySchema } from './taskWeightSchedule';

export const trainingStrategySchema = z.discriminatedUnion('kind', [
  /** Every step optimises the weighted sum of all task losses. */
  z.object({ kind: z.literal('joint') }),
  /** One task per step, in turn, by batch or by epoch (each task's own optimisation steps interleave). */
  z.object({ kind: z.literal('alternating'), by: z.enum(['batch', 'epoch']) }),
  /** Only `pretrainTask` (default 0 = recovery) for the first `pretrainEpochs`, then joint. */
  z.object({ kind: z.literal('pretrain-then-joint'), pretrainEpochs: z.number().int().positive(), pretrainTask: z.number().int().min(0).optional() }),
]);
export type TrainingStrategy = z.infer<typeof trainingStrategySchema>;

export const scheduleSchema = z.object({
  strategy: trainingStrategySchema,
  decay: z.array(taskDecaySchema).optional(),
});
export type TaskSchedule = z.infer<typeof scheduleSchema>;

/** Per-task multipliers for one step (0 switches a task off), before the loss weighting's own weights. */
export function scheduleWeights(schedule: TaskSchedule, taskCount: number, epoch: number, stepInEpoch: number): number[] {
  const s = schedule.strategy;
  let w = new Array<number>(taskCount).fill(1);
  if (s.kind === 'alternating') {
    const turn = (s.by === 'batch' ? stepInEpoch : epoch) % taskCount;
    w = w.map((_, i) => (i === turn ? 1 : 0));
  } else if (s.kind === 'pretrain-then-joint' && epoch < s.pretrainEpochs) {
    const only = s.pretrainTask ?? 0;
    w = w.map((_, i) => (i === only ? 1 : 0));
  }
  for (const d of schedule.decay ?? []) {
    if (d.task < taskCount) w[d.task] = (w[d.task] as number) * taskDecayMultiplier(d, epoch);
  }
  return w;
}
