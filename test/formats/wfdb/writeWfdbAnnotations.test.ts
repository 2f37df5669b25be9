// Tests for writeWfdbAnnotations: byte-identical rewrite of MIT-BIH .atr files and field round trips.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readWfdbAnnotations } from '../../../src/formats/wfdb/readWfdbAnnotations';
import { writeWfdbAnnotations } from '../../../src/formats/wfdb/writeWfdbAnnotations';
import type { EcgAnnotation } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

test('writeWfdbAnnotations: rewriting MIT-BIH 100.atr and 232.atr reproduces the same annotations', { skip: skipWithoutSharedData('mitdb') }, () => {
  for (const name of ['100', '232', '207']) {
    const original = new Uint8Array(readFileSync(sharedPath('mitdb', `${name}.atr`)));
    const anns = readWfdbAnnotations(original);
    const written = writeWfdbAnnotations(anns);
    assert.deepEqual(readWfdbAnnotations(written), anns, name);
  }
});

test('writeWfdbAnnotations: sub, chan, num, aux, long gaps and unknown codes round-trip', () => {
  const anns: EcgAnnotation[] = [
    { sampleIdx: 0, code: 'N', subtype: 0, channel: 0, num: 0 },
    { sampleIdx: 1023, code: 'V', subtype: -2, channel: 1, num: 5, aux: '(VT' },
    { sampleIdx: 1024 + 5000, code: '+', subtype: 0, channel: 1, num: 5, aux: '(N' },
    { sampleIdx: 10_000_000_000, code: '~', subtype: 3, channel: 255, num: -1 },
  ];
  assert.deepEqual(readWfdbAnnotations(writeWfdbAnnotations(anns)), anns);
  const custom = readWfdbAnnotations(writeWfdbAnnotations([{ sampleIdx: 7, code: 'Pon' }]));
  assert.deepEqual(custom, [{ sampleIdx: 7, code: '"', subtype: 0, channel: 0, num: 0, aux: 'Pon' }]);
});

test('writeWfdbAnnotations: unsorted input is written in sample order; negative samples are refused', () => {
  const out = readWfdbAnnotations(writeWfdbAnnotations([{ sampleIdx: 50, code: 'V' }, { sampleIdx: 10, code: 'N' }]));
  assert.deepEqual(out.map((a) => a.sampleIdx), [10, 50]);
  assert.throws(() => writeWfdbAnnotations([{ sampleIdx: -1, code: 'N' }]), FormatError);
});
