// Tests for XML byte decoding (BOM / declaration) and the uniform element tree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attrOf, child, children, decodeXmlBytes, descendants, numberOf, parseXml, textOf } from '../../../src/formats/hl7aecg/xmlDocument';
import { FormatError } from '../../../src/shared/errors';

const utf16 = (s: string, bom: 'le' | 'be' | 'none') => {
  const out = new Uint8Array((bom === 'none' ? 0 : 2) + s.length * 2);
  let o = 0;
  if (bom === 'le') { out[o++] = 0xff; out[o++] = 0xfe; }
  if (bom === 'be') { out[o++] = 0xfe; out[o++] = 0xff; }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[o++] = bom === 'be' ? c >> 8 : c & 0xff;
    out[o++] = bom === 'be' ? c & 0xff : c >> 8;
  }
  return out;
};

test('decodeXmlBytes: UTF-16 LE/BE with BOM, UTF-16 LE without BOM, UTF-8 BOM, Latin-1 declaration', () => {
  const text = '<?xml version="1.0" encoding="utf-16"?><a>é</a>';
  assert.equal(decodeXmlBytes(utf16(text, 'le'), 't'), text);
  assert.equal(decodeXmlBytes(utf16(text, 'be'), 't'), text);
  assert.equal(decodeXmlBytes(utf16(text, 'none'), 't'), text);
  assert.equal(decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a>é</a>')]), 't'), '<a>é</a>');
  const latin1 = Uint8Array.from([...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), 0xe9, ...new TextEncoder().encode('</a>')]);
  assert.ok(decodeXmlBytes(latin1, 't').includes('<a>é</a>'));
});

test('decodeXmlBytes: empty input, invalid UTF-8 and unknown encodings → FormatError', () => {
  assert.throws(() => decodeXmlBytes(new Uint8Array(0), 't'), FormatError);
  assert.throws(() => decodeXmlBytes(Uint8Array.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 't'), FormatError);
  assert.throws(() => decodeXmlBytes(new TextEncoder().encode('<?xml version="1.0" encoding="x-klingon"?><a/>'), 't'), FormatError);
});

test('parseXml: namespaces stripped, every child an array, attributes and text reachable', () => {
  const root = parseXml('<r xmlns="urn:x" xmlns:xsi="urn:y"><v xsi:type="PQ" value="1"/><v>two</v><n><m>3</m></n></r>', 'r', 't');
  assert.equal(children(root, 'v').length, 2);
  assert.equal(attrOf(child(root, 'v'), 'type'), 'PQ');
  assert.equal(textOf(children(root, 'v')[1]), 'two');
  assert.equal(textOf(root, 'n', 'm'), '3');
  assert.equal(descendants(root, 'm').length, 1);
  assert.throws(() => parseXml('<r><a></r>', 'r', 't'), /malformed XML at line 1/);
  assert.throws(() => parseXml('<q/>', 'r', 't'), /root element is not <r>/);
});

test('numberOf: decimals and signs parse; words and empty strings do not', () => {
  assert.equal(numberOf(' -61 '), -61);
  assert.equal(numberOf('0.05'), 0.05);
  assert.equal(numberOf('Indeterminate'), undefined);
  assert.equal(numberOf(''), undefined);
  assert.equal(numberOf(undefined), undefined);
});
