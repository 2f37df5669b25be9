// Tests for SCP Huffman decoding (default and custom tables) and difference reconstruction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_HUFFMAN_TABLE, huffmanDecode, undoDifferences, type HuffmanTable } from '../../../src/formats/scp/scpHuffman';
import { bitsToBytes, encodeDefaultHuffman } from './buildScp';

test('huffmanDecode: default table round trip over 0, ±1…±8, 8-bit and 16-bit escapes', () => {
  const values = [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9, 127, -128, 128, -129, 32767, -32768, 0];
  const decoded = huffmanDecode(encodeDefaultHuffman(values), [DEFAULT_HUFFMAN_TABLE], values.length);
  assert.deepEqual(Array.from(decoded), values);
});

test('huffmanDecode: default table codes have the bit patterns of EN 1064 table 9', () => {
  // '0' = 0, '100' = +1, '101' = −1, '1100' = +2, '1111111110' + 8 bits.
  const decoded = huffmanDecode(bitsToBytes('0' + '100' + '101' + '1100' + '1111111110' + '11111110'), [DEFAULT_HUFFMAN_TABLE], 5);
  assert.deepEqual(Array.from(decoded), [0, 1, -1, 2, -2]);
});

test('huffmanDecode: a table-switch code changes the active table', () => {
  // Table 1: '0' = 5, '1' = switch to table 2.  Table 2: '0' = −7, '1' = switch to table 1.
  const t1: HuffmanTable = [
    { prefixBits: 1, totalBits: 1, tableModeSwitch: 1, baseValue: 5, baseCode: 0 },
    { prefixBits: 1, totalBits: 1, tableModeSwitch: 0, baseValue: 2, baseCode: 1 },
  ];
  const t2: HuffmanTable = [
    { prefixBits: 1, totalBits: 1, tableModeSwitch: 1, baseValue: -7, baseCode: 0 },
    { prefixBits: 1, totalBits: 1, tableModeSwitch: 0, baseValue: 1, baseCode: 1 },
  ];
  const decoded = huffmanDecode(bitsToBytes('0' + '1' + '00' + '1' + '0'), [t1, t2], 4);
  assert.deepEqual(Array.from(decoded), [5, -7, -7, 5]);
});

test('huffmanDecode: a stream that ends early returns the values decoded so far', () => {
  const decoded = huffmanDecode(encodeDefaultHuffman([1, 2, 3]), [DEFAULT_HUFFMAN_TABLE], 100);
  assert.deepEqual(Array.from(decoded.slice(0, 3)), [1, 2, 3]);
  assert.ok(decoded.length < 100);
});

test('undoDifferences: first and second differences rebuild the signal', () => {
  const x = [3, 5, 4, 10, -2, 0, 7];
  const d1 = Int32Array.from(x.map((v, i) => (i === 0 ? v : v - (x[i - 1] as number))));
  undoDifferences(d1, 1);
  assert.deepEqual(Array.from(d1), x);
  const d2 = Int32Array.from(x.map((v, i) => (i < 2 ? v : v - 2 * (x[i - 1] as number) + (x[i - 2] as number))));
  undoDifferences(d2, 2);
  assert.deepEqual(Array.from(d2), x);
});
