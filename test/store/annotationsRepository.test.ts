import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

test('annotations: every field round-trips and a sample range selects a window', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const record = syntheticRecord({ samplingRateHz: 100, durationSec: 5 });
  record.annotations = [
    { sampleIdx: 10, code: 'N' },
    { sampleIdx: 200, code: '+', aux: '(AFIB', subtype: 1, channel: 0, num: 2 },
    { sampleIdx: 300, code: 'Pon', durationSamples: 12 },
  ];
  const { recordId } = lib.insertRecord({ record, contentHash: 'a', sourcePath: '/a' });
  assert.deepEqual(lib.annotations.listFor(recordId), record.annotations);
  assert.deepEqual(lib.annotations.listFor(recordId, 100, 300), [record.annotations[1]]);
  lib.close();
});
