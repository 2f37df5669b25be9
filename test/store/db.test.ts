import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSY_TIMEOUT_MS, LibraryOpenError, migrate, openDatabase, schemaVersion } from '../../src/store/db';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index';
import type { Migration } from '../../src/store/migrations/migration';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ecg-db-'));
}

test('openDatabase: new file gets WAL, foreign keys, busy timeout and the latest schema', () => {
  const dir = tempDir();
  try {
    const db = openDatabase(join(dir, 'sub', 'library.db'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), BUSY_TIMEOUT_MS);
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    db.close();
    const again = openDatabase(join(dir, 'sub', 'library.db'));
    assert.equal(schemaVersion(again), LATEST_SCHEMA_VERSION);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openDatabase: a file that is not SQLite is refused with a clear error', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'x.db');
    writeFileSync(file, 'this is not a database, just text that is long enough to look like a header\n'.repeat(20));
    assert.throws(() => openDatabase(file), (err: unknown) => err instanceof LibraryOpenError && /is not an ECG Studio library/.test(err.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openDatabase: a corrupted page fails the integrity check and is refused', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'library.db');
    const db = openDatabase(file);
    const insert = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
    for (let i = 0; i < 2000; i++) insert.run(`key${i}`, 'v'.repeat(50));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = readFileSync(file).length;
    const pageSize = 4096;
    // Scribble over the middle of the last pages (settings b-tree), keeping the file header intact.
    const fd = openSync(file, 'r+');
    for (let page = Math.floor(size / pageSize) - 3; page < Math.floor(size / pageSize); page++) {
      writeSync(fd, Buffer.alloc(200, 0xa5), 0, 200, page * pageSize + 100);
    }
    closeSync(fd);
    assert.throws(
      () => openDatabase(file),
      (err: unknown) => err instanceof LibraryOpenError && /failed its integrity check/.test(err.message) && /restore/.test(err.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openDatabase: a library from a newer version (higher user_version) is refused', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'library.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => openDatabase(file), /newer than this ECG Studio knows/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate: a failing migration rolls back whole and leaves the version where it was', () => {
  const db = openDatabase(':memory:', { migrateTo: 0, skipIntegrityCheck: true });
  const migrations: Migration[] = [
    { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
    { version: 2, name: 'broken', up: (d) => { d.exec('CREATE TABLE b (x)'); d.exec('THIS IS NOT SQL'); } },
  ];
  assert.throws(() => migrate(db, 2, migrations), /syntax error/);
  assert.equal(schemaVersion(db), 1);
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
  assert.deepEqual(tables, ['a']);
  db.close();
});
