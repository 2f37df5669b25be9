import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, migrateTo, NOW, tableNames } from '../helpers/migrationDb';

test('0006-training-runs: models stay; runs accept only known statuses and progress within 0–1', () => {
  const db = dbAtVersion(5);
  db.prepare(`INSERT INTO models (name, version, path, manifest, active, registered_at) VALUES ('net', '1', '/m', '{}', 1, ?)`).run(NOW);
  migrateTo(db, 6);
  assert.ok(tableNames(db).includes('training_runs'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM models WHERE active = 1').get() as { n: number }).n, 1);
  db.prepare(`INSERT INTO training_runs (config, status, created_at) VALUES ('{}', 'queued', ?)`).run(NOW);
  assert.throws(() => db.prepare(`INSERT INTO training_runs (config, status, created_at) VALUES ('{}', 'paused', ?)`).run(NOW), /CHECK/);
  assert.throws(() => db.prepare(`UPDATE training_runs SET progress = 1.5`).run(), /CHECK/);
  db.close();
});
