// Cheap content sniffing for XML formats: the head of the file as ASCII, whether UTF-8 or UTF-16.

/** First `maxBytes` of an XML file as ASCII text (UTF-16 zero bytes dropped); never throws. */
export function xmlHead(bytes: Uint8Array, maxBytes = 8192): string {
  const head = bytes.subarray(0, Math.min(bytes.length, maxBytes));
  let zeros = 0;
  for (let i = 0; i < Math.min(head.length, 64); i++) if (head[i] === 0) zeros++;
  let out = '';
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    if (zeros > 8 && b === 0) continue;
    out += b < 128 ? String.fromCharCode(b) : ' ';
  }
  return out;
}
