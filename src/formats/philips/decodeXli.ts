// Philips XLI waveform decompression: per-lead chunks of 10-bit LZW codes, byte-split int16 deltas.

/** Thrown for malformed XLI data; the reader turns it into a FormatError. */
export class XliDecodeError extends Error {}

const XLI_CODE_BITS = 10;

/**
 * LZW decoding with fixed 10-bit codes, MSB-first, a 256-entry byte alphabet and a dictionary that
 * stops growing at 2^10 − 2 (the XLI variant documented by sierra-ecg-tools; LZW per Welch 1984).
 * As in the reference decoder, a code is only taken while more than 24 bits are buffered, so the
 * last partial bytes of a chunk are padding.
 */
export function lzwDecode10(data: Uint8Array, maxOutput: number): Uint8Array {
  const maxCode = (1 << XLI_CODE_BITS) - 2;
  const dict: Uint8Array[] = [];
  for (let i = 0; i < 256; i++) dict.push(Uint8Array.of(i));
  const out = new Uint8Array(maxOutput);
  let outLen = 0;
  let previous: Uint8Array | undefined;
  let bitBuffer = 0;
  let bitCount = 0;
  let offset = 0;
  for (;;) {
    while (bitCount <= 24) {
      if (offset >= data.length) return out.slice(0, outLen);
      bitBuffer = (bitBuffer | ((data[offset++] as number) << (24 - bitCount))) >>> 0;
      bitCount += 8;
    }
    const code = bitBuffer >>> (32 - XLI_CODE_BITS);
    bitBuffer = (bitBuffer << XLI_CODE_BITS) >>> 0;
    bitCount -= XLI_CODE_BITS;
    if (code > maxCode) return out.slice(0, outLen);
    let entry = dict[code];
    if (entry === undefined) {
      // The code being defined right now (the KwKwK case): previous + its first byte.
      if (previous === undefined || code !== dict.length) throw new XliDecodeError(`LZW code ${code} is not yet defined`);
      entry = new Uint8Array(previous.length + 1);
      entry.set(previous);
      entry[previous.length] = previous[0] as number;
    }
    if (previous !== undefined && dict.length <= maxCode) {
      const next = new Uint8Array(previous.length + 1);
      next.set(previous);
      next[previous.length] = entry[0] as number;
      dict.push(next);
    }
    previous = entry;
    if (outLen + entry.length > maxOutput) throw new XliDecodeError('LZW output exceeds the expected size');
    out.set(entry, outLen);
    outLen += entry.length;
  }
}

/**
 * Decodes an XLI waveform block into one int16 series per chunk (lead). Each chunk: int32 LE byte size,
 * 2 bytes, int16 LE start value, then LZW data whose output holds the high bytes of N values followed
 * by their low bytes; values are second-order deltas rebuilt as
 * x[i] = 2·x[i−1] − x[i−2] − (d[i−1] − 64), with the chunk's start value standing in for d[1].
 */
export function decodeXli(bytes: Uint8Array, maxSamplesPerLead: number): Int16Array[] {
  const leads: Int16Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new XliDecodeError(`XLI chunk header at byte ${offset} is cut short`);
    const size = (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8) | ((bytes[offset + 2] as number) << 16) | ((bytes[offset + 3] as number) << 24);
    const start = (((bytes[offset + 6] as number) | ((bytes[offset + 7] as number) << 8)) << 16) >> 16;
    offset += 8;
    if (size < 0 || offset + size > bytes.length) throw new XliDecodeError(`XLI chunk at byte ${offset - 8} declares ${size} bytes, past the data end`);
    const raw = lzwDecode10(bytes.subarray(offset, offset + size), maxSamplesPerLead * 2 + 2);
    offset += size;
    // High bytes first, then low bytes; an odd count is padded with a zero low byte.
    const n = (raw.length + 1) >> 1;
    const deltas = new Int16Array(n);
    for (let i = 0; i < n; i++) deltas[i] = ((raw[i] as number) << 8) | (raw[n + i] ?? 0);
    leads.push(undoXliDeltas(deltas, start));
  }
  return leads;
}

function undoXliDeltas(d: Int16Array, start: number): Int16Array {
  const out = new Int16Array(d.length);
  if (d.length === 0) return out;
  out[0] = d[0] as number;
  if (d.length === 1) return out;
  out[1] = d[1] as number;
  let last = start;
  for (let i = 2; i < d.length; i++) {
    out[i] = 2 * (out[i - 1] as number) - (out[i - 2] as number) - last;
    last = (d[i] as number) - 64;
  }
  return out;
}
