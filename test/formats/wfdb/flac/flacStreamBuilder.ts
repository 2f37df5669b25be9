// Test helper: writes small FLAC streams bit by bit (RFC 9639), with residuals computed here, for decoder tests.
import { flacCrc16, flacCrc8 } from '../../../../src/formats/wfdb/flac/decodeFlac';

/** MSB-first bit writer. */
export class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private nbits = 0;

  /** Writes the low `n` bits of `value` (n ≤ 32; negative values as two's complement). */
  bits(value: number, n: number): this {
    for (let i = n - 1; i >= 0; i--) {
      const bit = Math.floor(value / 2 ** i) & 1;
      this.acc = (this.acc << 1) | bit;
      if (++this.nbits === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.nbits = 0;
      }
    }
    return this;
  }

  signed(value: number, n: number): this {
    return this.bits(value < 0 ? value + 2 ** n : value, n);
  }

  unary(q: number): this {
    for (let i = 0; i < q; i++) this.bits(0, 1);
    return this.bits(1, 1);
  }

  rice(value: number, k: number): this {
    const u = value >= 0 ? value * 2 : -value * 2 - 1;
    const q = Math.floor(u / 2 ** k);
    this.unary(q);
    return this.bits(u - q * 2 ** k, k);
  }

  align(): this {
    while (this.nbits !== 0) this.bits(0, 1);
    return this;
  }

  get length(): number {
    return this.bytes.length;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface ResidualSpec {
  /** 0: 4-bit Rice parameters; 1: 5-bit (Rice2). */
  method?: 0 | 1;
  partitionOrder?: number;
  /** Per partition: a Rice parameter, or 'escape' with a bit width. */
  partitions?: ({ rice: number } | { escapeBits: number })[];
}

export type SubframeSpec =
  | { kind: 'constant'; value: number; wasted?: number }
  | { kind: 'verbatim'; samples: number[]; wasted?: number }
  | { kind: 'fixed'; order: number; samples: number[]; residual?: ResidualSpec; wasted?: number }
  | { kind: 'lpc'; coefs: number[]; precision: number; shift: number; samples: number[]; residual?: ResidualSpec; wasted?: number };

export interface FrameSpec {
  blockSize: number;
  /** 0–7: independent channels minus one; 8 left/side; 9 side/right; 10 mid/side. */
  channelCode: number;
  /** Frame header bit-depth code: 0 = STREAMINFO, 1 = 8, 2 = 12, 4 = 16, 5 = 20, 6 = 24, 7 = 32. */
  bpsCode: number;
  bitsPerSample: number;
  /** Frame number (fixed blocking) or first sample number (variable). */
  number: number;
  variable?: boolean;
  /** Sample-rate code (default 0 = STREAMINFO) and its extra value for codes 12–14. */
  sampleRateCode?: number;
  sampleRateExtra?: number;
  /** Force the block-size code 6 (8-bit) or 7 (16-bit) even for a common size. */
  blockSizeCode?: number;
  subframes: SubframeSpec[];
}

export function fixedResidual(s: readonly number[], order: number): number[] {
  const r: number[] = [];
  for (let i = order; i < s.length; i++) {
    const p = [0, s[i - 1]!, 2 * s[i - 1]! - s[i - 2]!, 3 * s[i - 1]! - 3 * s[i - 2]! + s[i - 3]!, 4 * s[i - 1]! - 6 * s[i - 2]! + 4 * s[i - 3]! - s[i - 4]!][order]!;
    r.push(s[i]! - p);
  }
  return r;
}

export function lpcResidual(s: readonly number[], coefs: readonly number[], shift: number): number[] {
  const r: number[] = [];
  for (let i = coefs.length; i < s.length; i++) {
    let sum = 0n;
    coefs.forEach((c, j) => (sum += BigInt(c) * BigInt(s[i - 1 - j]!)));
    r.push(s[i]! - Number(sum >> BigInt(shift)));
  }
  return r;
}

function writeResidual(w: BitWriter, residual: number[], blockSize: number, order: number, spec: ResidualSpec = {}): void {
  const method = spec.method ?? 0;
  const po = spec.partitionOrder ?? 0;
  w.bits(method, 2).bits(po, 4);
  const per = blockSize >> po;
  let i = 0;
  for (let p = 0; p < 1 << po; p++) {
    const n = p === 0 ? per - order : per;
    const values = residual.slice(i, i + n);
    i += n;
    const part = spec.partitions?.[p] ?? { rice: bestRice(values, method === 0 ? 14 : 30) };
    if ('escapeBits' in part) {
      w.bits(method === 0 ? 15 : 31, method === 0 ? 4 : 5).bits(part.escapeBits, 5);
      for (const v of values) w.signed(v, part.escapeBits);
    } else {
      w.bits(part.rice, method === 0 ? 4 : 5);
      for (const v of values) w.rice(v, part.rice);
    }
  }
}

function bestRice(values: number[], maxK: number): number {
  const mean = values.reduce((a, v) => a + Math.abs(v), 0) / Math.max(1, values.length);
  return Math.min(maxK, Math.max(0, Math.floor(Math.log2(mean + 1))));
}

function writeSubframe(w: BitWriter, sf: SubframeSpec, blockSize: number, bps: number): void {
  const wasted = sf.wasted ?? 0;
  const sbps = bps - wasted;
  const typeCode = sf.kind === 'constant' ? 0 : sf.kind === 'verbatim' ? 1 : sf.kind === 'fixed' ? 8 + sf.order : 31 + sf.coefs.length;
  w.bits(0, 1).bits(typeCode, 6);
  if (wasted > 0) w.bits(1, 1).unary(wasted - 1);
  else w.bits(0, 1);
  const down = (v: number): number => v / 2 ** wasted;
  if (sf.kind === 'constant') w.signed(down(sf.value), sbps);
  else if (sf.kind === 'verbatim') for (const v of sf.samples) w.signed(down(v), sbps);
  else if (sf.kind === 'fixed') {
    const s = sf.samples.map(down);
    for (let i = 0; i < sf.order; i++) w.signed(s[i]!, sbps);
    writeResidual(w, fixedResidual(s, sf.order), blockSize, sf.order, sf.residual);
  } else {
    const s = sf.samples.map(down);
    const order = sf.coefs.length;
    for (let i = 0; i < order; i++) w.signed(s[i]!, sbps);
    w.bits(sf.precision - 1, 4).signed(sf.shift, 5);
    for (const c of sf.coefs) w.signed(c, sf.precision);
    writeResidual(w, lpcResidual(s, sf.coefs, sf.shift), blockSize, order, sf.residual);
  }
}

function codedNumber(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  let v = n;
  let extra = 0;
  while (v >= 2 ** (6 - extra)) {
    out.unshift(0x80 | (v & 0x3f));
    v = Math.floor(v / 64);
    extra++;
  }
  out.unshift(((0xff00 >> (extra + 1)) & 0xff) | v);
  return out;
}

const COMMON_SIZES: Record<number, number> = { 192: 1, 576: 2, 1152: 3, 2304: 4, 4608: 5, 256: 8, 512: 9, 1024: 10, 2048: 11, 4096: 12, 8192: 13, 16384: 14, 32768: 15 };

export function writeFrame(w: BitWriter, f: FrameSpec): void {
  const start = w.length;
  const bsCode = f.blockSizeCode ?? COMMON_SIZES[f.blockSize] ?? (f.blockSize <= 256 ? 6 : 7);
  const srCode = f.sampleRateCode ?? 0;
  w.bits(0x7ffc, 15).bits(f.variable === true ? 1 : 0, 1).bits(bsCode, 4).bits(srCode, 4).bits(f.channelCode, 4).bits(f.bpsCode, 3).bits(0, 1);
  for (const b of codedNumber(f.number)) w.bits(b, 8);
  if (bsCode === 6) w.bits(f.blockSize - 1, 8);
  if (bsCode === 7) w.bits(f.blockSize - 1, 16);
  if (srCode === 12) w.bits(f.sampleRateExtra ?? 0, 8);
  if (srCode === 13 || srCode === 14) w.bits(f.sampleRateExtra ?? 0, 16);
  const headerBytes = w.toBytes();
  w.bits(flacCrc8(headerBytes, start, headerBytes.length), 8);
  f.subframes.forEach((sf, c) => {
    const side = (f.channelCode === 8 && c === 1) || (f.channelCode === 9 && c === 0) || (f.channelCode === 10 && c === 1) ? 1 : 0;
    writeSubframe(w, sf, f.blockSize, f.bitsPerSample + side);
  });
  w.align();
  const frameBytes = w.toBytes();
  w.bits(flacCrc16(frameBytes, start, frameBytes.length), 16);
}

export interface StreamSpec {
  channels: number;
  bitsPerSample: number;
  sampleRateHz?: number;
  totalSamples: number;
  minBlockSize?: number;
  maxBlockSize?: number;
  /** Extra metadata blocks (type, body) written after STREAMINFO. */
  extraBlocks?: { type: number; body: Uint8Array }[];
  frames: FrameSpec[];
}

export function buildFlac(spec: StreamSpec): Uint8Array {
  const w = new BitWriter();
  for (const ch of 'fLaC') w.bits(ch.charCodeAt(0), 8);
  const extra = spec.extraBlocks ?? [];
  w.bits(extra.length === 0 ? 1 : 0, 1).bits(0, 7).bits(34, 24);
  const maxBs = spec.maxBlockSize ?? Math.max(16, ...spec.frames.map((f) => f.blockSize));
  w.bits(spec.minBlockSize ?? maxBs, 16).bits(maxBs, 16).bits(0, 24).bits(0, 24);
  w.bits(spec.sampleRateHz ?? 250, 20).bits(spec.channels - 1, 3).bits(spec.bitsPerSample - 1, 5).bits(spec.totalSamples, 36);
  for (let i = 0; i < 16; i++) w.bits(0, 8);
  extra.forEach((b, i) => {
    w.bits(i === extra.length - 1 ? 1 : 0, 1).bits(b.type, 7).bits(b.body.length, 24);
    for (const x of b.body) w.bits(x, 8);
  });
  for (const f of spec.frames) writeFrame(w, f);
  return w.toBytes();
}

/** A deterministic smooth test signal with a little jitter, in ±amplitude. */
export function testSignal(n: number, amplitude: number, seed = 1): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    const jitter = (x % 7) - 3;
    out.push(Math.max(-amplitude, Math.min(amplitude - 1, Math.round(amplitude * 0.8 * Math.sin(i / 9 + seed) + jitter))));
  }
  return out;
}
