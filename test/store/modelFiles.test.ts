import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelPackageDir, writeModelPackageDir } from '../../src/store/modelFiles';

test('modelFiles: a package folder written and read back holds the same bytes, no temporary files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-model-'));
  try {
    const files = { 'model.json': new TextEncoder().encode('{}'), 'weights.bin': new Uint8Array([1, 2, 3, 255]) };
    writeModelPackageDir(join(dir, 'pkg'), files);
    assert.deepEqual(readdirSync(join(dir, 'pkg')).sort(), ['model.json', 'weights.bin']);
    const back = readModelPackageDir(join(dir, 'pkg'));
    assert.deepEqual(Object.keys(back).sort(), ['model.json', 'weights.bin']);
    assert.deepEqual(Array.from(back['weights.bin']!), [1, 2, 3, 255]);
    assert.throws(() => writeModelPackageDir(dir, { '../evil': new Uint8Array(1) }), /refusing package file name/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
