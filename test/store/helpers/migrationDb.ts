// Migration-test helpers: an in-memory database at schema version N, and the table/column lists of a schema.
import { migrate, openDatabase, schemaVersion, type Db } from '../../../src/store/db';

export function dbAtVersion(version: number): Db {
  const db = openDatabase(':memory:', { migrateTo: version, skipIntegrityCheck: true });
  if (schemaVersion(db) !== version) throw new Error(`expected schema ${version}, got ${schemaVersion(db)}`);
  return db;
}

export function migrateTo(db: Db, version: number): void {
  migrate(db, version);
}

export function tableNames(db: Db): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
}

export function columnNames(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

export const NOW = '2025-01-02T03:04:05.000Z';

/** Inserts a minimal records row (schema ≥ 1) and returns its id. */
export function insertRecordRow(db: Db, hash = 'h1'): number {
  const info = db
    .prepare(
      `INSERT INTO records (content_hash, format, source_path, name, sampling_rate_hz, leads, samples_per_lead, duration_sec, imported_at)
       VALUES (?, 'wfdb', '/x/a.hea', 'a', 360, '["MLII"]', 3600, 10, ?)`,
    )
    .run(hash, NOW);
  return Number(info.lastInsertRowid);
}
