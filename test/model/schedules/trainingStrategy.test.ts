import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleWeights } from '../../../src/model/schedules/trainingStrategy';

test('scheduleWeights: joint, alternating by batch and by epoch, pretrain-then-joint, with decay', () => {
  assert.deepEqual(scheduleWeights({ strategy: { kind: 'joint' } }, 2, 3, 7), [1, 1]);
  const byBatch = { strategy: { kind: 'alternating' as const, by: 'batch' as const } };
  assert.deepEqual([0, 1, 2].map((s) => scheduleWeights(byBatch, 2, 0, s)), [[1, 0], [0, 1], [1, 0]]);
  const byEpoch = { strategy: { kind: 'alternating' as const, by: 'epoch' as const } };
  assert.deepEqual([0, 1].map((e) => scheduleWeights(byEpoch, 2, e, 5)), [[1, 0], [0, 1]]);
  const pre = { strategy: { kind: 'pretrain-then-joint' as const, pretrainEpochs: 2 } };
  assert.deepEqual([0, 1, 2].map((e) => scheduleWeights(pre, 2, e, 0)), [[1, 0], [1, 0], [1, 1]]);
  const decayed = { strategy: { kind: 'joint' as const }, decay: [{ task: 0, shape: 'linear' as const, from: 1, to: 0, epochs: 4 }] };
  assert.deepEqual(scheduleWeights(decayed, 2, 1, 0), [0.75, 1]);
});
