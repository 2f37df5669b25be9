// XML bytes → a uniform element tree (every child an array) for the XML ECG readers (aECG, Philips).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError } from '../../shared/errors';

/** One parsed element: attributes under '@_name', text under '#text', children as arrays by local name. */
export type XmlNode = { [key: string]: XmlNode[] | string | undefined };

/**
 * Decodes XML bytes to text following XML 1.0 Appendix F: a byte-order mark first, then the
 * `encoding` of the XML declaration (UTF-8, UTF-16, ISO-8859-1/Windows-1252), UTF-8 otherwise.
 */
export function decodeXmlBytes(bytes: Uint8Array, format: string, fileName?: string): string {
  const fail = (reason: string): never => {
    throw new FormatError({ format, file: fileName, reason, byteOffset: 0 });
  };
  if (bytes.length === 0) fail('the file is empty');
  let encoding: string;
  let start = 0;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    start = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    start = 2;
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    start = 3;
  } else if (bytes[0] === 0x3c && bytes[1] === 0x00) {
    encoding = 'utf-16le';
  } else if (bytes[0] === 0x00 && bytes[1] === 0x3c) {
    encoding = 'utf-16be';
  } else {
    const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
    const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    encoding = declared ?? 'utf-8';
    if (encoding === 'utf-16' || encoding === 'utf-16le' || encoding === 'utf-16be' || encoding === 'ucs-2') {
      // A UTF-16 declaration readable as ASCII means the bytes are not UTF-16 after all.
      encoding = 'utf-8';
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return fail(`unsupported XML encoding '${encoding}'`);
  }
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    return fail(`the bytes are not valid ${encoding} text`);
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/** Parses well-formed XML text into its root element; malformed XML → FormatError naming the line. */
export function parseXml(text: string, rootName: string, format: string, fileName?: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FormatError({
      format,
      file: fileName,
      reason: `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    });
  }
  const doc = parser.parse(text) as XmlNode;
  const root = children(doc, rootName)[0];
  if (root === undefined) {
    throw new FormatError({ format, file: fileName, reason: `the XML root element is not <${rootName}>` });
  }
  return root;
}

/** Child elements with a local name; text-only children are returned as nodes with '#text'. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const list = node?.[name];
  if (!Array.isArray(list)) return [];
  return list.map((c) => (typeof c === 'string' ? { '#text': c } : c));
}

export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let cur = node;
  for (const name of path) cur = children(cur, name)[0];
  return cur;
}

/** Text content of an element (or of the element at `path` below it), trimmed; undefined when empty. */
export function textOf(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const el = path.length ? child(node, ...path) : node;
  const t = el?.['#text'];
  if (typeof t !== 'string') return undefined;
  const trimmed = t.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function attrOf(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** Every descendant element with a local name, depth first, in document order. */
export function descendants(node: XmlNode | undefined, name: string, out: XmlNode[] = []): XmlNode[] {
  if (node === undefined) return out;
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value)) continue;
    for (const c of value) {
      if (typeof c === 'string') {
        if (key === name) out.push({ '#text': c });
        continue;
      }
      if (key === name) out.push(c);
      descendants(c, name, out);
    }
  }
  return out;
}

/** Finite number from text, or undefined ('Indeterminate', '', 'Failed' → undefined). */
export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
