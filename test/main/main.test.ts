import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mainModule from '../../src/main/main';
import { launch, NO_ELECTRON_MESSAGE } from '../../src/main/launch';
import { appUrlToFile, ELECTRON_CSP } from '../../src/main/electronMain';

test('main: loads outside Electron without requiring electron', () => {
  assert.equal(typeof mainModule.packageRoot, 'function');
  const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\/]electron[\\/]/.test(k));
  assert.deepEqual(loaded, []);
});

test('launch: without the Electron binary prints one sentence pointing to ecg-studio serve, exit 1', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ecg-launch-'));
  try {
    const lines: string[] = [];
    assert.equal(await launch(root, (l) => lines.push(l)), 1);
    assert.deepEqual(lines, [NO_ELECTRON_MESSAGE]);
    assert.match(NO_ELECTRON_MESSAGE, /ecg-studio serve/);
    assert.equal(NO_ELECTRON_MESSAGE.split(/[.;] /).length <= 2, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('appUrlToFile: app:// paths map inside the renderer folder only', () => {
  assert.equal(appUrlToFile('app://ecg-studio/', '/r'), '/r/index.html');
  assert.equal(appUrlToFile('app://ecg-studio/app.js', '/r'), '/r/app.js');
  assert.equal(appUrlToFile('app://ecg-studio/..%2F..%2Fetc%2Fpasswd', '/r'), undefined);
  assert.equal(appUrlToFile('app://other/app.js', '/r'), undefined);
  assert.equal(appUrlToFile('file:///r/app.js', '/r'), undefined);
  assert.match(ELECTRON_CSP, /default-src 'self'/);
  assert.doesNotMatch(ELECTRON_CSP, /unsafe/);
});
