import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';

test('settings: set, overwrite, read one and all', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  assert.equal(lib.getSetting('theme'), undefined);
  lib.setSetting('theme', 'dark');
  lib.setSetting('theme', 'light');
  lib.setSetting('backend', 'wasm');
  assert.equal(lib.getSetting('theme'), 'light');
  assert.deepEqual(lib.settings.all(), { backend: 'wasm', theme: 'light' });
  lib.close();
});
