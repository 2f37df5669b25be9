import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, insertRecordRow, migrateTo, tableNames } from '../helpers/migrationDb';

test('0002-annotations: records from version 1 keep their rows and take annotations', () => {
  const db = dbAtVersion(1);
  const id = insertRecordRow(db);
  migrateTo(db, 2);
  assert.ok(tableNames(db).includes('annotations'));
  assert.equal((db.prepare('SELECT name FROM records WHERE id = ?').get(id) as { name: string }).name, 'a');
  db.prepare(`INSERT INTO annotations (record_id, sample_idx, code, aux) VALUES (?, 10, 'N', NULL), (?, 20, '+', '(AFIB')`).run(id, id);
  assert.equal((db.prepare('SELECT count(*) AS n FROM annotations WHERE record_id = ?').get(id) as { n: number }).n, 2);
  assert.throws(() => db.prepare(`INSERT INTO annotations (record_id, sample_idx, code) VALUES (999, 1, 'N')`).run(), /FOREIGN KEY/);
  db.close();
});
