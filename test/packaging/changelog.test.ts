import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('CHANGELOG.md: Keep a Changelog layout with an entry for the package.json version', () => {
  const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  assert.match(text, /^# Changelog\n/);
  assert.match(text, /keepachangelog\.com/);
  assert.match(text, /^## \[Unreleased\]$/m);
  assert.match(
    text,
    new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - (Unreleased|\\d{4}-\\d{2}-\\d{2})$`, 'm'),
  );
  const kinds = [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  for (const k of kinds)
    assert.ok(
      ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security', 'Notes'].includes(k as string),
      k,
    );
});
