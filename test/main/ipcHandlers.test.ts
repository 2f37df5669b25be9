import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, registerApiHandlers, type IpcInvokeEventLike, type IpcMainLike } from '../../src/main/ipcHandlers';
import { createAppApi } from '../../src/pipeline/appApi';
import { API_CALLS, ipcChannel } from '../../src/shared/api';

/** A fake ipcMain that keeps the registered handlers so tests can invoke them. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      assert.ok(!handlers.has(channel), `channel ${channel} declared twice`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  return { ipc, handlers };
}

const fromApp: IpcInvokeEventLike = { senderFrame: { url: 'app://ecg-studio/index.html' } };

test('registerApiHandlers: one channel per contract call, removed again by the returned function', () => {
  const { ipc, handlers } = fakeIpcMain();
  const remove = registerApiHandlers(ipc, createAppApi({ hash: () => '', shell: 'electron' }).handlers);
  assert.deepEqual([...handlers.keys()].sort(), API_CALLS.map(ipcChannel).sort());
  assert.equal(handlers.size, API_CALLS.length);
  remove();
  assert.equal(handlers.size, 0);
});

test('registerApiHandlers: calls from the app page run, validated by the schema', async () => {
  const { ipc, handlers } = fakeIpcMain();
  registerApiHandlers(ipc, createAppApi({ hash: () => '', shell: 'electron' }).handlers);
  const caps = (await handlers.get(ipcChannel('capabilities'))?.(fromApp, {})) as { ok: boolean; result: { shell: string } };
  assert.equal(caps.ok, true);
  assert.equal(caps.result.shell, 'electron');
  const bad = (await handlers.get(ipcChannel('getSignals'))?.(fromApp, { recordId: -1, startSec: 0, durationSec: 1 })) as { ok: boolean; error: { code: string } };
  assert.deepEqual([bad.ok, bad.error.code], [false, 'invalid_argument']);
  const two = (await handlers.get(ipcChannel('capabilities'))?.(fromApp, {}, {})) as { ok: boolean; error: { code: string } };
  assert.equal(two.error.code, 'invalid_argument');
});

test('registerApiHandlers: senders other than the app page are refused before validation', async () => {
  const { ipc, handlers } = fakeIpcMain();
  registerApiHandlers(ipc, createAppApi({ hash: () => '', shell: 'electron' }).handlers);
  for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', 'devtools://devtools/', '']) {
    const r = (await handlers.get(ipcChannel('capabilities'))?.({ senderFrame: { url } }, {})) as { ok: boolean; error: { code: string } };
    assert.deepEqual([r.ok, r.error.code], [false, 'unauthorized'], url);
  }
  const noFrame = (await handlers.get(ipcChannel('capabilities'))?.({ senderFrame: null }, {})) as { ok: boolean };
  assert.equal(noFrame.ok, false);
});

test('isTrustedSender: only app://ecg-studio pages', () => {
  assert.equal(isTrustedSender('app://ecg-studio/index.html'), true);
  assert.equal(isTrustedSender('app://ecg-studio.evil/index.html'), false);
  assert.equal(isTrustedSender('not a url'), false);
  assert.equal(isTrustedSender(undefined), false);
});
