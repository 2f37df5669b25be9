import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

test('reviews: appended in order, labels trimmed and de-duplicated; UPDATE and DELETE raise', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const { recordId } = lib.insertRecord({ record: syntheticRecord(), contentHash: 'r', sourcePath: '/r' });
  lib.addReview({ recordId, reviewer: 'dr a', action: 'edited', labels: [' AF', 'AF', ''], comment: 'first look' });
  lib.addReview({ recordId, reviewer: 'dr b', action: 'confirmed', labels: ['AF'] });
  const trail = lib.reviewsOf(recordId);
  assert.deepEqual(trail.map((r) => [r.reviewer, r.action, r.labels, r.comment]), [
    ['dr a', 'edited', ['AF'], 'first look'],
    ['dr b', 'confirmed', ['AF'], null],
  ]);
  assert.throws(() => lib.db.prepare('UPDATE reviews SET comment = ? WHERE id = ?').run('changed', trail[0]!.id), /append-only/);
  assert.throws(() => lib.db.prepare('DELETE FROM reviews').run(), /append-only/);
  assert.throws(() => lib.addReview({ recordId, reviewer: '  ', action: 'edited', labels: [] }), /reviewer/);
  assert.throws(() => lib.addReview({ recordId: 999, reviewer: 'x', action: 'edited', labels: [] }), /FOREIGN KEY/);
  lib.close();
});

test('datasetItems: one item per reviewed record with the labels of its latest review', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const ids = [1, 2, 3].map((seed) => lib.insertRecord({ record: syntheticRecord({ seed }), contentHash: `d${seed}`, sourcePath: '/d' }).recordId);
  lib.addReview({ recordId: ids[0]!, reviewer: 'a', action: 'edited', labels: ['MI'] });
  lib.addReview({ recordId: ids[2]!, reviewer: 'a', action: 'edited', labels: ['NORM'] });
  lib.addReview({ recordId: ids[0]!, reviewer: 'b', action: 'edited', labels: ['MI', 'STTC'] });
  const items = lib.datasetItems();
  assert.deepEqual(items.map((i) => [i.recordId, i.labels, i.reviewer]), [
    [ids[0], ['MI', 'STTC'], 'b'],
    [ids[2], ['NORM'], 'a'],
  ]);
  lib.close();
});
