import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';

export function captureIo(cwd = process.cwd()): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {},
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

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
