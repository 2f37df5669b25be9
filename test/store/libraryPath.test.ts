import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliLibraryPath, defaultLibraryPath, resolveLibraryPath } from '../../src/store/libraryPath';

test('defaultLibraryPath: XDG_DATA_HOME when absolute, else ~/.local/share', () => {
  assert.equal(defaultLibraryPath({ XDG_DATA_HOME: '/data' }, '/home/u'), '/data/ecg-studio/library.db');
  assert.equal(defaultLibraryPath({ XDG_DATA_HOME: 'relative' }, '/home/u'), '/home/u/.local/share/ecg-studio/library.db');
  assert.equal(defaultLibraryPath({}, '/home/u'), '/home/u/.local/share/ecg-studio/library.db');
});

test('resolveLibraryPath/cliLibraryPath: --db is resolved against the working directory', () => {
  assert.equal(resolveLibraryPath('lib.db', '/work', {}, '/home/u'), '/work/lib.db');
  assert.equal(cliLibraryPath(undefined, { cwd: '/w', env: { HOME: '/h' } }), '/h/.local/share/ecg-studio/library.db');
});
