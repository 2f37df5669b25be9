import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPreloadApi } from '../../src/preload/preloadApi';
import { API_CALLS, IPC_EVENT_CHANNEL, ipcChannel, type ApiEvent } from '../../src/shared/api';

function fakeIpcRenderer() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipc = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      return { ok: true, result: channel };
    },
    on(channel: string, l: (...a: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(l);
      return ipc;
    },
    removeListener(channel: string, l: (...a: unknown[]) => void) {
      listeners.get(channel)?.delete(l);
      return ipc;
    },
  };
  return { ipc, invoked, listeners };
}

test('buildPreloadApi: exactly one method per contract call plus onEvent, frozen', async () => {
  const { ipc, invoked } = fakeIpcRenderer();
  const api = buildPreloadApi(ipc as never);
  assert.deepEqual(Object.keys(api).sort(), [...API_CALLS, 'onEvent'].sort());
  assert.ok(Object.isFrozen(api));
  await api.getRecord({ recordId: 3 });
  assert.deepEqual(invoked, [[ipcChannel('getRecord'), [{ recordId: 3 }]]]);
});

test('buildPreloadApi: onEvent forwards events without the IPC event object and unsubscribes', () => {
  const { ipc, listeners } = fakeIpcRenderer();
  const api = buildPreloadApi(ipc as never);
  const got: ApiEvent[] = [];
  const off = api.onEvent((e) => got.push(e));
  const ev: ApiEvent = { type: 'library', change: 'records' };
  for (const l of listeners.get(IPC_EVENT_CHANNEL) ?? []) l({ sender: 'secret' }, ev);
  assert.deepEqual(got, [ev]);
  off();
  assert.equal(listeners.get(IPC_EVENT_CHANNEL)?.size, 0);
});
