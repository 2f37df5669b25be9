import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbAtVersion, insertRecordRow, migrateTo, NOW, tableNames } from '../helpers/migrationDb';

test('0003-analyses: existing records and annotations survive; analyses keep model name and version', () => {
  const db = dbAtVersion(2);
  const id = insertRecordRow(db);
  db.prepare(`INSERT INTO annotations (record_id, sample_idx, code) VALUES (?, 10, 'N')`).run(id);
  migrateTo(db, 3);
  assert.ok(tableNames(db).includes('analyses'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n, 1);
  db.prepare(
    `INSERT INTO analyses (record_id, model_name, model_version, backend, probabilities, measurements, quality, quality_score, created_at)
     VALUES (?, 'ecgnet', '1.2.0', 'wasm', '{"AF":0.9}', '{}', '{"score":0.8}', 0.8, ?)`,
  ).run(id, NOW);
  const row = db.prepare('SELECT model_version, json_extract(probabilities, ?) AS p FROM analyses').get('$."AF"') as { model_version: string; p: number };
  assert.equal(row.model_version, '1.2.0');
  assert.equal(row.p, 0.9);
  assert.throws(() => db.prepare(`INSERT INTO analyses (record_id, model_name, backend, probabilities, measurements, quality, created_at) VALUES (?, 'x', 'cpu', '{}', '{}', '{}', ?)`).run(id, NOW), /NOT NULL/);
  db.close();
});
