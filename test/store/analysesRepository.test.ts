import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

test('analyses: latest per record, JSON fields round-trip, quality score range checked', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const { recordId } = lib.insertRecord({ record: syntheticRecord(), contentHash: 'a', sourcePath: '/a' });
  assert.equal(lib.latestAnalysis(recordId), undefined);
  const base = { recordId, modelName: 'net', modelVersion: '1', backend: 'cpu', measurements: { qtcMs: 410 }, quality: { score: 0.7, perLead: [1, 0.4] } };
  lib.addAnalysis({ ...base, probabilities: { NORM: 0.9 } });
  const second = lib.addAnalysis({ ...base, probabilities: { NORM: 0.1, MI: 0.8 } });
  const latest = lib.latestAnalysis(recordId)!;
  assert.equal(latest.id, second);
  assert.deepEqual(latest.probabilities, { NORM: 0.1, MI: 0.8 });
  assert.deepEqual(latest.quality, { score: 0.7, perLead: [1, 0.4] });
  assert.equal(lib.analyses.listFor(recordId).length, 2);
  assert.throws(() => lib.addAnalysis({ ...base, probabilities: {}, quality: { score: 2 } }), /quality score/);
  lib.close();
});
