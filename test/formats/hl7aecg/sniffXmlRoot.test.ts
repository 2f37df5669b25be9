// Tests for the ASCII view of an XML file's head used by the XML readers' sniffing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xmlHead } from '../../../src/formats/hl7aecg/sniffXmlRoot';

test('xmlHead: UTF-8 passes through, UTF-16 loses its zero bytes, non-ASCII becomes spaces', () => {
  assert.equal(xmlHead(new TextEncoder().encode('<a>é</a>')), '<a>  </a>');
  const s = '<?xml version="1.0"?><restingecgdata>';
  const u16 = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) u16[i * 2] = s.charCodeAt(i);
  assert.equal(xmlHead(u16), s);
  assert.equal(xmlHead(new TextEncoder().encode('x'.repeat(10000)), 100).length, 100);
});
