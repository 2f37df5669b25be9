import { test } from 'node:test';
import assert from 'node:assert/strict';
import { taskImbalanceWeighting } from '../../../src/model/weighting/taskImbalance';
import { assertClose } from '../../helpers/assertClose';

test('taskImbalanceWeighting: a task with 100x the loss gets the lower weight (β = 0.5: ratio 10)', () => {
  const w = taskImbalanceWeighting(2, { beta: 0.5, gamma: 1, minWeight: 0 });
  w.afterEpoch([0.01, 1], 0);
  const [a, b] = w.weights() as [number, number];
  assertClose(a + b, 2, { atol: 1e-12 });
  assertClose(a / b, 10, { rtol: 1e-9 });
});

test('taskImbalanceWeighting: with equal magnitudes, the task whose loss falls slowly is raised', () => {
  const w = taskImbalanceWeighting(2, { beta: 0.5, gamma: 1 });
  w.afterEpoch([1, 1], 0);
  assert.deepEqual(w.weights(), [1, 1]);
  w.afterEpoch([0.5, 0.95], 1);
  const [fast, slow] = w.weights() as [number, number];
  assert.ok(slow > fast, `${slow} > ${fast}`);
  const copy = taskImbalanceWeighting(2);
  copy.loadState(w.saveState());
  assert.deepEqual(copy.weights(), w.weights());
});
