import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from './libraryFixture';

test('cli review: bad id, unknown record and missing reviewer are one-line usage errors (exit 2)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-review-'));
  try {
    const db = join(dir, 'library.db');
    const bad = captureIo(dir);
    assert.equal(await runCli(['review', 'abc', '--labels', 'AF', '--db', db], bad), 2);
    assert.equal(bad.err, "error: 'abc' is not a record id\n");
    const unknown = captureIo(dir);
    assert.equal(await runCli(['review', '#7', '--labels', 'AF', '--db', db], unknown), 2);
    assert.equal(unknown.err, 'error: no record 7 in the library\n');
    const anonymous = captureIo(dir);
    anonymous.env = {};
    assert.equal(await runCli(['review', '1', '--labels', 'AF', '--db', db], anonymous), 2);
    assert.match(anonymous.err, /give --reviewer NAME/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
