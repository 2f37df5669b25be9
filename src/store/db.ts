// Opening the library's SQLite file: WAL, foreign keys, busy timeout, integrity check, then migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** The library file cannot be used (corrupt, from a newer version, not a database); the message says why. */
export class LibraryOpenError extends Error {
  override readonly name = 'LibraryOpenError';
}

/** How long a writer waits for another process's lock before giving up (the CLI and the app may share a file). */
export const BUSY_TIMEOUT_MS = 10_000;

/** WAL file size kept after a checkpoint. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies migrations above the current version up to `target`, each in its own transaction together
 * with its user_version bump, so a crash leaves the schema at a whole version.
 */
export function migrate(db: Db, target = LATEST_SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  const latest = migrations.length === 0 ? 0 : (migrations[migrations.length - 1] as Migration).version;
  if (current > latest) {
    throw new LibraryOpenError(
      `the library has schema version ${current}, newer than this ECG Studio knows (${latest}); use a newer version`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** Runs PRAGMA integrity_check and throws LibraryOpenError with SQLite's first findings when it is not 'ok'. */
export function checkIntegrity(db: Db, path: string): void {
  let findings: string[];
  try {
    findings = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (err) {
    findings = [err instanceof Error ? err.message : String(err)];
  }
  if (findings.length !== 1 || findings[0] !== 'ok') {
    throw new LibraryOpenError(
      `the library ${path} failed its integrity check (${findings.slice(0, 3).join('; ')}); restore a backup with 'ecg-studio restore <file>'`,
    );
  }
}

export interface OpenDatabaseOptions {
  /** Open without writing (no migrations); the file must exist. */
  readonly?: boolean;
  /** Migrate to this version instead of the latest (migration tests). */
  migrateTo?: number;
  /** Skip PRAGMA integrity_check (only for throwaway in-memory databases in tests and benches). */
  skipIntegrityCheck?: boolean;
}

/** Opens (creating when needed) a library database; ':memory:' gives a private in-memory one. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (err) {
    throw new LibraryOpenError(`cannot open the library ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Any read fails here when the file is not a SQLite database at all.
    try {
      db.pragma('schema_version');
    } catch (err) {
      throw new LibraryOpenError(`${path} is not an ECG Studio library (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses at most the last commits on power loss, never consistency; a killed process loses nothing.
      db.pragma('synchronous = NORMAL');
      // A big import grows the WAL to the size of its transaction; give the disk space back after checkpoints.
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    db.pragma('foreign_keys = ON');
    if (!options.skipIntegrityCheck) checkIntegrity(db, path);
    if (!options.readonly) migrate(db, options.migrateTo ?? LATEST_SCHEMA_VERSION);
    else if (schemaVersion(db) > LATEST_SCHEMA_VERSION) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
