import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelPackage } from '../../src/store/modelPackage';

test('readModelPackage: name, version and metrics from manifest.json; clear errors otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-pkg-'));
  try {
    assert.throws(() => readModelPackage(dir), /no manifest.json/);
    writeFileSync(join(dir, 'manifest.json'), '{ broken');
    assert.throws(() => readModelPackage(dir), /not valid JSON/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'net' }));
    assert.throws(() => readModelPackage(dir), /no "version" string/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'net', version: '1.0', metrics: { auroc: 0.9 }, classes: ['A'] }));
    const pkg = readModelPackage(dir);
    assert.deepEqual([pkg.name, pkg.version, pkg.path, pkg.metrics], ['net', '1.0', dir, { auroc: 0.9 }]);
    assert.deepEqual(pkg.manifest['classes'], ['A']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
