// Tests for undoing SCP bimodal compression.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bimodalStoredCount, undoBimodal } from '../../../src/formats/scp/scpBimodal';

test('bimodalStoredCount: one value per protected sample, one per block of `rate` elsewhere', () => {
  assert.equal(bimodalStoredCount(1, 16, [], 4), 4);
  // 1–4 block, 5–8 protected (4), 9–12 block, 13–14 block of 2 → 1 + 4 + 1 + 1.
  assert.equal(bimodalStoredCount(1, 14, [{ start: 5, end: 8 }], 4), 7);
});

test('undoBimodal: a constant stays constant and protected samples are kept exactly', () => {
  const out = undoBimodal([7, 1, 2, 3, 4, 7, 7], 1, 14, [{ start: 5, end: 8 }], 4);
  assert.equal(out.length, 14);
  assert.deepEqual(Array.from(out.slice(4, 8)), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(out.slice(0, 2)), [7, 7]);
});

test('undoBimodal: block means of a ramp are interpolated back to the ramp', () => {
  const ramp = Array.from({ length: 32 }, (_, i) => 2 * i);
  const stored = [];
  for (let b = 0; b < 8; b++) stored.push((ramp[b * 4]! + ramp[b * 4 + 1]! + ramp[b * 4 + 2]! + ramp[b * 4 + 3]!) / 4);
  const out = undoBimodal(stored, 1, 32, [], 4);
  for (let i = 2; i < 30; i++) assert.ok(Math.abs((out[i] as number) - (ramp[i] as number)) < 1e-9, `sample ${i}`);
});
