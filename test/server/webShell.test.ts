import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppApi } from '../../src/pipeline/appApi';
import type { ApiEvent } from '../../src/shared/api';
import { CONTENT_SECURITY_POLICY, startWebShell, TOKEN_COOKIE, type WebShell } from '../../src/server/webShell';

let shell: WebShell;
let dir: string;
const listeners = new Set<(e: ApiEvent) => void>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecg-webshell-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'app.js'), 'void 0;');
  writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
  const api = createAppApi({ hash: () => 'x', shell: 'test' });
  shell = await startWebShell({
    handlers: api.handlers,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    staticDir: dir,
    port: 0,
  });
});

after(async () => {
  await shell.close();
  rmSync(dir, { recursive: true, force: true });
});

const cookie = () => `${TOKEN_COOKIE}=${shell.token}`;

function post(call: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${shell.url}api/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie(), ...headers },
    body: JSON.stringify(body),
  });
}

test('webShell: listens on 127.0.0.1 with a random port and a 256-bit token', () => {
  assert.match(shell.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.notEqual(shell.port, 0);
  assert.equal(Buffer.from(shell.token, 'base64url').length, 32);
  assert.equal(shell.openUrl, `${shell.url}?token=${shell.token}`);
});

test('webShell: every path without the token is 401, with the CSP header and no CORS', async () => {
  for (const path of ['', 'index.html', 'app.js', 'api/events']) {
    const res = await fetch(`${shell.url}${path}`);
    assert.equal(res.status, 401, path);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
  assert.equal((await post('capabilities', {}, { Cookie: `${TOKEN_COOKIE}=wrong` })).status, 401);
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
});

test('webShell: the token in the query sets an HttpOnly SameSite=Strict cookie and redirects without it', async () => {
  const res = await fetch(shell.openUrl, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  assert.equal(res.headers.get('set-cookie'), `${TOKEN_COOKIE}=${shell.token}; Path=/; HttpOnly; SameSite=Strict`);
  const page = await fetch(shell.url, { headers: { Cookie: cookie() } });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  const bearer = await fetch(`${shell.url}app.js`, { headers: { Authorization: `Bearer ${shell.token}` } });
  assert.equal(bearer.status, 200);
  assert.match(bearer.headers.get('content-type') ?? '', /javascript/);
});

test('webShell: the query token is not accepted on POST', async () => {
  const res = await fetch(`${shell.url}api/capabilities?token=${shell.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 401);
});

test('webShell: a foreign Host header (DNS rebinding) is refused', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shell.port, path: '/', headers: { Host: 'evil.example:80', Cookie: cookie() } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});

test('webShell: static files cannot escape the renderer folder', async () => {
  for (const path of ['..%2Foutside-secret.txt', '%2e%2e/outside-secret.txt', 'missing.js']) {
    const res = await fetch(`${shell.url}${path}`, { headers: { Cookie: cookie() } });
    assert.equal(res.status, 404, path);
  }
});

test('webShell: API calls are validated against the contract', async () => {
  const caps = (await (await post('capabilities', {})).json()) as { ok: boolean; result: { shell: string } };
  assert.equal(caps.ok, true);
  assert.equal(caps.result.shell, 'test');
  const bad = await post('getSignals', { recordId: 'x', startSec: 0, durationSec: 1 });
  assert.equal(bad.status, 400);
  const badBody = (await bad.json()) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(badBody.error.code, 'invalid_argument');
  assert.match(badBody.error.message, /recordId/);
  const extra = await post('capabilities', { sneaky: 1 });
  assert.equal(extra.status, 400);
  const unknown = await post('dropTables', {});
  assert.equal(unknown.status, 404);
  const notYet = await post('listRecords', {});
  assert.equal(notYet.status, 501);
  assert.equal(((await notYet.json()) as { error: { code: string } }).error.code, 'not_available');
});

test('webShell: API calls need POST with application/json', async () => {
  const get = await fetch(`${shell.url}api/capabilities`, { headers: { Cookie: cookie() } });
  assert.equal(get.status, 405);
  const form = await fetch(`${shell.url}api/capabilities`, { method: 'POST', headers: { Cookie: cookie(), 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(form.status, 415);
  const broken = await fetch(`${shell.url}api/capabilities`, { method: 'POST', headers: { Cookie: cookie(), 'Content-Type': 'application/json' }, body: '{' });
  assert.equal(broken.status, 400);
});

test('webShell: progress events arrive over server-sent events', async () => {
  const controller = new AbortController();
  const res = await fetch(`${shell.url}api/events`, { headers: { Cookie: cookie() }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value);
  for (const l of listeners) l({ type: 'import', done: 1, total: 2, file: 'a.edf', status: 'imported' });
  while (!text.includes('data: ')) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  controller.abort();
  const data = /data: (.*)\n\n/.exec(text)?.[1];
  assert.deepEqual(JSON.parse(data ?? 'null'), { type: 'import', done: 1, total: 2, file: 'a.edf', status: 'imported' });
});
