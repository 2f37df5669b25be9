// Tests for the MIT annotation code table: mnemonics both ways, unassigned codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACMAX, annotationCode, annotationMnemonic } from '../../../src/formats/wfdb/annotationCodes';

test('annotationMnemonic: standard ecgcodes.h codes', () => {
  const expected: [number, string][] = [[1, 'N'], [5, 'V'], [14, '~'], [16, '|'], [22, '"'], [28, '+'], [37, 'x'], [41, 'r']];
  for (const [code, m] of expected) assert.equal(annotationMnemonic(code), m);
  assert.equal(annotationMnemonic(15), '[15]');
  assert.equal(annotationMnemonic(45), '[45]');
});

test('annotationCode: inverse of annotationMnemonic for every code 1–49; unknown mnemonics undefined', () => {
  for (let c = 1; c <= ACMAX; c++) assert.equal(annotationCode(annotationMnemonic(c)), c);
  assert.equal(annotationCode('Pon'), undefined);
  assert.equal(annotationCode('[60]'), undefined);
});
