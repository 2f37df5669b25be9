// WFDB signal storage formats: byte sizes, invalid-sample values and a generic sample-stream decoder.

/** Formats this reader decodes (WFDB signal(5): https://physionet.org/physiotools/wag/signal-5.htm). */
export const SUPPORTED_FORMATS: ReadonlySet<number> = new Set([8, 16, 24, 32, 61, 80, 160, 212, 310, 311]);

/** FLAC-compressed formats (WFDB 10.7): one FLAC stream per signal file, decoded by flac/decodeFlac.ts. */
export const FLAC_FORMATS: ReadonlySet<number> = new Set([508, 516, 524]);

/**
 * Digital value that marks an invalid (missing) sample in each format, as in wfdb-python's
 * INVALID_SAMPLE_VALUE table; format 8 (first differences) has none.
 */
export function invalidSampleValue(format: number): number | undefined {
  switch (format) {
    case 80:
    case 508:
      return -128;
    case 310:
    case 311:
      return -512;
    case 212:
      return -2048;
    case 16:
    case 61:
    case 160:
    case 516:
      return -32768;
    case 24:
    case 524:
      return -8388608;
    case 32:
      return -2147483648;
    default:
      return undefined;
  }
}

/** Bytes that the first `n` samples of a stream occupy (counting only bytes the last sample needs). */
export function bytesForSamples(format: number, n: number): number {
  if (n <= 0) return 0;
  switch (format) {
    case 8:
    case 80:
      return n;
    case 16:
    case 61:
    case 160:
      return 2 * n;
    case 24:
      return 3 * n;
    case 32:
      return 4 * n;
    case 212: {
      const pairs = Math.floor(n / 2);
      return 3 * pairs + (n % 2 === 1 ? 2 : 0);
    }
    case 310: {
      const groups = Math.floor(n / 3);
      const r = n % 3;
      return 4 * groups + (r === 1 ? 2 : r === 2 ? 4 : 0);
    }
    case 311: {
      const groups = Math.floor(n / 3);
      const r = n % 3;
      return 4 * groups + (r === 1 ? 2 : r === 2 ? 3 : 0);
    }
    default:
      throw new Error(`format ${format} has no fixed sample size`);
  }
}

/** Number of whole samples that `byteCount` bytes hold. */
export function samplesInBytes(format: number, byteCount: number): number {
  if (byteCount <= 0) return 0;
  switch (format) {
    case 8:
    case 80:
      return byteCount;
    case 16:
    case 61:
    case 160:
      return Math.floor(byteCount / 2);
    case 24:
      return Math.floor(byteCount / 3);
    case 32:
      return Math.floor(byteCount / 4);
    case 212: {
      const pairs = Math.floor(byteCount / 3);
      return 2 * pairs + (byteCount % 3 >= 2 ? 1 : 0);
    }
    case 310: {
      const groups = Math.floor(byteCount / 4);
      const r = byteCount % 4;
      return 3 * groups + (r >= 2 ? 1 : 0);
    }
    case 311: {
      const groups = Math.floor(byteCount / 4);
      const r = byteCount % 4;
      return 3 * groups + (r === 3 ? 2 : r === 2 ? 1 : 0);
    }
    default:
      throw new Error(`format ${format} has no fixed sample size`);
  }
}

/**
 * Decodes samples `kStart … kStart+count-1` of a signal file's interleaved sample stream that starts at
 * byte `streamStart` of `bytes`, into `out[outStart…]`. Values are the stored digital values; for format 8
 * they are the raw first differences (the caller integrates them). The caller has checked the byte length.
 */
export function decodeSampleStream(
  format: number,
  bytes: Uint8Array,
  streamStart: number,
  kStart: number,
  count: number,
  out: Int32Array,
  outStart: number,
): void {
  const kEnd = kStart + count;
  let o = outStart;
  switch (format) {
    case 8:
      for (let k = kStart; k < kEnd; k++) out[o++] = ((bytes[streamStart + k] as number) << 24) >> 24;
      return;
    case 80:
      for (let k = kStart; k < kEnd; k++) out[o++] = (bytes[streamStart + k] as number) - 128;
      return;
    case 16:
      for (let k = kStart, b = streamStart + 2 * kStart; k < kEnd; k++, b += 2) {
        out[o++] = (((bytes[b + 1] as number) << 24) >> 16) | (bytes[b] as number);
      }
      return;
    case 61:
      for (let k = kStart, b = streamStart + 2 * kStart; k < kEnd; k++, b += 2) {
        out[o++] = (((bytes[b] as number) << 24) >> 16) | (bytes[b + 1] as number);
      }
      return;
    case 160:
      for (let k = kStart, b = streamStart + 2 * kStart; k < kEnd; k++, b += 2) {
        out[o++] = ((bytes[b] as number) | ((bytes[b + 1] as number) << 8)) - 32768;
      }
      return;
    case 24:
      for (let k = kStart, b = streamStart + 3 * kStart; k < kEnd; k++, b += 3) {
        out[o++] = (((bytes[b + 2] as number) << 24) >> 8) | ((bytes[b + 1] as number) << 8) | (bytes[b] as number);
      }
      return;
    case 32:
      for (let k = kStart, b = streamStart + 4 * kStart; k < kEnd; k++, b += 4) {
        out[o++] =
          (bytes[b] as number) | ((bytes[b + 1] as number) << 8) | ((bytes[b + 2] as number) << 16) | ((bytes[b + 3] as number) << 24);
      }
      return;
    case 212:
      for (let k = kStart; k < kEnd; k++) {
        const b = streamStart + 3 * (k >> 1);
        const raw =
          (k & 1) === 0
            ? (bytes[b] as number) | (((bytes[b + 1] as number) & 0x0f) << 8)
            : (bytes[b + 2] as number) | (((bytes[b + 1] as number) & 0xf0) << 4);
        out[o++] = (raw << 20) >> 20;
      }
      return;
    case 310:
      // Three 10-bit samples in two little-endian 16-bit words: bits 1-10 of each word, then the
      // top five bits of word 0 (low half) and word 1 (high half) form the third sample.
      for (let k = kStart; k < kEnd; k++) {
        const g = Math.floor(k / 3);
        const r = k - 3 * g;
        const b = streamStart + 4 * g;
        let raw: number;
        if (r === 0) raw = (((bytes[b] as number) | ((bytes[b + 1] as number) << 8)) >> 1) & 0x3ff;
        else if (r === 1) raw = (((bytes[b + 2] as number) | ((bytes[b + 3] as number) << 8)) >> 1) & 0x3ff;
        else raw = (((bytes[b + 1] as number) >> 3) & 0x1f) | (((bytes[b + 3] as number) >> 3) << 5);
        out[o++] = (raw << 22) >> 22;
      }
      return;
    case 311:
      // Three 10-bit samples in one little-endian 32-bit word (bits 0-9, 10-19, 20-29).
      for (let k = kStart; k < kEnd; k++) {
        const g = Math.floor(k / 3);
        const r = k - 3 * g;
        const b = streamStart + 4 * g;
        let raw: number;
        if (r === 0) raw = (bytes[b] as number) | (((bytes[b + 1] as number) & 0x03) << 8);
        else if (r === 1) raw = ((bytes[b + 1] as number) >> 2) | (((bytes[b + 2] as number) & 0x0f) << 6);
        else raw = ((bytes[b + 2] as number) >> 4) | (((bytes[b + 3] as number) & 0x3f) << 4);
        out[o++] = (raw << 22) >> 22;
      }
      return;
    default:
      throw new Error(`format ${format} is not decodable here`);
  }
}
