import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, insertRecordRow, migrateTo, NOW } from '../helpers/migrationDb';

test('0004-reviews: reviews are added to existing records and cannot be updated or deleted', () => {
  const db = dbAtVersion(3);
  const id = insertRecordRow(db);
  migrateTo(db, 4);
  db.prepare(`INSERT INTO reviews (record_id, reviewer, created_at, action, labels) VALUES (?, 'dr a', ?, 'edited', '["AF"]')`).run(id, NOW);
  assert.throws(() => db.prepare(`UPDATE reviews SET labels = '[]'`).run(), /reviews are append-only: a review cannot be changed/);
  assert.throws(() => db.prepare('DELETE FROM reviews').run(), /reviews are append-only: a review cannot be deleted/);
  assert.throws(
    () => db.prepare(`INSERT INTO reviews (record_id, reviewer, created_at, action, labels) VALUES (?, 'x', ?, 'approved', '[]')`).run(id, NOW),
    /CHECK constraint failed/,
  );
  assert.throws(() => db.prepare('DELETE FROM records WHERE id = ?').run(id), /FOREIGN KEY/, 'a reviewed record cannot vanish');
  assert.equal((db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n, 1);
  db.close();
});
