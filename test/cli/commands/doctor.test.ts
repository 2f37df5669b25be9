import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
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

test('doctor: prints the backend, tfjs version, threads, SIMD and a hint to install tfjs-node', async () => {
  const io = captureIo();
  assert.equal(await runCli(['doctor', '--backend', 'wasm'], io), 0);
  assert.match(io.out, /^backend: +wasm$/m);
  assert.match(io.out, /^tfjs: +4\.\d+\.\d+/m);
  assert.match(io.out, /^threads: +1$/m);
  assert.match(io.out, /^SIMD: +(yes|no)$/m);
  assert.match(io.out, /tfjs-node/);
});

test('doctor --json: machine-readable backend record', async () => {
  const io = captureIo();
  assert.equal(await runCli(['doctor', '--json', '--backend', 'wasm'], io), 0);
  const info = JSON.parse(io.out) as { name: string; tfjsVersion: string; hints: string[] };
  assert.equal(info.name, 'wasm');
  assert.ok(info.hints.length > 0);
});

test('doctor: an unknown backend is a usage error (exit 2)', async () => {
  const io = captureIo();
  assert.equal(await runCli(['doctor', '--backend', 'gpu'], io), 2);
  assert.match(io.err, /unknown backend 'gpu'/);
});
