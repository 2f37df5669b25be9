import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../helpers/cliIo';

test('runCli: unknown command gives one error line and exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['frobnicate'], io), 2);
  assert.match(io.err, /^error: unknown command 'frobnicate'/);
  assert.equal(io.err.trim().split('\n').length, 1);
});

test('runCli: missing file gives error: <file>: <reason> and exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['inspect', '/nonexistent/x.hea'], io), 2);
  assert.equal(io.err, 'error: /nonexistent/x.hea: no such file or directory\n');
});

test('runCli: --version prints the package version', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--version'], io), 0);
  assert.match(io.out, /^\d+\.\d+\.\d+\n$/);
});

test('ecg-studio process: a corrupt file exits 2 with one error line and no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-'));
  const bad = join(dir, 'bad.edf');
  writeFileSync(bad, '0       garbage');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inspect', bad], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+\n$`));
  assert.equal(r.stdout, '');
});
