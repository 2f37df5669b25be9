import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from './libraryFixture';

test('cli backup/restore: restore brings back the backed-up state and keeps the replaced library', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-backup-'));
  try {
    const db = join(dir, 'library.db');
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', 'manifest.json'), JSON.stringify({ name: 'ecgnet', version: '1' }));
    await runCli(['models', 'register', 'm', '--db', db], captureIo(dir));
    const b = captureIo(dir);
    assert.equal(await runCli(['backup', 'snap.db', '--db', db], b), 0);
    assert.equal(await runCli(['backup', 'snap.db', '--db', db], captureIo(dir)), 2, 'never overwrites');
    writeFileSync(join(dir, 'm', 'manifest.json'), JSON.stringify({ name: 'ecgnet', version: '2' }));
    await runCli(['models', 'register', 'm', '--db', db], captureIo(dir));
    const r = captureIo(dir);
    assert.equal(await runCli(['restore', 'snap.db', '--db', db], r), 0);
    assert.match(r.out, /previous library kept as .*before-restore/);
    const list = captureIo(dir);
    await runCli(['models', 'list', '--db', db, '--json'], list);
    assert.deepEqual((JSON.parse(list.out) as { models: { version: string }[] }).models.map((m) => m.version), ['1']);
    writeFileSync(join(dir, 'junk.db'), 'not a database at all, just some text that is long enough'.repeat(10));
    const junk = captureIo(dir);
    assert.equal(await runCli(['restore', 'junk.db', '--db', db], junk), 2);
    assert.match(junk.err, /^error: junk.db: .*not an ECG Studio library/);
    assert.ok(existsSync(db));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
