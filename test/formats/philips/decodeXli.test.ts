// Tests for XLI decompression: LZW round trips, delta coding, corrupt chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeXli, lzwDecode10, XliDecodeError } from '../../../src/formats/philips/decodeXli';
import { encodeXli, lzwEncode10 } from './encodeXli';

test('lzwDecode10: round trip of repetitive and random bytes, including the KwKwK case and a full dictionary', () => {
  const repetitive = new Uint8Array(3000).map((_, i) => (i % 7) * 3);
  assert.deepEqual(lzwDecode10(lzwEncode10(repetitive), 10000), repetitive);
  const kwk = Uint8Array.from([65, 65, 65, 65, 65, 65, 65]);
  assert.deepEqual(lzwDecode10(lzwEncode10(kwk), 100), kwk);
  let seed = 1;
  const random = new Uint8Array(5000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
  assert.deepEqual(lzwDecode10(lzwEncode10(random), 20000), random);
});

test('decodeXli: two leads of int16 values survive the delta coding and byte split', () => {
  const a = Array.from({ length: 777 }, (_, i) => Math.round(800 * Math.sin(i / 17)));
  const b = Array.from({ length: 777 }, (_, i) => (i % 50) - 25);
  const leads = decodeXli(encodeXli([a, b]), 1000);
  assert.equal(leads.length, 2);
  assert.deepEqual(Array.from(leads[0]!), a);
  assert.deepEqual(Array.from(leads[1]!), b);
});

test('decodeXli: a chunk size past the end, a cut header and an undefined LZW code → XliDecodeError', () => {
  const good = encodeXli([[1, 2, 3, 4, 5, 6]]);
  assert.throws(() => decodeXli(good.slice(0, 5), 100), XliDecodeError);
  const big = good.slice();
  new DataView(big.buffer).setInt32(0, 1_000_000, true);
  assert.throws(() => decodeXli(big, 100), XliDecodeError);
  // First code 1000 is not yet defined.
  const bad = Uint8Array.from([4, 0, 0, 0, 0, 0, 0, 0, 0xfa, 0x00, 0x00, 0x00]);
  assert.throws(() => decodeXli(bad, 100), XliDecodeError);
});

test('decodeXli: output beyond the expected size → XliDecodeError instead of unbounded growth', () => {
  const a = Array.from({ length: 500 }, (_, i) => i);
  assert.throws(() => decodeXli(encodeXli([a]), 100), XliDecodeError);
});
