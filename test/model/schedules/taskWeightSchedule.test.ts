import { test } from 'node:test';
import assert from 'node:assert/strict';
import { taskDecayMultiplier } from '../../../src/model/schedules/taskWeightSchedule';
import { assertClose } from '../../helpers/assertClose';

test('taskDecayMultiplier: linear, cosine and exponential from 1 to 0.1 over 10 epochs (hand values)', () => {
  const base = { task: 0, from: 1, to: 0.1, epochs: 10 };
  assertClose(taskDecayMultiplier({ ...base, shape: 'linear' }, 5), 0.55, { atol: 1e-12 });
  assertClose(taskDecayMultiplier({ ...base, shape: 'cosine' }, 5), 0.55, { atol: 1e-12 });
  assertClose(taskDecayMultiplier({ ...base, shape: 'cosine' }, 2.5), 0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2), { atol: 1e-12 });
  assertClose(taskDecayMultiplier({ ...base, shape: 'exponential' }, 5), Math.sqrt(0.1), { atol: 1e-12 });
  for (const shape of ['linear', 'cosine', 'exponential'] as const) {
    assertClose(taskDecayMultiplier({ ...base, shape }, 0), 1, { atol: 1e-12 });
    assertClose(taskDecayMultiplier({ ...base, shape }, 25), 0.1, { atol: 1e-12 });
  }
  assert.throws(() => taskDecayMultiplier({ ...base, to: 0, shape: 'exponential' }, 1), /from > 0 and to > 0/);
});
