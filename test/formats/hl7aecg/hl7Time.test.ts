// Tests for HL7 v3 TS timestamps and PQ time quantities.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHl7Timestamp, timeQuantitySec } from '../../../src/formats/hl7aecg/hl7Time';

test('parseHl7Timestamp: full precision, fractional seconds and zones', () => {
  assert.equal(parseHl7Timestamp('20021122091000')?.iso, '2002-11-22T09:10:00');
  assert.equal(parseHl7Timestamp('20021122091000.122')?.iso, '2002-11-22T09:10:00.122');
  const a = parseHl7Timestamp('20021122091000.000')!;
  const b = parseHl7Timestamp('20021122091001.014')!;
  assert.equal(b.epochMs - a.epochMs, 1014);
  assert.equal(parseHl7Timestamp('20240102030405+0100')?.iso, '2024-01-02T03:04:05+01:00');
  assert.equal(parseHl7Timestamp('20240102030405+0100')!.epochMs, Date.UTC(2024, 0, 2, 2, 4, 5));
  assert.equal(parseHl7Timestamp('19530508')?.iso, '1953-05-08');
  assert.equal(parseHl7Timestamp('yesterday'), undefined);
});

test('timeQuantitySec: s, ms and unknown units', () => {
  assert.equal(timeQuantitySec('0.002', 's'), 0.002);
  assert.equal(timeQuantitySec('286', 'ms'), 0.286);
  assert.equal(timeQuantitySec('1', 'furlong'), undefined);
  assert.equal(timeQuantitySec('', 's'), undefined);
});
