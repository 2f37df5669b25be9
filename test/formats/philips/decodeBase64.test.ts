// Tests for the runtime-neutral base64 decoder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBase64 } from '../../../src/formats/philips/decodeBase64';

test('decodeBase64: RFC 4648 vectors, whitespace and line breaks ignored', () => {
  const enc = new TextEncoder();
  for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']) assert.deepEqual(decodeBase64(btoa(s)), enc.encode(s));
  assert.deepEqual(decodeBase64('Zm9v\r\n YmFy\n'), enc.encode('foobar'));
});

test('decodeBase64: characters outside the alphabet or after padding → RangeError', () => {
  assert.throws(() => decodeBase64('Zm9v*'), RangeError);
  assert.throws(() => decodeBase64('Zg==Zg'), RangeError);
});
