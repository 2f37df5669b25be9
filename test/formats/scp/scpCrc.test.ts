// Tests for CRC-CCITT as used by SCP-ECG.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crcCcitt } from '../../../src/formats/scp/scpCrc';

test('crcCcitt: the standard check value of "123456789" is 0x29B1 (CRC-16/CCITT-FALSE)', () => {
  assert.equal(crcCcitt(new TextEncoder().encode('123456789')), 0x29b1);
});

test('crcCcitt: empty input gives the initial value 0xFFFF; start/end select a range', () => {
  assert.equal(crcCcitt(new Uint8Array(0)), 0xffff);
  const bytes = new TextEncoder().encode('xx123456789yy');
  assert.equal(crcCcitt(bytes, 2, 11), 0x29b1);
});
