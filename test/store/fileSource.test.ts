import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsFileSource, sha256Parts } from '../../src/store/fileSource';

test('fsFileSource: folders expand recursively and sorted, hidden entries and link cycles skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-src-'));
  try {
    mkdirSync(join(dir, 'b', 'c'), { recursive: true });
    writeFileSync(join(dir, 'z.hea'), 'z');
    writeFileSync(join(dir, 'b', 'c', 'a.dat'), 'a');
    writeFileSync(join(dir, '.hidden'), 'h');
    symlinkSync(dir, join(dir, 'b', 'loop'));
    const source = fsFileSource(dir);
    const { files, isFolder } = source.expand('.');
    assert.equal(isFolder, true);
    assert.deepEqual(files, [join(dir, 'b', 'c', 'a.dat'), join(dir, 'z.hea')]);
    assert.deepEqual(source.expand('z.hea'), { files: [join(dir, 'z.hea')], isFolder: false });
    assert.throws(() => source.expand('missing'), { code: 'ENOENT' });
    assert.equal(new TextDecoder().decode(source.readSibling(join(dir, 'x.dat'), 'z.hea')), 'z');
    assert.equal(source.readSibling(join(dir, 'b', 'c', 'a.dat'), '../../z.hea'), undefined, 'only the folder and below');
    assert.equal(source.readSibling(join(dir, 'z.hea'), '../../etc/passwd'), undefined, 'never outside the folder');
    assert.equal(source.siblingPath(join(dir, 'z.hea'), 'z.dat'), join(dir, 'z.dat'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sha256Parts: equals SHA-256 of the concatenation (FIPS 180-4 test vector "abc")', () => {
  const enc = new TextEncoder();
  assert.equal(sha256Parts([enc.encode('a'), enc.encode('bc')]), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
