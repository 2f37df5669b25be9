// SCP-ECG Huffman decoding and difference-data reconstruction (EN 1064:2005 §5.5 section 2, annex C).

/** One code structure of a section-2 Huffman table. */
export interface HuffmanCode {
  prefixBits: number;
  totalBits: number;
  /** 1 = a value code; 0 = switch to table number `baseValue`. */
  tableModeSwitch: number;
  baseValue: number;
  /** The code as stored: bit-reversed, i.e. its first transmitted bit is bit 0. */
  baseCode: number;
}

export type HuffmanTable = HuffmanCode[];

/**
 * The default Huffman table (EN 1064 §5.5.2, table 9): 0 → '0', ±1…±8 → prefixes of 3…10 bits,
 * then 8-bit and 16-bit escape codes. Base codes are listed bit-reversed as the standard stores them.
 */
export const DEFAULT_HUFFMAN_TABLE: HuffmanTable = (() => {
  const codes: HuffmanTable = [{ prefixBits: 1, totalBits: 1, tableModeSwitch: 1, baseValue: 0, baseCode: 0 }];
  for (let v = 1; v <= 8; v++) {
    const bits = v + 2;
    // '1…10' (v ones, then 0 then the sign bit) in transmission order: v ones, a zero, sign.
    const ones = (1 << v) - 1;
    codes.push({ prefixBits: bits, totalBits: bits, tableModeSwitch: 1, baseValue: v, baseCode: ones });
    codes.push({ prefixBits: bits, totalBits: bits, tableModeSwitch: 1, baseValue: -v, baseCode: ones | (1 << (v + 1)) });
  }
  codes.push({ prefixBits: 10, totalBits: 18, tableModeSwitch: 1, baseValue: 0, baseCode: 0x1ff });
  codes.push({ prefixBits: 10, totalBits: 26, tableModeSwitch: 1, baseValue: 0, baseCode: 0x3ff });
  return codes;
})();

/** Thrown by the decoder; the reader turns it into a FormatError naming the lead. */
export class HuffmanDecodeError extends Error {}

interface PreparedTable {
  /** Key: prefixBits * 2^32 + code read MSB-first as an integer. */
  byCode: Map<number, HuffmanCode>;
  maxPrefix: number;
}

function reverseBits(value: number, bits: number): number {
  let out = 0;
  for (let i = 0; i < bits; i++) out = out * 2 + (Math.floor(value / 2 ** i) % 2);
  return out;
}

function prepare(table: HuffmanTable): PreparedTable {
  const byCode = new Map<number, HuffmanCode>();
  let maxPrefix = 0;
  for (const c of table) {
    if (c.prefixBits < 1 || c.prefixBits > 32 || c.totalBits < c.prefixBits || c.totalBits > 48) {
      throw new HuffmanDecodeError(`Huffman code with ${c.prefixBits} prefix / ${c.totalBits} total bits is invalid`);
    }
    byCode.set(c.prefixBits * 2 ** 32 + reverseBits(c.baseCode, c.prefixBits), c);
    maxPrefix = Math.max(maxPrefix, c.prefixBits);
  }
  return { byCode, maxPrefix };
}

/**
 * Decodes `count` values from one lead's Huffman bit stream (bits MSB-first per byte). Table switches
 * (mode 0) change the active table; extra bits after the prefix are a two's-complement value.
 * Returns fewer values when the stream ends early (the caller decides whether that is fatal).
 */
export function huffmanDecode(
  data: Uint8Array,
  tables: readonly HuffmanTable[],
  count: number,
  stats?: { bitsUsed: number },
): Int32Array {
  if (tables.length === 0) throw new HuffmanDecodeError('no Huffman tables');
  const prepared = tables.map(prepare);
  const out = new Int32Array(count);
  const totalBits = data.length * 8;
  let bitPos = 0;
  let table = prepared[0] as PreparedTable;
  const readBit = () => {
    const b = ((data[bitPos >> 3] as number) >> (7 - (bitPos & 7))) & 1;
    bitPos++;
    return b;
  };
  let n = 0;
  while (n < count && bitPos < totalBits) {
    let code = 0;
    let len = 0;
    let match: HuffmanCode | undefined;
    while (len < table.maxPrefix && bitPos < totalBits) {
      code = code * 2 + readBit();
      len++;
      match = table.byCode.get(len * 2 ** 32 + code);
      if (match) break;
    }
    if (!match) {
      if (bitPos >= totalBits) break;
      throw new HuffmanDecodeError(`no Huffman code matches the bits before bit ${bitPos}`);
    }
    if (match.tableModeSwitch === 0) {
      const next = prepared[match.baseValue - 1];
      if (!next) throw new HuffmanDecodeError(`switch to missing Huffman table ${match.baseValue}`);
      table = next;
      continue;
    }
    const extra = match.totalBits - match.prefixBits;
    if (extra === 0) {
      out[n++] = match.baseValue;
      continue;
    }
    if (bitPos + extra > totalBits) break;
    let v = 0;
    for (let i = 0; i < extra; i++) v = v * 2 + readBit();
    if (v >= 2 ** (extra - 1)) v -= 2 ** extra;
    out[n++] = v;
  }
  if (stats) stats.bitsUsed = bitPos;
  return n === count ? out : out.slice(0, n);
}

/** Undoes SCP difference encoding in place: 1 = first differences, 2 = second differences (§5.7.1). */
export function undoDifferences(values: Int32Array | Float64Array, order: number): void {
  if (order === 1) {
    for (let i = 1; i < values.length; i++) values[i] = (values[i] as number) + (values[i - 1] as number);
  } else if (order === 2) {
    for (let i = 2; i < values.length; i++) {
      values[i] = (values[i] as number) + 2 * (values[i - 1] as number) - (values[i - 2] as number);
    }
  }
}
