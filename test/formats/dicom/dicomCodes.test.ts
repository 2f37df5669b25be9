// Tests for DICOM ECG lead codes: SCPECG and MDC numbers, code meanings, codes written for lead names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeForLead, isEcgLeadCode, leadNameFromCode } from '../../../src/formats/dicom/dicomCodes';

test('leadNameFromCode: SCPECG 5.6.3-9-N and MDC 2:N give the same lead', () => {
  const pairs: [string, string][] = [['1', 'I'], ['2', 'II'], ['61', 'III'], ['62', 'aVR'], ['63', 'aVL'], ['64', 'aVF'], ['3', 'V1'], ['8', 'V6'], ['66', 'V8']];
  for (const [n, name] of pairs) {
    assert.equal(leadNameFromCode({ value: `5.6.3-9-${n}`, scheme: 'SCPECG' }), name);
    assert.equal(leadNameFromCode({ value: `2:${n}`, scheme: 'MDC' }), name);
  }
});

test('leadNameFromCode: unknown codes fall back to the code meaning, then the channel label', () => {
  assert.equal(leadNameFromCode({ value: 'X1', scheme: '99LOCAL', meaning: 'Lead I (Einthoven)' }), 'I');
  assert.equal(leadNameFromCode({ value: 'X2', scheme: '99LOCAL', meaning: 'lead avf' }), 'aVF');
  assert.equal(leadNameFromCode({ value: 'MLII', scheme: '99ECGSTUDIO', meaning: 'MLII' }), 'MLII');
  assert.equal(leadNameFromCode({}, 'V5'), 'V5');
  assert.equal(leadNameFromCode({}), 'unknown');
});

test('codeForLead: SCPECG codes for SCP-ECG leads, a private 99 scheme for other names; both read back', () => {
  assert.deepEqual(codeForLead('aVL'), { value: '5.6.3-9-63', scheme: 'SCPECG', schemeVersion: '1.3', meaning: 'Lead aVL' });
  assert.deepEqual(codeForLead('MLII'), { value: 'MLII', scheme: '99ECGSTUDIO', meaning: 'MLII' });
  for (const name of ['I', 'V4', 'aVR', 'MLII', 'V5R']) assert.equal(leadNameFromCode(codeForLead(name)), name);
});

test('isEcgLeadCode: ECG leads yes, pressures and other MDC partition-2 codes no', () => {
  assert.equal(isEcgLeadCode({ value: '5.6.3-9-2', scheme: 'SCPECG' }), true);
  assert.equal(isEcgLeadCode({ value: '2:1', scheme: 'MDC' }), true);
  assert.equal(isEcgLeadCode({ value: '2:16386', scheme: 'MDC', meaning: 'Aortic pressure' }), false);
  assert.equal(isEcgLeadCode({ value: 'x', scheme: '99', meaning: 'ECG lead 3' }), true);
});
