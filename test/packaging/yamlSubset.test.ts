import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlSubset } from './yamlSubset';

test('parseYamlSubset: maps, block and flow sequences, maps in sequences, quotes and comments', () => {
  const doc = parseYamlSubset(
    [
      '# comment',
      'appId: org.x.app  # trailing',
      'productName: ECG Studio',
      'files:',
      '  - dist/**/*',
      "  - '!src/**'",
      'extra:',
      '  - from: models',
      '    to: models',
      'linux:',
      '  target: [AppImage, deb]',
      '  n: 3',
      '  ok: true',
      'top:',
      '- a',
      '- "b#c"',
    ].join('\n'),
  );
  assert.deepEqual(doc, {
    appId: 'org.x.app',
    productName: 'ECG Studio',
    files: ['dist/**/*', '!src/**'],
    extra: [{ from: 'models', to: 'models' }],
    linux: { target: ['AppImage', 'deb'], n: 3, ok: true },
    top: ['a', 'b#c'],
  });
});

test('parseYamlSubset: constructs outside the subset throw instead of parsing wrongly', () => {
  assert.throws(() => parseYamlSubset('a: 1\n   b: 2'), /unexpected indentation|unsupported/);
  assert.throws(() => parseYamlSubset('just text'), /unsupported YAML line/);
});
