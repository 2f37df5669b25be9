import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from './libraryFixture';

test('cli models: register, activate by version, rollback, list; bad package is one error line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-models-'));
  try {
    const db = join(dir, 'library.db');
    for (const version of ['1.0.0', '1.1.0']) {
      mkdirSync(join(dir, `m${version}`));
      writeFileSync(join(dir, `m${version}`, 'manifest.json'), JSON.stringify({ name: 'ecgnet', version, metrics: { macroF1: 0.71 } }));
    }
    mkdirSync(join(dir, 'empty'));
    const io = captureIo(dir);
    assert.equal(await runCli(['models', 'register', 'm1.0.0', '--db', db], io), 0);
    assert.equal(await runCli(['models', 'register', 'm1.1.0', '--db', db], io), 0);
    assert.match(io.out, /registered ecgnet 1.0.0 \(active\)\nregistered ecgnet 1.1.0\n/);
    const bad = captureIo(dir);
    assert.equal(await runCli(['models', 'register', 'empty', '--db', db], bad), 2);
    assert.equal(bad.err, 'error: empty: the folder has no manifest.json\n');
    assert.equal(await runCli(['models', 'activate', '1.1.0', '--db', db], io), 0);
    const list = captureIo(dir);
    await runCli(['models', 'list', '--db', db], list);
    assert.match(list.out, /^\* ecgnet 1.1.0 .*macroF1=0.710$/m);
    const rb = captureIo(dir);
    assert.equal(await runCli(['models', 'rollback', '--db', db], rb), 0);
    assert.equal(rb.out, 'rolled back; active model: ecgnet 1.0.0\n');
    const none = captureIo(dir);
    assert.equal(await runCli(['models', 'activate', '9.9', '--db', db], none), 2);
    assert.match(none.err, /no registered model has version '9.9'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
