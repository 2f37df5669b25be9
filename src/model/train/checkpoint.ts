// Checkpoint bytes: a JSON header (step, epoch, RNG, weighting and early-stopping state) plus float32 tensors.

const MAGIC = 'ECGCKPT1';

export interface CheckpointTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface Checkpoint {
  header: Record<string, unknown>;
  tensors: CheckpointTensor[];
}

/** Layout: 8-byte magic, uint32 LE header length, UTF-8 JSON header, then each tensor's float32 LE data. */
export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  const specs = ckpt.tensors.map((t) => ({ name: t.name, shape: t.shape, length: t.data.length }));
  const header = new TextEncoder().encode(JSON.stringify({ ...ckpt.header, tensors: specs }));
  const dataBytes = ckpt.tensors.reduce((a, t) => a + t.data.length * 4, 0);
  const out = new Uint8Array(12 + header.length + dataBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  let off = 12 + header.length;
  for (const t of ckpt.tensors) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(off + i * 4, t.data[i] as number, true);
    off += t.data.length * 4;
  }
  return out;
}

/** The JSON header alone (no tensor data is read). */
export function decodeCheckpointHeader(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error('not an ECG Studio checkpoint (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('checkpoint truncated in its header');
  return JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Record<string, unknown>;
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const header = decodeCheckpointHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const specs = header['tensors'] as { name: string; shape: number[]; length: number }[];
  delete header['tensors'];
  let off = 12 + headerLength;
  const tensors = specs.map((s) => {
    if (off + s.length * 4 > bytes.length) throw new Error(`checkpoint truncated in tensor ${s.name}`);
    const data = new Float32Array(s.length);
    for (let i = 0; i < s.length; i++) data[i] = view.getFloat32(off + i * 4, true);
    off += s.length * 4;
    return { name: s.name, shape: s.shape, data };
  });
  return { header, tensors };
}
