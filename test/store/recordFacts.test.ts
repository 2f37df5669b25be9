import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

test('recordFacts and annotationsOf: units, annotation count, filters and an annotation window without reading samples', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  try {
    const record = syntheticRecord();
    record.filters = { highPassHz: 0.05, lowPassHz: 150 };
    record.annotations = [0, 250, 500, 750, 1000].map((sampleIdx) => ({ sampleIdx, code: 'N' }));
    const { recordId } = lib.insertRecord({ record, contentHash: 'facts-1', sourcePath: '/x/facts.edf' });
    const facts = lib.recordFacts(recordId);
    assert.ok(facts);
    assert.deepEqual(facts.units, Object.fromEntries(record.leads.map((l) => [l.name, l.unit])));
    assert.equal(facts.annotationCount, 5);
    assert.deepEqual(facts.filters, { highPassHz: 0.05, lowPassHz: 150 });
    assert.deepEqual(lib.annotationsOf(recordId, 250, 750).map((a) => a.sampleIdx), [250, 500]);
    assert.equal(lib.recordFacts(recordId + 99), undefined);
  } finally {
    lib.close();
  }
});
