import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnNames, dbAtVersion, insertRecordRow, migrateTo, tableNames } from '../helpers/migrationDb';

test('0001-records: from an empty database creates records, signals and signal_chunks', () => {
  const db = dbAtVersion(0);
  assert.deepEqual(tableNames(db), []);
  migrateTo(db, 1);
  assert.deepEqual(tableNames(db), ['records', 'signal_chunks', 'signals']);
  assert.ok(columnNames(db, 'records').includes('content_hash'));
  const id = insertRecordRow(db);
  assert.throws(() => insertRecordRow(db), /UNIQUE constraint failed: records.content_hash/);
  db.prepare(`INSERT INTO signals (record_id, lead_idx, lead_name, original_name, unit, encoding, sample_count, chunk_samples, level_count)
              VALUES (?, 0, 'MLII', 'MLII', 'mV', 'f32', 3600, 21600, 0)`).run(id);
  assert.throws(
    () => db.prepare(`INSERT INTO signals (record_id, lead_idx, lead_name, original_name, unit, encoding, sample_count, chunk_samples, level_count)
              VALUES (?, 1, 'V1', 'V1', 'mV', 'i16', 3600, 21600, 0)`).run(id),
    /CHECK constraint failed/,
    'i16 without a gain is refused',
  );
  assert.throws(
    () => db.prepare(`INSERT INTO signal_chunks (record_id, lead_idx, level, chunk_idx, value_count, data) VALUES (?, 5, 0, 0, 1, x'00000000')`).run(id),
    /FOREIGN KEY constraint failed/,
  );
  db.close();
});
