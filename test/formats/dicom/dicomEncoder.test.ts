// Tests for the small DICOM encoder: value padding, long/short VR headers, sequences, DS formatting, Part 10 layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataSet, formatDs, part10File, sequenceElement, stringElement, tag, ulElement, usElement } from '../../../src/formats/dicom/dicomEncoder';

test('stringElement: UI pads odd values with NUL, other VRs with a space; 16-bit length in the header', () => {
  assert.deepEqual(Array.from(stringElement(tag(0x0008, 0x0016), 'UI', '1.2.3').bytes), [8, 0, 0x16, 0, 0x55, 0x49, 6, 0, 0x31, 0x2e, 0x32, 0x2e, 0x33, 0]);
  assert.deepEqual(Array.from(stringElement(tag(0x0008, 0x0060), 'CS', 'ECG').bytes.slice(6)), [4, 0, 0x45, 0x43, 0x47, 0x20]);
});

test('sequenceElement: SQ header has reserved bytes and a 32-bit length; items carry their own length', () => {
  const seq = sequenceElement(tag(0x0040, 0x0555), [[usElement(tag(0x003a, 0x0005), 2)]]).bytes;
  const v = new DataView(seq.buffer);
  assert.equal(String.fromCharCode(seq[4]!, seq[5]!), 'SQ');
  assert.equal(v.getUint16(6, true), 0);
  assert.equal(v.getUint32(8, true), seq.length - 12);
  assert.equal(v.getUint16(12, true), 0xfffe);
  assert.equal(v.getUint16(14, true), 0xe000);
  assert.equal(v.getUint32(16, true), 10);
});

test('dataSet: elements are sorted by tag', () => {
  const bytes = dataSet([ulElement(tag(0x003a, 0x0010), 5), usElement(tag(0x0008, 0x0000), 1)]);
  assert.equal(new DataView(bytes.buffer).getUint16(0, true), 0x0008);
});

test('formatDs: at most 16 characters, exact for short values', () => {
  assert.equal(formatDs(1.25), '1.25');
  assert.equal(formatDs(1000), '1000');
  assert.equal(formatDs(0.1 + 0.2), '0.3');
  assert.ok(formatDs(Math.PI * 1e-9).length <= 16);
  assert.ok(formatDs(-123456789.123456789).length <= 16);
  assert.throws(() => formatDs(NaN), RangeError);
});

test('part10File: preamble, DICM and a group length that covers the rest of group 0002', () => {
  const file = part10File([stringElement(tag(0x0002, 0x0010), 'UI', '1.2.840.10008.1.2.1')], []);
  assert.deepEqual(Array.from(file.subarray(0, 128)), new Array(128).fill(0));
  assert.equal(String.fromCharCode(...file.subarray(128, 132)), 'DICM');
  assert.equal(new DataView(file.buffer).getUint32(140, true), file.length - 144);
});
