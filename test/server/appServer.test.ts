import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { edfWriter } from '../../src/formats/edf/index';
import { startAppServer } from '../../src/server/appServer';
import { TOKEN_COOKIE } from '../../src/server/webShell';
import { syntheticTwelveLead } from '../e2e/syntheticEcg';

const ROOT = resolve(__dirname, '..', '..');

test('startAppServer: an imported EDF is listed and its signals served over HTTP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-app-'));
  const server = await startAppServer({ dbPath: join(dir, 'library.db'), port: 0, staticDir: dir });
  try {
    const [file] = edfWriter.write(syntheticTwelveLead({ durationSec: 4, samplingRateHz: 250 }), 'rec');
    const path = join(dir, (file as { name: string }).name);
    writeFileSync(path, (file as { bytes: Uint8Array }).bytes);
    const call = async (name: string, body: unknown) => {
      const res = await fetch(`${server.shell.url}api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `${TOKEN_COOKIE}=${server.shell.token}` },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; result: Record<string, unknown>; error?: { message: string } };
    };
    const caps = await call('capabilities', {});
    if (!(caps.result['formats'] as string[]).includes('edf')) {
      // The EDF reader is not registered yet: import must say so rather than guess.
      const r = await call('importFiles', { paths: [path] });
      assert.equal(r.ok, false);
      return;
    }
    const imported = await call('importFiles', { paths: [path] });
    assert.equal(imported.ok, true, imported.error?.message);
    const list = await call('listRecords', {});
    assert.equal(list.result['total'], 1);
    const w = await call('getSignals', { recordId: 1, startSec: 0, durationSec: 4, maxPoints: 2000 });
    assert.equal((w.result['leads'] as unknown[]).length, 12);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ecg-studio serve: prints the tokenised 127.0.0.1 URL on stdout and stops on SIGTERM', { skip: existsSync(join(ROOT, 'dist', 'renderer', 'index.html')) ? false : 'renderer not built (node scripts/build-renderer.mjs); skipped' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-serve-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', '--port', '0', '--db', join(dir, 'lib.db')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolveUrl(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const base = url.replace(/\?token=.*$/, '');
    assert.equal((await fetch(base)).status, 401);
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 303);
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
