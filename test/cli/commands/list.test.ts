import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from './libraryFixture';

test('cli library commands: default path follows XDG_DATA_HOME', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-xdg-'));
  try {
    const io = captureIo(dir);
    io.env = { XDG_DATA_HOME: join(dir, 'xdg'), HOME: join(dir, 'home') };
    assert.equal(await runCli(['list'], io), 0);
    assert.equal(io.out, '0 of 0 records\n');
    assert.ok(existsSync(join(dir, 'xdg', 'ecg-studio', 'library.db')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
