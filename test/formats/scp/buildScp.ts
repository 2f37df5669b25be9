// Test helper: builds small SCP-ECG records byte by byte (default-Huffman or raw 16-bit data) with valid CRCs.
import { crcCcitt } from '../../../src/formats/scp/scpCrc';

/** Bits of one value in the default Huffman table (EN 1064 table 9), first transmitted bit first. */
export function defaultHuffmanBits(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a <= 8) return '1'.repeat(a) + '0' + (v < 0 ? '1' : '0');
  const twos = (bits: number) => ((v + 2 ** bits) % 2 ** bits).toString(2).padStart(bits, '0');
  if (v >= -128 && v <= 127) return '1111111110' + twos(8);
  return '1111111111' + twos(16);
}

export function bitsToBytes(bits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7));
  return out;
}

export function encodeDefaultHuffman(values: ArrayLike<number>): Uint8Array {
  let bits = '';
  for (let i = 0; i < values.length; i++) bits += defaultHuffmanBits(values[i] as number);
  return bitsToBytes(bits);
}

/** Second differences as SCP stores them (the first two values kept as they are). */
export function secondDifferences(x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    out.push(i < 2 ? v : v - 2 * (x[i - 1] as number) + (x[i - 2] as number));
  }
  return out;
}

class Bytes {
  private parts: number[] = [];
  u8(v: number) { this.parts.push(v & 0xff); return this; }
  u16(v: number) { return this.u8(v).u8(v >> 8); }
  u32(v: number) { return this.u16(v & 0xffff).u16(Math.floor(v / 65536)); }
  raw(b: Uint8Array) { for (const x of b) this.parts.push(x); return this; }
  get bytes() { return Uint8Array.from(this.parts); }
}

function section(id: number, body: Uint8Array, ident = ''): Uint8Array {
  const padded = body.length % 2 ? Uint8Array.from([...body, 0]) : body;
  const out = new Uint8Array(16 + padded.length);
  const h = new Bytes().u16(0).u16(id).u32(out.length).u8(20).u8(20).bytes;
  out.set(h, 0);
  for (let i = 0; i < ident.length; i++) out[10 + i] = ident.charCodeAt(i);
  out.set(padded, 16);
  const crc = crcCcitt(out, 2, out.length);
  out[0] = crc & 0xff;
  out[1] = crc >> 8;
  return out;
}

export interface ScpLeadSpec {
  code: number;
  start: number;
  end: number;
}

export interface ScpDataSpec {
  avmNv: number;
  intervalUs: number;
  difference: number;
  bimodal?: boolean;
  /** Encoded bytes per lead. */
  perLead: Uint8Array[];
}

export interface ScpSpec {
  leads: ScpLeadSpec[];
  /** Section 3 flags: bit 0 reference-beat subtraction, bit 2 simultaneous. */
  flags?: number;
  huffman: 'default' | 'none';
  rhythm: ScpDataSpec;
  reference?: ScpDataSpec;
  qrs?: {
    refBeatLengthMs: number;
    refFiducial: number;
    beats: { type: number; start: number; fiducial: number; end: number }[];
    protectedZones?: { start: number; end: number }[];
  };
  /** Section 1 tags as [tag, bytes]. */
  tags?: [number, Uint8Array][];
}

function dataSection(id: number, d: ScpDataSpec): Uint8Array {
  const b = new Bytes().u16(d.avmNv).u16(d.intervalUs).u8(d.difference).u8(id === 6 && d.bimodal ? 1 : 0);
  for (const l of d.perLead) b.u16(l.length);
  for (const l of d.perLead) b.raw(l);
  return section(id, b.bytes);
}

/** A complete SCP-ECG record with section 0 pointers, CRCs and the record length. */
export function buildScp(spec: ScpSpec): Uint8Array {
  const bodies = new Map<number, Uint8Array>();
  const s1 = new Bytes();
  for (const [tag, v] of spec.tags ?? []) s1.u8(tag).u16(v.length).raw(v);
  s1.u8(255).u16(0);
  bodies.set(1, section(1, s1.bytes));
  if (spec.huffman === 'default') bodies.set(2, section(2, new Bytes().u16(19999).bytes));
  const s3 = new Bytes().u8(spec.leads.length).u8(spec.flags ?? (4 | (spec.leads.length << 3)));
  for (const l of spec.leads) s3.u32(l.start).u32(l.end).u8(l.code);
  bodies.set(3, section(3, s3.bytes));
  if (spec.qrs) {
    const q = spec.qrs;
    const s4 = new Bytes().u16(q.refBeatLengthMs).u16(q.refFiducial).u16(q.beats.length);
    for (const b of q.beats) s4.u16(b.type).u32(b.start).u32(b.fiducial).u32(b.end);
    for (const z of q.protectedZones ?? []) s4.u32(z.start).u32(z.end);
    bodies.set(4, section(4, s4.bytes));
  }
  if (spec.reference) bodies.set(5, dataSection(5, spec.reference));
  bodies.set(6, dataSection(6, spec.rhythm));
  const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const s0Length = 16 + ids.length * 10;
  let index = 7 + s0Length;
  const pointers = new Bytes();
  const ordered: Uint8Array[] = [];
  for (const id of ids) {
    if (id === 0) {
      pointers.u16(0).u32(s0Length).u32(7);
      continue;
    }
    const s = bodies.get(id);
    pointers.u16(id).u32(s ? s.length : 0).u32(s ? index : 0);
    if (s) {
      ordered.push(s);
      index += s.length;
    }
  }
  const s0 = section(0, pointers.bytes, 'SCPECG');
  const total = 6 + s0.length + ordered.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  out.set(new Bytes().u16(0).u32(total).bytes, 0);
  let o = 6;
  for (const s of [s0, ...ordered]) {
    out.set(s, o);
    o += s.length;
  }
  const crc = crcCcitt(out, 2, total);
  out[0] = crc & 0xff;
  out[1] = crc >> 8;
  return out;
}
