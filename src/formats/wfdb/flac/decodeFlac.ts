// Synchronous pure-JavaScript FLAC decoder (RFC 9639) into one Int32Array per channel, for WFDB formats 508/516/524.
import { FormatError } from '../../../shared/errors';

/** The STREAMINFO metadata block (RFC 9639 §8.2). */
export interface FlacStreamInfo {
  minBlockSize: number;
  maxBlockSize: number;
  minFrameBytes: number;
  maxFrameBytes: number;
  sampleRateHz: number;
  channels: number;
  bitsPerSample: number;
  /** Inter-channel samples in the stream; 0 = not known. */
  totalSamples: number;
  /** MD5 of the unencoded audio as lowercase hex (all zeros = not computed by the encoder). */
  md5: string;
}

export interface DecodeFlacOptions {
  /** Format named in FormatErrors (default 'flac'). */
  format?: string;
  /** File named in FormatErrors. */
  fileName?: string | undefined;
  /** Stop once at least this many samples per channel are decoded (the rest of the stream is not read). */
  sampleLimit?: number | undefined;
  /** Most samples per channel the caller accepts; a longer stream is a FormatError before it is held. */
  maxSamples?: number | undefined;
  /** A frame CRC-16 mismatch throws (default) or becomes a warning and the frame is kept. */
  onCrcMismatch?: 'throw' | 'warn';
}

/** What the decoder met on the way, for tests and diagnostics. */
export interface FlacDecodeStats {
  frames: number;
  constant: number;
  verbatim: number;
  /** FIXED subframes by predictor order 0–4. */
  fixed: number[];
  /** LPC subframes by predictor order (index 1–32). */
  lpc: number[];
  independent: number;
  leftSide: number;
  sideRight: number;
  midSide: number;
  riceParam4: number;
  riceParam5: number;
  escapedPartitions: number;
  wastedBitsSubframes: number;
  variableBlockSize: boolean;
  /** Largest bit depth any frame header declared. */
  maxFrameBitsPerSample: number;
}

export interface FlacDecoded {
  streamInfo: FlacStreamInfo;
  /** Decoded samples, one array per channel, each `samplesPerChannel` long. */
  channels: Int32Array[];
  samplesPerChannel: number;
  /** Byte offset of the first audio frame. */
  firstFrameOffset: number;
  /** Metadata blocks in stream order (type number and body length). */
  metadataBlocks: { type: number; length: number }[];
  warnings: string[];
  stats: FlacDecodeStats;
}

const CRC8_TABLE = new Uint8Array(256);
const CRC16_TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c8 = i;
  let c16 = i << 8;
  for (let b = 0; b < 8; b++) {
    c8 = c8 & 0x80 ? ((c8 << 1) ^ 0x07) & 0xff : (c8 << 1) & 0xff;
    c16 = c16 & 0x8000 ? ((c16 << 1) ^ 0x8005) & 0xffff : (c16 << 1) & 0xffff;
  }
  CRC8_TABLE[i] = c8;
  CRC16_TABLE[i] = c16;
}

/** CRC-8 of a frame header: polynomial x^8 + x^2 + x + 1, initial 0 (RFC 9639 §9.1.8). */
export function flacCrc8(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = CRC8_TABLE[crc ^ (bytes[i] as number)] as number;
  return crc;
}

/** CRC-16 of a whole frame: polynomial x^16 + x^15 + x^2 + 1, initial 0 (RFC 9639 §9.3). */
export function flacCrc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[(crc >> 8) ^ (bytes[i] as number)] as number);
  return crc;
}

type Fail = (reason: string, byteOffset?: number) => never;

/**
 * MSB-first bit reader over a byte array with a 32-bit window: `cache` holds the next `count` bits at its top,
 * the bits below them are zero.
 */
class BitReader {
  pos: number;
  cache = 0;
  count = 0;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly fail: Fail,
  ) {
    this.pos = start;
  }

  /** Byte offset of the next unread bit's byte. */
  bytePos(): number {
    return this.pos - (this.count >> 3);
  }

  refill(): void {
    const bytes = this.bytes;
    while (this.count <= 24 && this.pos < bytes.length) {
      this.cache |= (bytes[this.pos++] as number) << (24 - this.count);
      this.count += 8;
    }
  }

  truncated(): never {
    return this.fail('the FLAC stream ends inside a frame (truncated file)', this.bytes.length);
  }

  /** Unsigned n-bit value, 0 ≤ n ≤ 32. */
  readUint(n: number): number {
    if (n === 0) return 0;
    if (n > 24) {
      const hi = this.readUint(n - 16);
      return hi * 65536 + this.readUint(16);
    }
    if (this.count < n) {
      this.refill();
      if (this.count < n) this.truncated();
    }
    const v = this.cache >>> (32 - n);
    this.cache <<= n;
    this.count -= n;
    return v;
  }

  /** Two's-complement n-bit value, 0 ≤ n ≤ 32. */
  readInt(n: number): number {
    if (n === 0) return 0;
    const v = this.readUint(n);
    if (n === 32) return v | 0;
    return (v << (32 - n)) >> (32 - n);
  }

  /** Count of 0 bits before the next 1 bit (which is consumed). */
  readUnary(): number {
    let q = 0;
    for (;;) {
      if (this.count <= 24) this.refill();
      if (this.cache !== 0) break;
      if (this.count === 0) this.truncated();
      q += this.count;
      this.count = 0;
    }
    const z = Math.clz32(this.cache);
    this.cache = (this.cache << z) << 1;
    this.count -= z + 1;
    return q + z;
  }

  /** Skips the zero padding up to the next byte boundary. */
  alignToByte(): void {
    const r = this.count & 7;
    this.cache <<= r;
    this.count -= r;
  }
}

/** Parses the "fLaC" marker and the metadata blocks (RFC 9639 §6, §8); unknown block types are skipped. */
function readMetadata(bytes: Uint8Array, fail: Fail): { streamInfo: FlacStreamInfo; firstFrameOffset: number; blocks: { type: number; length: number }[] } {
  if (bytes.length < 4 || bytes[0] !== 0x66 || bytes[1] !== 0x4c || bytes[2] !== 0x61 || bytes[3] !== 0x43) {
    fail(bytes.length === 0 ? 'the FLAC stream is empty' : 'not a FLAC stream (no "fLaC" marker)', 0);
  }
  let pos = 4;
  let streamInfo: FlacStreamInfo | undefined;
  const blocks: { type: number; length: number }[] = [];
  for (;;) {
    if (pos + 4 > bytes.length) fail('the FLAC metadata ends early (truncated file)', pos);
    const b0 = bytes[pos] as number;
    const last = (b0 & 0x80) !== 0;
    const type = b0 & 0x7f;
    const length = ((bytes[pos + 1] as number) << 16) | ((bytes[pos + 2] as number) << 8) | (bytes[pos + 3] as number);
    if (type === 127) fail('invalid FLAC metadata block type 127', pos);
    if (blocks.length === 0 && type !== 0) fail('the first FLAC metadata block is not STREAMINFO', pos);
    if (pos + 4 + length > bytes.length) fail(`FLAC metadata block of type ${type} runs past the end of the file (truncated file)`, pos);
    if (type === 0) {
      if (streamInfo !== undefined) fail('a second STREAMINFO block', pos);
      if (length !== 34) fail(`STREAMINFO block is ${length} bytes, not 34`, pos);
      streamInfo = parseStreamInfo(bytes, pos + 4, fail);
    }
    blocks.push({ type, length });
    pos += 4 + length;
    if (last) break;
  }
  return { streamInfo: streamInfo as FlacStreamInfo, firstFrameOffset: pos, blocks };
}

function parseStreamInfo(bytes: Uint8Array, p: number, fail: Fail): FlacStreamInfo {
  const u8 = (i: number): number => bytes[p + i] as number;
  const minBlockSize = (u8(0) << 8) | u8(1);
  const maxBlockSize = (u8(2) << 8) | u8(3);
  const minFrameBytes = (u8(4) << 16) | (u8(5) << 8) | u8(6);
  const maxFrameBytes = (u8(7) << 16) | (u8(8) << 8) | u8(9);
  const sampleRateHz = (u8(10) << 12) | (u8(11) << 4) | (u8(12) >> 4);
  const channels = ((u8(12) >> 1) & 0x07) + 1;
  const bitsPerSample = (((u8(12) & 0x01) << 4) | (u8(13) >> 4)) + 1;
  const totalSamples = (u8(13) & 0x0f) * 2 ** 32 + u8(14) * 2 ** 24 + ((u8(15) << 16) | (u8(16) << 8) | u8(17));
  let md5 = '';
  for (let i = 18; i < 34; i++) md5 += u8(i).toString(16).padStart(2, '0');
  if (bitsPerSample < 4) fail(`STREAMINFO declares ${bitsPerSample} bits per sample (at least 4 are required)`, p);
  if (maxBlockSize < minBlockSize || maxBlockSize === 0) fail(`STREAMINFO block sizes ${minBlockSize}–${maxBlockSize} are invalid`, p);
  return { minBlockSize, maxBlockSize, minFrameBytes, maxFrameBytes, sampleRateHz, channels, bitsPerSample, totalSamples, md5 };
}

/** STREAMINFO and the metadata layout only, without decoding audio. */
export function readFlacStreamInfo(bytes: Uint8Array, options: Pick<DecodeFlacOptions, 'format' | 'fileName'> = {}): { streamInfo: FlacStreamInfo; firstFrameOffset: number } {
  const fail = failFor(options);
  const { streamInfo, firstFrameOffset } = readMetadata(bytes, fail);
  return { streamInfo, firstFrameOffset };
}

function failFor(options: Pick<DecodeFlacOptions, 'format' | 'fileName'>): Fail {
  return (reason, byteOffset) => {
    throw new FormatError({ format: options.format ?? 'flac', file: options.fileName, reason, byteOffset });
  };
}

const BLOCK_SIZES = [0, 192, 576, 1152, 2304, 4608, -8, -16, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
const FRAME_BITS = [0, 8, 12, -1, 16, 20, 24, 32];

/**
 * Decodes a native FLAC stream (RFC 9639): STREAMINFO, frames with CRC-8/CRC-16 checks, CONSTANT, VERBATIM,
 * FIXED and LPC subframes, wasted bits, Rice and Rice2 residuals with escaped partitions, stereo
 * decorrelation, fixed and variable block sizes, 4–32 bits per sample (32-bit stereo decorrelation, whose
 * side channel needs 33 bits, is refused). Throws FormatError on corrupt or truncated input.
 */
export function decodeFlac(bytes: Uint8Array, options: DecodeFlacOptions = {}): FlacDecoded {
  const fail = failFor(options);
  const { streamInfo, firstFrameOffset, blocks } = readMetadata(bytes, fail);
  const nch = streamInfo.channels;
  const declared = streamInfo.totalSamples;
  // A frame takes at least 6 header bytes, 9 bits per subframe and 2 CRC bytes, and holds at most 65536 samples.
  const minFrameBytes = 8 + Math.ceil((9 * nch) / 8);
  const byteBound = (Math.floor((bytes.length - firstFrameOffset) / minFrameBytes) + 1) * 65536;
  const limit = options.sampleLimit ?? Infinity;
  const maxSamples = options.maxSamples ?? Infinity;
  if (declared > maxSamples && limit > maxSamples) fail(`the FLAC stream declares ${declared} samples per channel, more than the ${maxSamples} allowed`, 18);
  let capacity = Math.min(declared > 0 ? declared : 65536, byteBound, limit + 65536, maxSamples);
  let out: Int32Array[] = Array.from({ length: nch }, () => new Int32Array(capacity));
  const stats: FlacDecodeStats = {
    frames: 0,
    constant: 0,
    verbatim: 0,
    fixed: [0, 0, 0, 0, 0],
    lpc: new Array<number>(33).fill(0),
    independent: 0,
    leftSide: 0,
    sideRight: 0,
    midSide: 0,
    riceParam4: 0,
    riceParam5: 0,
    escapedPartitions: 0,
    wastedBitsSubframes: 0,
    variableBlockSize: false,
    maxFrameBitsPerSample: 0,
  };
  const warnings: string[] = [];
  const br = new BitReader(bytes, firstFrameOffset, fail);
  const coefs = new Float64Array(32);
  let pos = 0;
  let frameIndex = 0;
  let blocking = -1;
  while (pos < limit && (declared === 0 || pos < declared)) {
    const frameStart = br.bytePos();
    if (frameStart >= bytes.length) break;
    if (frameStart + 2 > bytes.length || bytes[frameStart] !== 0xff || ((bytes[frameStart + 1] as number) & 0xfe) !== 0xf8) {
      fail(`no FLAC frame sync code where frame ${frameIndex} should start`, frameStart);
    }
    // Frame header (RFC 9639 §9.1).
    br.readUint(15);
    const strategy = br.readUint(1);
    if (blocking === -1) blocking = strategy;
    else if (strategy !== blocking) fail('the blocking strategy changes within the stream', frameStart);
    const bsCode = br.readUint(4);
    const srCode = br.readUint(4);
    const chCode = br.readUint(4);
    const bpsCode = br.readUint(3);
    if (br.readUint(1) !== 0) fail('reserved bit set in a frame header', frameStart + 3);
    let number = br.readUint(8);
    if (number >= 0x80) {
      let extra: number;
      if (number >= 0xc0 && number < 0xe0) extra = 1;
      else if (number >= 0xe0 && number < 0xf0) extra = 2;
      else if (number >= 0xf0 && number < 0xf8) extra = 3;
      else if (number >= 0xf8 && number < 0xfc) extra = 4;
      else if (number >= 0xfc && number < 0xfe) extra = 5;
      else if (number === 0xfe) extra = 6;
      else return fail('invalid coded frame/sample number in a frame header', frameStart + 4);
      number &= 0x3f >> extra;
      for (let i = 0; i < extra; i++) {
        const b = br.readUint(8);
        if ((b & 0xc0) !== 0x80) fail('invalid coded frame/sample number in a frame header', frameStart + 4);
        number = number * 64 + (b & 0x3f);
      }
    }
    let blockSize = BLOCK_SIZES[bsCode] as number;
    if (blockSize === 0) fail('reserved block size code 0 in a frame header', frameStart + 2);
    if (blockSize === -8) blockSize = br.readUint(8) + 1;
    else if (blockSize === -16) blockSize = br.readUint(16) + 1;
    if (srCode === 12) br.readUint(8);
    else if (srCode === 13 || srCode === 14) br.readUint(16);
    else if (srCode === 15) fail('invalid sample rate code 15 in a frame header', frameStart + 2);
    else if (srCode > 11) fail(`invalid sample rate code ${srCode}`, frameStart + 2);
    const headerEnd = br.bytePos();
    const crc8 = br.readUint(8);
    if (crc8 !== flacCrc8(bytes, frameStart, headerEnd)) fail(`frame header CRC-8 mismatch in frame ${frameIndex}`, frameStart);
    if (chCode > 10) fail(`reserved channel assignment ${chCode} in a frame header`, frameStart + 3);
    const frameChannels = chCode < 8 ? chCode + 1 : 2;
    if (frameChannels !== nch) fail(`frame ${frameIndex} has ${frameChannels} channels, STREAMINFO declares ${nch}`, frameStart);
    let bps = FRAME_BITS[bpsCode] as number;
    if (bps === -1) fail('reserved bit depth code 3 in a frame header', frameStart + 3);
    if (bps === 0) bps = streamInfo.bitsPerSample;
    stats.maxFrameBitsPerSample = Math.max(stats.maxFrameBitsPerSample, bps);
    if (chCode >= 8 && bps >= 32) fail('32-bit stereo decorrelation (a 33-bit side channel) is not supported', frameStart);
    const expected = strategy === 0 ? frameIndex : pos;
    if (number !== expected) {
      fail(`frame ${frameIndex} is out of sequence (its ${strategy === 0 ? 'frame' : 'sample'} number is ${number}, expected ${expected})`, frameStart);
    }
    if (strategy === 1) stats.variableBlockSize = true;
    const needed = pos + blockSize;
    if (needed > capacity) {
      const hardCap = Math.min(byteBound, maxSamples);
      if (needed > hardCap) fail(`the FLAC stream holds more than the ${maxSamples} samples per channel allowed`, frameStart);
      capacity = Math.min(Math.max(capacity * 2, needed), hardCap);
      out = out.map((ch) => {
        const grown = new Int32Array(capacity);
        grown.set(ch.subarray(0, pos));
        return grown;
      });
    }
    // Subframes (RFC 9639 §9.2).
    for (let c = 0; c < nch; c++) {
      const side = (chCode === 8 && c === 1) || (chCode === 9 && c === 0) || (chCode === 10 && c === 1) ? 1 : 0;
      decodeSubframe(br, out[c] as Int32Array, pos, blockSize, bps + side, coefs, stats, fail);
    }
    br.alignToByte();
    const crcEnd = br.bytePos();
    const crc16 = br.readUint(16);
    if (crc16 !== flacCrc16(bytes, frameStart, crcEnd)) {
      const msg = `frame CRC-16 mismatch in frame ${frameIndex} (samples ${pos}–${pos + blockSize - 1})`;
      if (options.onCrcMismatch === 'warn') warnings.push(msg);
      else fail(msg, frameStart);
    }
    // Stereo decorrelation (RFC 9639 §4.2).
    if (chCode >= 8) {
      const a = out[0] as Int32Array;
      const b = out[1] as Int32Array;
      const end = pos + blockSize;
      if (chCode === 8) {
        for (let i = pos; i < end; i++) b[i] = (a[i] as number) - (b[i] as number);
        stats.leftSide++;
      } else if (chCode === 9) {
        for (let i = pos; i < end; i++) a[i] = (a[i] as number) + (b[i] as number);
        stats.sideRight++;
      } else if (bps <= 29) {
        for (let i = pos; i < end; i++) {
          const s = b[i] as number;
          const m = ((a[i] as number) << 1) | (s & 1);
          a[i] = (m + s) >> 1;
          b[i] = (m - s) >> 1;
        }
        stats.midSide++;
      } else {
        for (let i = pos; i < end; i++) {
          const s = b[i] as number;
          // mid·2 + (side & 1) restores the bit that halving the sum lost; doubles keep 31-bit audio exact.
          const m = (a[i] as number) * 2 + (s & 1);
          a[i] = Math.floor((m + s) / 2);
          b[i] = Math.floor((m - s) / 2);
        }
        stats.midSide++;
      }
    } else stats.independent++;
    pos += blockSize;
    frameIndex++;
    stats.frames++;
  }
  if (declared > 0 && pos < declared && pos < limit) {
    fail(`the FLAC stream declares ${declared} samples per channel, its frames hold ${pos} (truncated file)`, bytes.length);
  }
  if (declared > 0 && pos > declared) warnings.push(`the FLAC frames hold ${pos} samples per channel, STREAMINFO declares ${declared}`);
  const channels = out.map((ch) => (ch.length === pos ? ch : ch.length - pos > pos / 4 ? ch.slice(0, pos) : ch.subarray(0, pos)));
  return { streamInfo, channels, samplesPerChannel: pos, firstFrameOffset, metadataBlocks: blocks, warnings, stats };
}

/** One subframe (RFC 9639 §9.2) into out[base … base+blockSize), `bps` already including the side-channel bit. */
function decodeSubframe(
  br: BitReader,
  out: Int32Array,
  base: number,
  blockSize: number,
  bps: number,
  coefs: Float64Array,
  stats: FlacDecodeStats,
  fail: Fail,
): void {
  const at = br.bytePos();
  if (br.readUint(1) !== 0) fail('subframe padding bit is not zero', at);
  const type = br.readUint(6);
  let wasted = 0;
  if (br.readUint(1) === 1) {
    wasted = br.readUnary() + 1;
    if (wasted >= bps) fail(`subframe declares ${wasted} wasted bits of ${bps}`, at);
    stats.wastedBitsSubframes++;
  }
  const sbps = bps - wasted;
  const end = base + blockSize;
  if (type === 0) {
    out.fill(br.readInt(sbps), base, end);
    stats.constant++;
  } else if (type === 1) {
    for (let i = base; i < end; i++) out[i] = br.readInt(sbps);
    stats.verbatim++;
  } else if (type >= 8 && type <= 12) {
    const order = type - 8;
    if (order > blockSize) fail(`FIXED predictor order ${order} exceeds the block size ${blockSize}`, at);
    for (let i = 0; i < order; i++) out[base + i] = br.readInt(sbps);
    decodeResidual(br, out, base, blockSize, order, stats, fail);
    restoreFixed(out, base, end, order);
    stats.fixed[order] = (stats.fixed[order] as number) + 1;
  } else if (type >= 32) {
    const order = type - 31;
    if (order > blockSize) fail(`LPC order ${order} exceeds the block size ${blockSize}`, at);
    for (let i = 0; i < order; i++) out[base + i] = br.readInt(sbps);
    const precision = br.readUint(4) + 1;
    if (precision === 16) fail('invalid LPC coefficient precision code 15', at);
    const shift = br.readInt(5);
    if (shift < 0) fail(`negative LPC shift ${shift}`, at);
    for (let j = 0; j < order; j++) coefs[j] = br.readInt(precision);
    decodeResidual(br, out, base, blockSize, order, stats, fail);
    restoreLpc(out, base, end, order, coefs, shift, sbps + precision + Math.floor(Math.log2(order)) <= 32);
    stats.lpc[order] = (stats.lpc[order] as number) + 1;
  } else {
    fail(`reserved subframe type ${type}`, at);
  }
  if (wasted > 0) {
    const w = wasted;
    if (sbps + w <= 31) for (let i = base; i < end; i++) out[i] = (out[i] as number) << w;
    else for (let i = base; i < end; i++) out[i] = (out[i] as number) * 2 ** w;
  }
}

/** FIXED predictors of orders 0–4 (RFC 9639 §9.2.5): the residual already sits in out[]. */
function restoreFixed(o: Int32Array, base: number, end: number, order: number): void {
  const start = base + order;
  switch (order) {
    case 0:
      return;
    case 1:
      for (let i = start; i < end; i++) o[i] = (o[i] as number) + (o[i - 1] as number);
      return;
    case 2:
      for (let i = start; i < end; i++) o[i] = (o[i] as number) + 2 * (o[i - 1] as number) - (o[i - 2] as number);
      return;
    case 3:
      for (let i = start; i < end; i++) {
        o[i] = (o[i] as number) + 3 * (o[i - 1] as number) - 3 * (o[i - 2] as number) + (o[i - 3] as number);
      }
      return;
    default:
      for (let i = start; i < end; i++) {
        o[i] = (o[i] as number) + 4 * (o[i - 1] as number) - 6 * (o[i - 2] as number) + 4 * (o[i - 3] as number) - (o[i - 4] as number);
      }
  }
}

/**
 * LPC prediction (RFC 9639 §9.2.6): sample = residual + (Σ coef·previous) >> shift. With `narrow` the sum
 * provably fits 32 bits (libFLAC's test: bps + precision + log2(order) ≤ 32); otherwise doubles (exact < 2^53).
 */
function restoreLpc(o: Int32Array, base: number, end: number, order: number, c: Float64Array, shift: number, narrow: boolean): void {
  const start = base + order;
  if (narrow) {
    if (order === 1) {
      const c0 = c[0] as number;
      for (let i = start; i < end; i++) o[i] = (o[i] as number) + (Math.imul(c0, o[i - 1] as number) >> shift);
      return;
    }
    if (order === 2) {
      const c0 = c[0] as number;
      const c1 = c[1] as number;
      for (let i = start; i < end; i++) {
        o[i] = (o[i] as number) + ((Math.imul(c0, o[i - 1] as number) + Math.imul(c1, o[i - 2] as number)) >> shift);
      }
      return;
    }
    const ci = new Int32Array(order);
    for (let j = 0; j < order; j++) ci[j] = c[j] as number;
    for (let i = start; i < end; i++) {
      let sum = 0;
      for (let j = 0, k = i - 1; j < order; j++, k--) sum = (sum + Math.imul(ci[j] as number, o[k] as number)) | 0;
      o[i] = (o[i] as number) + (sum >> shift);
    }
    return;
  }
  const scale = 2 ** -shift;
  for (let i = start; i < end; i++) {
    let sum = 0;
    for (let j = 0, k = i - 1; j < order; j++, k--) sum += (c[j] as number) * (o[k] as number);
    o[i] = (o[i] as number) + Math.floor(sum * scale);
  }
}

/**
 * Residual (RFC 9639 §9.2.7): Rice-coded partitions with 4- or 5-bit parameters, or escaped partitions of
 * fixed-width values, written to out[base+order … base+blockSize).
 */
function decodeResidual(br: BitReader, out: Int32Array, base: number, blockSize: number, order: number, stats: FlacDecodeStats, fail: Fail): void {
  const at = br.bytePos();
  const method = br.readUint(2);
  if (method > 1) fail(`reserved residual coding method ${method}`, at);
  const paramBits = method === 0 ? 4 : 5;
  const escape = method === 0 ? 15 : 31;
  const partitionOrder = br.readUint(4);
  const partitions = 1 << partitionOrder;
  const perPartition = blockSize >> partitionOrder;
  if (perPartition << partitionOrder !== blockSize || perPartition < order) {
    fail(`residual partition order ${partitionOrder} does not fit block size ${blockSize} with predictor order ${order}`, at);
  }
  let i = base + order;
  for (let p = 0; p < partitions; p++) {
    const n = p === 0 ? perPartition - order : perPartition;
    const k = br.readUint(paramBits);
    if (k === escape) {
      const width = br.readUint(5);
      for (let j = 0; j < n; j++) out[i++] = br.readInt(width);
      stats.escapedPartitions++;
      continue;
    }
    if (method === 0) stats.riceParam4++;
    else stats.riceParam5++;
    if (k > 24) {
      for (let j = 0; j < n; j++) {
        const q = br.readUnary();
        const u = q * 2 ** k + br.readUint(k);
        out[i++] = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
      }
      continue;
    }
    // Hot loop: the reader's window in locals; the refill keeps ≥ 25 bits when the data allows.
    const bytes = br.bytes;
    const len = bytes.length;
    let cache = br.cache;
    let count = br.count;
    let bp = br.pos;
    const kShift = 31 - k;
    for (let j = 0; j < n; j++) {
      let q = 0;
      for (;;) {
        while (count <= 24 && bp < len) {
          cache |= (bytes[bp++] as number) << (24 - count);
          count += 8;
        }
        if (cache !== 0) break;
        if (count === 0) br.truncated();
        q += count;
        count = 0;
      }
      const z = Math.clz32(cache);
      q += z;
      cache = (cache << z) << 1;
      count -= z + 1;
      if (count < k) {
        while (count <= 24 && bp < len) {
          cache |= (bytes[bp++] as number) << (24 - count);
          count += 8;
        }
        if (count < k) br.truncated();
      }
      const r = (cache >>> 1) >>> kShift;
      cache <<= k;
      count -= k;
      if (q >>> kShift === 0) {
        const u = (q << k) | r;
        out[i++] = (u >>> 1) ^ -(u & 1);
      } else {
        const u = q * 2 ** k + r;
        out[i++] = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
      }
    }
    br.cache = cache;
    br.count = count;
    br.pos = bp;
  }
}
