// IPC handlers generated from the API contract: one channel per call, sender checked, arguments validated.
import { API_CALLS, dispatchApiCall, ipcChannel, type ApiHandlers, type ApiResponse, type ApiCallName } from '../shared/api';

/** The part of Electron's IpcMainInvokeEvent the handlers look at. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The part of Electron's ipcMain the handlers need (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Scheme and host of the app's own pages (served by the main process, see electronMain.ts). */
export const APP_ORIGIN = 'app://ecg-studio';

/** Only the app's own top page may call the API: not other schemes, hosts, or remote content. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === 'app:' && url.host === 'ecg-studio';
  } catch {
    return false;
  }
}

/** Registers one handler per contract call; returns a function that removes them all. */
export function registerApiHandlers(ipcMain: IpcMainLike, handlers: ApiHandlers, trusted: (url: string | undefined) => boolean = isTrustedSender): () => void {
  const channels: string[] = [];
  for (const name of API_CALLS) {
    const channel = ipcChannel(name);
    ipcMain.handle(channel, async (event, ...args): Promise<ApiResponse<ApiCallName>> => {
      if (!trusted(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'unauthorized', message: `IPC call ${name} refused: the sender is not the ECG Studio window` } };
      }
      if (args.length > 1) return { ok: false, error: { code: 'invalid_argument', message: `${name} takes one argument object` } };
      return dispatchApiCall(handlers, name, args[0]);
    });
    channels.push(channel);
  }
  return () => {
    for (const c of channels) ipcMain.removeHandler(c);
  };
}
