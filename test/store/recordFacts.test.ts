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

test('loadRecord with a span: samples [from, to) at full resolution and the annotations in it, re-indexed', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  try {
    const record = syntheticRecord({ durationSec: 130, samplingRateHz: 250 });
    record.annotations = [100, 20000, 30000].map((sampleIdx) => ({ sampleIdx, code: 'N' }));
    const { recordId } = lib.insertRecord({ record, contentHash: 'span-1', sourcePath: '/x/span.edf' });
    const whole = lib.loadRecord(recordId)!;
    const part = lib.loadRecord(recordId, { fromSample: 14900, toSample: 30100 })!;
    assert.equal(part.samplesPerLead, 15200);
    for (let c = 0; c < whole.leads.length; c++) {
      assert.deepEqual(part.leads[c]!.samples, whole.leads[c]!.samples.subarray(14900, 30100), `lead ${c} across a 60-s chunk boundary`);
    }
    assert.deepEqual(part.annotations.map((a) => a.sampleIdx), [5100, 15100]);
  } finally {
    lib.close();
  }
});
