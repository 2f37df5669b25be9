import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aboutText,
  ADVISORY_TEXT,
  modelDataAttribution,
  NSTDB_LICENCE,
  productLine,
  PTB_XL_LICENCE,
  SHIPPED_DATA_LICENCES,
} from '../../src/shared/about';

test('aboutText: product name and the version passed in, advisory notice, both data licences', () => {
  const text = aboutText('9.8.7');
  assert.match(text, /^ECG Studio 9\.8\.7\n/);
  assert.ok(text.includes(ADVISORY_TEXT));
  assert.ok(text.includes('PTB-XL (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/)'));
  assert.ok(text.includes('NSTDB (ODC-By 1.0, https://opendatacommons.org/licenses/by/1-0/)'));
  assert.deepEqual(SHIPPED_DATA_LICENCES, [PTB_XL_LICENCE, NSTDB_LICENCE]);
});

test('modelDataAttribution: PTB-XL, CC BY 4.0, Wagner et al. 2020, Sci Data 7:154', () => {
  const a = modelDataAttribution();
  for (const s of ['PTB-XL', 'CC BY 4.0', 'Wagner P', '(2020)', 'Sci Data 7:154'])
    assert.ok(a.includes(s), s);
  assert.equal(productLine('0.1.0'), 'ECG Studio 0.1.0');
  assert.match(ADVISORY_TEXT, /advisory, not a diagnosis/);
});
