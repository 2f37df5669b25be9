// A small DICOM Part 10 encoder (explicit VR little endian, defined-length sequences) for writing waveform objects.

/** Explicit-VR VRs whose header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
const LONG_VRS: ReadonlySet<string> = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

/** One encoded data element with its tag, kept so a data set can be sorted by tag before writing. */
export interface DicomElement {
  tag: number;
  bytes: Uint8Array;
}

const ascii = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
};

/** Tag as a number: group << 16 | element. */
export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

function header(t: number, vr: string, length: number): Uint8Array {
  const long = LONG_VRS.has(vr);
  const out = new Uint8Array(long ? 12 : 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, t >>> 16, true);
  view.setUint16(2, t & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, length, true);
  else {
    if (length > 0xffff) throw new RangeError(`value of ${vr} element (${(t >>> 16).toString(16)},${(t & 0xffff).toString(16)}) is too long`);
    view.setUint16(6, length, true);
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** An element with raw value bytes, padded to even length with `pad` (PS3.5 7.1: values have even length). */
export function rawElement(t: number, vr: string, value: Uint8Array, pad = 0x00): DicomElement {
  const padded = value.length % 2 === 0 ? value : concat([value, new Uint8Array([pad])]);
  return { tag: t, bytes: concat([header(t, vr, padded.length), padded]) };
}

/** String VRs: UI pads with NUL, the others with a space (PS3.5 6.2). Multiple values are joined with '\'. */
export function stringElement(t: number, vr: string, value: string | readonly string[] | undefined): DicomElement {
  const text = value === undefined ? '' : typeof value === 'string' ? value : value.join('\\');
  return rawElement(t, vr, ascii(text), vr === 'UI' ? 0x00 : 0x20);
}

export function usElement(t: number, values: number | readonly number[]): DicomElement {
  const list = typeof values === 'number' ? [values] : values;
  const out = new Uint8Array(list.length * 2);
  const view = new DataView(out.buffer);
  list.forEach((v, i) => view.setUint16(i * 2, v, true));
  return rawElement(t, 'US', out);
}

export function ulElement(t: number, values: number | readonly number[]): DicomElement {
  const list = typeof values === 'number' ? [values] : values;
  const out = new Uint8Array(list.length * 4);
  const view = new DataView(out.buffer);
  list.forEach((v, i) => view.setUint32(i * 4, v, true));
  return rawElement(t, 'UL', out);
}

/** A Decimal String value of at most 16 characters (PS3.5 table 6.2-1). */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value ${value} is not finite`);
  for (let digits = 12; digits >= 1; digits--) {
    const s = String(Number(value.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return value.toExponential(6);
}

export function dsElement(t: number, value: number | undefined): DicomElement {
  return stringElement(t, 'DS', value === undefined ? '' : formatDs(value));
}

/** Sorts elements by tag and concatenates them: a data set (or a sequence item's contents). */
export function dataSet(elements: readonly DicomElement[]): Uint8Array {
  return concat([...elements].sort((a, b) => a.tag - b.tag).map((e) => e.bytes));
}

/** A sequence with defined length, each item with defined length (PS3.5 7.5). */
export function sequenceElement(t: number, itemsContents: readonly (readonly DicomElement[])[]): DicomElement {
  const encodedItems = itemsContents.map((els) => {
    const body = dataSet(els);
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    view.setUint16(0, 0xfffe, true);
    view.setUint16(2, 0xe000, true);
    view.setUint32(4, body.length, true);
    return concat([head, body]);
  });
  const value = concat(encodedItems);
  return { tag: t, bytes: concat([header(t, 'SQ', value.length), value]) };
}

/** Part 10 file: 128-byte preamble, 'DICM', group 0002 with its group length, then the data set (PS3.10 7.1). */
export function part10File(meta: readonly DicomElement[], body: readonly DicomElement[]): Uint8Array {
  const metaBody = dataSet(meta);
  const groupLength = ulElement(tag(0x0002, 0x0000), metaBody.length);
  return concat([new Uint8Array(128), ascii('DICM'), groupLength.bytes, metaBody, dataSet(body)]);
}
