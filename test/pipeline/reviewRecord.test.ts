import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictedLabels, reviewRecord } from '../../src/pipeline/reviewRecord';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from '../store/helpers/syntheticRecord';

function withAnalysis() {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const { recordId } = lib.insertRecord({ record: syntheticRecord(), contentHash: 'r', sourcePath: '/r' });
  const analysisId = lib.addAnalysis({ recordId, modelName: 'net', modelVersion: '2', backend: 'cpu', probabilities: { AF: 0.9, PVC: 0.6, NORM: 0.1 }, measurements: {}, quality: {} });
  return { lib, recordId, analysisId };
}

test('predictedLabels: labels at or above the threshold, most probable first', () => {
  assert.deepEqual(predictedLabels({ A: 0.5, B: 0.49, C: 0.8 }), ['C', 'A']);
  assert.deepEqual(predictedLabels({ A: 0.5 }, 0.6), []);
});

test('reviewRecord: no labels confirms the model; the same set confirms; a different set edits', () => {
  const { lib, recordId, analysisId } = withAnalysis();
  const a = reviewRecord(lib, { recordId, reviewer: 'dr a' });
  assert.deepEqual([a.action, a.labels], ['confirmed', ['AF', 'PVC']]);
  const b = reviewRecord(lib, { recordId, reviewer: 'dr b', labels: ['PVC', 'AF'] });
  assert.equal(b.action, 'confirmed');
  const c = reviewRecord(lib, { recordId, reviewer: 'dr c', labels: ['AF'], comment: 'PVC is noise' });
  assert.equal(c.action, 'edited');
  const d = reviewRecord(lib, { recordId, reviewer: 'dr d', labels: ['AF'] });
  assert.equal(d.action, 'confirmed', 'compared with the latest review once there is one');
  const trail = lib.reviewsOf(recordId);
  assert.equal(trail.length, 4);
  assert.ok(trail.every((r) => r.analysisId === analysisId));
  assert.equal(trail[2]!.comment, 'PVC is noise');
  lib.close();
});

test('reviewRecord: unknown record and nothing-to-confirm are usage errors', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const { recordId } = lib.insertRecord({ record: syntheticRecord(), contentHash: 'r', sourcePath: '/r' });
  assert.throws(() => reviewRecord(lib, { recordId: 99, reviewer: 'x', labels: ['A'] }), /no record 99/);
  assert.throws(() => reviewRecord(lib, { recordId, reviewer: 'x' }), /give the labels/);
  assert.equal(reviewRecord(lib, { recordId, reviewer: 'x', labels: ['NORM', ' NORM '] }).action, 'edited');
  assert.deepEqual(lib.reviewsOf(recordId)[0]!.labels, ['NORM']);
  lib.close();
});
