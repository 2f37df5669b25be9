// Tests for the WFDB storage formats: sizes, invalid values and decoding of hand-packed bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bytesForSamples,
  decodeSampleStream,
  invalidSampleValue,
  samplesInBytes,
  SUPPORTED_FORMATS,
} from '../../../src/formats/wfdb/signalFormats';

function decode(format: number, bytes: number[], count: number, kStart = 0): number[] {
  const out = new Int32Array(count);
  decodeSampleStream(format, Uint8Array.from(bytes), 0, kStart, count, out, 0);
  return [...out];
}

function pack310(s: [number, number, number]): number[] {
  const w0 = ((s[0] & 0x3ff) << 1) | ((s[2] & 0x1f) << 11);
  const w1 = ((s[1] & 0x3ff) << 1) | (((s[2] >> 5) & 0x1f) << 11);
  return [w0 & 0xff, w0 >> 8, w1 & 0xff, w1 >> 8];
}

function pack311(s: [number, number, number]): number[] {
  const w = ((s[0] & 0x3ff) | ((s[1] & 0x3ff) << 10) | ((s[2] & 0x3ff) << 20)) >>> 0;
  return [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24];
}

test('decodeSampleStream: format 212 packs two 12-bit samples in three bytes', () => {
  // 0x123 and -1: byte0 = low 8 bits of s0, byte1 = high nibbles (s1 << 4 | s0), byte2 = low 8 bits of s1.
  assert.deepEqual(decode(212, [0x23, 0xf1, 0xff], 2), [0x123, -1]);
  assert.deepEqual(decode(212, [0x00, 0x08, 0xff, 0xff, 0x07, 0x00], 3), [-2048, 255, 2047]);
  assert.deepEqual(decode(212, [0x23, 0xf1, 0xff, 0xff, 0x07, 0x00], 1, 2), [2047]);
});

test('decodeSampleStream: format 310 and 311 pack three 10-bit samples in four bytes', () => {
  const samples: [number, number, number] = [-512, 511, -3];
  assert.deepEqual(decode(310, pack310(samples), 3), samples);
  assert.deepEqual(decode(311, pack311(samples), 3), samples);
  assert.deepEqual(decode(311, [...pack311([1, 2, 3]), ...pack311([-4, 5, -6])], 4, 2), [3, -4, 5, -6]);
  assert.deepEqual(decode(310, [...pack310([1, 2, 3]), ...pack310([-4, 5, -6])], 4, 2), [3, -4, 5, -6]);
});

test('decodeSampleStream: byte formats 8, 80 and word formats 16, 61, 160, 24, 32', () => {
  assert.deepEqual(decode(8, [0xff, 0x7f, 0x80], 3), [-1, 127, -128]);
  assert.deepEqual(decode(80, [0x00, 0x80, 0xff], 3), [-128, 0, 127]);
  assert.deepEqual(decode(16, [0x00, 0x80, 0xff, 0x7f, 0xfe, 0xff], 3), [-32768, 32767, -2]);
  assert.deepEqual(decode(61, [0x80, 0x00, 0x7f, 0xff, 0xff, 0xfe], 3), [-32768, 32767, -2]);
  assert.deepEqual(decode(160, [0x00, 0x00, 0x00, 0x80, 0xff, 0xff], 3), [-32768, 0, 32767]);
  assert.deepEqual(decode(24, [0x00, 0x00, 0x80, 0xff, 0xff, 0x7f, 0xfe, 0xff, 0xff], 3), [-8388608, 8388607, -2]);
  assert.deepEqual(decode(32, [0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f], 2), [-2147483648, 2147483647]);
});

test('bytesForSamples / samplesInBytes: partial groups count only the bytes the last sample needs', () => {
  // 310derive_3 (1018 samples in 1358 bytes), 311derive_3 (1019 in 1359), 311derive_4 (1018 in 1358).
  assert.equal(bytesForSamples(310, 1018), 1358);
  assert.equal(bytesForSamples(311, 1019), 1359);
  assert.equal(bytesForSamples(311, 1018), 1358);
  assert.equal(bytesForSamples(212, 3), 5);
  assert.equal(bytesForSamples(16, 0), 0);
  for (const format of SUPPORTED_FORMATS) {
    for (let n = 0; n < 20; n++) {
      // Enough bytes for n samples hold at least n (310: two samples need the whole 4-byte group).
      assert.ok(samplesInBytes(format, bytesForSamples(format, n)) >= n, `format ${format}, ${n} samples`);
      if (n > 0) assert.ok(samplesInBytes(format, bytesForSamples(format, n) - 1) < n, `format ${format}, ${n} samples minus a byte`);
    }
  }
});

test('invalidSampleValue: the wfdb-python table (format 8 has none)', () => {
  assert.equal(invalidSampleValue(212), -2048);
  assert.equal(invalidSampleValue(16), -32768);
  assert.equal(invalidSampleValue(80), -128);
  assert.equal(invalidSampleValue(310), -512);
  assert.equal(invalidSampleValue(24), -8388608);
  assert.equal(invalidSampleValue(32), -2147483648);
  assert.equal(invalidSampleValue(8), undefined);
});
