import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, migrateTo, NOW, tableNames } from '../helpers/migrationDb';

test('0007-settings: training runs stay; settings hold one value per key', () => {
  const db = dbAtVersion(6);
  db.prepare(`INSERT INTO training_runs (config, status, created_at) VALUES ('{"epochs":3}', 'running', ?)`).run(NOW);
  migrateTo(db, 7);
  assert.ok(tableNames(db).includes('settings'));
  assert.equal((db.prepare('SELECT status FROM training_runs').get() as { status: string }).status, 'running');
  db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', 'dark')`).run();
  assert.throws(() => db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', 'light')`).run(), /UNIQUE|PRIMARY KEY/);
  db.close();
});
