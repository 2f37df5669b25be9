import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runCli } from '../../../src/cli/main';
import { captureIo, libraryFixture, skipNoWriter } from './libraryFixture';

test('cli import: one line per file, duplicates on re-import, exit 1 when a file failed, 0 when none', { skip: skipNoWriter }, async () => {
  const { dir, db } = libraryFixture();
  try {
    const io = captureIo(dir);
    assert.equal(await runCli(['import', 'data', '--db', db], io), 1);
    assert.match(io.out, /^imported {3}data\/rec1\.hea \(#\d+, wfdb\)$/m);
    assert.match(io.out, /^imported {3}data\/sub\/rec3\.hea/m);
    assert.match(io.err, /^error: data\/broken\.hea: /m);
    assert.match(io.out, /^3 imported, 0 duplicates, 1 error, \d+ skipped/m);
    const again = captureIo(dir);
    assert.equal(await runCli(['import', 'data/rec1.hea', 'data/sub', '--db', db], again), 0);
    assert.match(again.out, /^2 imported|^0 imported, 2 duplicates, 0 errors/m);
    const missing = captureIo(dir);
    assert.equal(await runCli(['import', 'nothere.hea', '--db', db], missing), 1);
    assert.equal(missing.err, 'error: nothere.hea: no such file or directory\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
