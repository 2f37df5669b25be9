import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLeadName } from '../../src/shared/leads';

test('normalizeLeadName: standard leads in many spellings', () => {
  const cases: [string, string][] = [
    ['I', 'I'], ['lead II', 'II'], ['ECG III', 'III'], ['avr', 'aVR'], ['AVL', 'aVL'], ['aVF', 'aVF'],
    ['V1', 'V1'], ['v6', 'V6'], ['MDC_ECG_LEAD_V3', 'V3'], ['MDC_ECG_LEAD_AVF', 'aVF'], ['Lead V4', 'V4'],
    ['C2', 'V2'], ['ECG V5', 'V5'],
  ];
  for (const [raw, want] of cases) assert.equal(normalizeLeadName(raw), want, raw);
});

test('normalizeLeadName: non-standard names are kept as-is', () => {
  for (const raw of ['-aVR', 'MLII', 'V', 'ABP', 'PLETH', 'RESP', 'vx', 'MCL1']) assert.equal(normalizeLeadName(raw), raw);
});
