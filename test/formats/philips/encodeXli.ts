// Test helper: an XLI encoder (the inverse of decodeXli) for building synthetic Philips waveforms.

/** LZW with fixed 10-bit codes, dictionary capped at code 1022, padded so the decoder stops exactly. */
export function lzwEncode10(input: Uint8Array): Uint8Array {
  const dict = new Map<string, number>();
  for (let i = 0; i < 256; i++) dict.set(String.fromCharCode(i), i);
  let next = 256;
  const codes: number[] = [];
  let w = '';
  for (const byte of input) {
    const wc = w + String.fromCharCode(byte);
    if (dict.has(wc)) {
      w = wc;
      continue;
    }
    codes.push(dict.get(w) as number);
    if (next <= 1022) dict.set(wc, next++);
    w = String.fromCharCode(byte);
  }
  if (w !== '') codes.push(dict.get(w) as number);
  // 15–22 bits of padding after the last code: enough for the decoder to take it, too few for another.
  const bytes = new Uint8Array(Math.ceil((codes.length * 10 + 15) / 8));
  let bit = 0;
  for (const c of codes) {
    for (let i = 9; i >= 0; i--, bit++) if ((c >> i) & 1) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  }
  return bytes;
}

/** One XLI chunk holding `x` (int16 values), with the delta coding the decoder undoes. */
export function encodeXliChunk(x: ArrayLike<number>): Uint8Array {
  const n = x.length;
  const d = new Int16Array(n);
  d[0] = x[0] as number;
  if (n > 1) d[1] = x[1] as number;
  for (let i = 2; i < n - 1; i++) d[i] = 2 * (x[i] as number) - (x[i - 1] as number) - (x[i + 1] as number) + 64;
  const start = n > 2 ? 2 * (x[1] as number) - (x[0] as number) - (x[2] as number) : 0;
  const split = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    split[i] = ((d[i] as number) >> 8) & 0xff;
    split[n + i] = (d[i] as number) & 0xff;
  }
  const lzw = lzwEncode10(split);
  const out = new Uint8Array(8 + lzw.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, lzw.length, true);
  view.setInt16(6, start, true);
  out.set(lzw, 8);
  return out;
}

export function encodeXli(leads: ArrayLike<number>[]): Uint8Array {
  const chunks = leads.map(encodeXliChunk);
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
