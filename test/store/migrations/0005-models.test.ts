import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, insertRecordRow, migrateTo, NOW, tableNames } from '../helpers/migrationDb';

test('0005-models: earlier reviews stay; at most one model can be active', () => {
  const db = dbAtVersion(4);
  const id = insertRecordRow(db);
  db.prepare(`INSERT INTO reviews (record_id, reviewer, created_at, action, labels) VALUES (?, 'dr a', ?, 'confirmed', '["NORM"]')`).run(id, NOW);
  migrateTo(db, 5);
  assert.ok(tableNames(db).includes('models') && tableNames(db).includes('model_activations'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n, 1);
  const insert = db.prepare(`INSERT INTO models (name, version, path, manifest, active, registered_at) VALUES ('net', ?, '/m', '{}', ?, ?)`);
  insert.run('1', 1, NOW);
  assert.throws(() => insert.run('2', 1, NOW), /UNIQUE constraint failed/);
  insert.run('2', 0, NOW);
  assert.throws(() => insert.run('2', 0, NOW), /UNIQUE constraint failed: models.name, models.version/);
  db.close();
});
