import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/model/train/checkpoint';

test('checkpoint: header and float32 tensors round-trip exactly; bad magic and truncation are refused', () => {
  const ckpt = {
    header: { step: 12, nextEpoch: 3, rngState: 123456789, history: [{ epoch: 0 }] },
    tensors: [
      { name: 'model/0', shape: [2, 2], data: new Float32Array([1, -2.5, Math.PI, 1e-30]) },
      { name: 'opt/0', shape: [], data: new Float32Array([7]) },
    ],
  };
  const bytes = encodeCheckpoint(ckpt);
  const back = decodeCheckpoint(bytes);
  assert.deepEqual(back.header, ckpt.header);
  assert.equal(back.tensors.length, 2);
  assert.deepEqual(Array.from(back.tensors[0]!.data), Array.from(ckpt.tensors[0]!.data));
  assert.deepEqual(back.tensors[1]!.shape, []);
  assert.throws(() => decodeCheckpoint(new Uint8Array(20)), /bad magic/);
  assert.throws(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 3)), /truncated/);
});
