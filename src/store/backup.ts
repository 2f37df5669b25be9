// Backup (VACUUM INTO a new file) and restore (validate, keep the old file aside, swap in the copy) of a library.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase, schemaVersion } from './db';
import { openLibrary } from './library';

/** Writes a consistent copy of the library at `libraryPath` to `backupFile` (which must not exist). */
export function backupLibrary(libraryPath: string, backupFile: string): void {
  if (!existsSync(libraryPath)) throw new Error(`no library at ${libraryPath}`);
  const lib = openLibrary(libraryPath);
  try {
    lib.backupTo(backupFile);
  } finally {
    lib.close();
  }
}

/**
 * Replaces the library with a backup after checking the backup's integrity and schema version. The
 * library it replaces is kept as `<library>.before-restore-<time>`; returns that path (or null when
 * there was none).
 */
export function restoreLibrary(backupFile: string, libraryPath: string, now = new Date()): { keptAs: string | null; schemaVersion: number } {
  if (!existsSync(backupFile)) throw Object.assign(new Error('no such file or directory'), { code: 'ENOENT' });
  const check = openDatabase(backupFile, { readonly: true });
  let version: number;
  try {
    version = schemaVersion(check);
    const tables = check.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'records'`).get() as { n: number };
    if (version < 1 || tables.n !== 1) throw new Error(`${backupFile} is not an ECG Studio library backup`);
  } finally {
    check.close();
  }
  const incoming = `${libraryPath}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(backupFile, incoming);
  let keptAs: string | null = null;
  if (existsSync(libraryPath)) {
    // Fold the WAL into the main file first so the kept copy is complete on its own.
    const current = openDatabase(libraryPath, { skipIntegrityCheck: true });
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    keptAs = `${libraryPath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(libraryPath, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${libraryPath}${suffix}`, { force: true });
  renameSync(incoming, libraryPath);
  const lib = openLibrary(libraryPath);
  lib.close();
  return { keptAs, schemaVersion: version };
}
