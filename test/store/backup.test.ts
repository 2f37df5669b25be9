import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupLibrary, restoreLibrary } from '../../src/store/backup';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

test('backupLibrary/restoreLibrary: round trip while WAL holds uncheckpointed data; replaced file kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-backup-'));
  try {
    const db = join(dir, 'library.db');
    const lib = openLibrary(db);
    lib.insertRecord({ record: syntheticRecord({ seed: 1 }), contentHash: 'one', sourcePath: '/1' });
    lib.close();
    backupLibrary(db, join(dir, 'b.db'));
    const later = openLibrary(db);
    later.insertRecord({ record: syntheticRecord({ seed: 2 }), contentHash: 'two', sourcePath: '/2' });
    later.close();
    const { keptAs, schemaVersion } = restoreLibrary(join(dir, 'b.db'), db, new Date('2025-01-01T00:00:00Z'));
    assert.ok(schemaVersion >= 1);
    assert.equal(keptAs, `${db}.before-restore-2025-01-01T00-00-00-000Z`);
    const restored = openLibrary(db);
    assert.equal(restored.listRecords().total, 1);
    restored.close();
    const kept = openLibrary(keptAs!);
    assert.equal(kept.listRecords().total, 2, 'the replaced library is complete on its own');
    kept.close();
    assert.throws(() => backupLibrary(join(dir, 'none.db'), join(dir, 'x.db')), /no library/);
    assert.throws(() => restoreLibrary(join(dir, 'none.db'), db), { code: 'ENOENT' });
    writeFileSync(join(dir, 'empty.db'), '');
    assert.throws(() => restoreLibrary(join(dir, 'empty.db'), db), /not an ECG Studio library backup/);
    assert.ok(existsSync(db));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
