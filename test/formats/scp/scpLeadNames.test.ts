// Tests for the SCP lead code table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scpLeadName } from '../../../src/formats/scp/scpLeadNames';

test('scpLeadName: standard 12-lead codes, -aVR kept signed, unknown codes named by number', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 61, 62, 63, 64].map(scpLeadName), ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'aVR', 'aVL', 'aVF']);
  assert.equal(scpLeadName(65), '-aVR');
  assert.equal(scpLeadName(16), 'X');
  assert.equal(scpLeadName(0), 'SCP lead 0');
  assert.equal(scpLeadName(200), 'SCP lead 200');
});
