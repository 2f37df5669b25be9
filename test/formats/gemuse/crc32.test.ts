// Tests for CRC-32: the standard check value and zlib agreement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from '../../../src/formats/gemuse/crc32';

test('crc32: check value of "123456789" is 0xCBF43926 and the empty input gives 0', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('crc32: agrees with node:zlib on random bytes', async () => {
  const zlib = await import('node:zlib');
  if (typeof (zlib as { crc32?: unknown }).crc32 !== 'function') return;
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 24);
  assert.equal(crc32(bytes), (zlib as unknown as { crc32(b: Uint8Array): number }).crc32(bytes));
});
