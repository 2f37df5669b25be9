// The bridge object the preload exposes: one method per API call over its declared IPC channel, plus events.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { API_CALL_NAMES, IPC_EVENT_CHANNEL, ipcChannel } from '../shared/apiChannels';
import type { ApiEvent, PreloadApi } from '../shared/api';

/** Builds the frozen bridge (separate from exposing it, so tests can check it with a fake ipcRenderer). */
export function buildPreloadApi(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): PreloadApi {
  const api: Record<string, unknown> = {};
  for (const name of API_CALL_NAMES) {
    // Exactly one argument object crosses the bridge; the main process validates it against the schema.
    api[name] = (args: unknown) => ipc.invoke(ipcChannel(name), args);
  }
  api['onEvent'] = (listener: (event: ApiEvent) => void) => {
    const wrapped = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipc.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipc.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  };
  return Object.freeze(api) as PreloadApi;
}
