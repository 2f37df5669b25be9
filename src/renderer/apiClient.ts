// The renderer's only way out: the API contract over the Electron preload bridge or the web shell's HTTP + SSE.
import type { ApiCallName, ApiClient, ApiEvent, ApiFailure, ApiResponse, ApiResult, PreloadApi } from '../shared/api';

/** A failed call as the UI sees it: the contract's code and one sentence. */
export class ApiCallError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
  get code() {
    return this.failure.code;
  }
}

function unwrap<K extends ApiCallName>(response: ApiResponse<K>): ApiResult<K> {
  if (response.ok) return response.result;
  throw new ApiCallError(response.error);
}

/** The web shell: POST /api/<call> with the session cookie the first load set; events over SSE. */
export function httpClient(base = ''): ApiClient {
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | undefined;
  return {
    async call(name, args) {
      const res = await fetch(`${base}/api/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      if (res.status === 401) throw new ApiCallError({ code: 'unauthorized', message: 'This page is not authorised; open the address `ecg-studio serve` printed.' });
      const body = (await res.json()) as ApiResponse<typeof name>;
      return unwrap(body);
    },
    onEvent(listener) {
      listeners.add(listener);
      if (source === undefined) {
        source = new EventSource(`${base}/api/events`);
        source.onmessage = (msg) => {
          const event = JSON.parse(String(msg.data)) as ApiEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => listeners.delete(listener);
    },
  };
}

/** The Electron shell: one preload method per call. */
export function preloadClient(bridge: PreloadApi): ApiClient {
  return {
    async call(name, args) {
      const method = bridge[name] as (a: unknown) => Promise<ApiResponse<typeof name>>;
      return unwrap(await method(args));
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

/** Picks the transport: the preload bridge when Electron exposed one, HTTP otherwise. */
export function createClient(): ApiClient {
  const bridge = (globalThis as { ecgStudio?: PreloadApi }).ecgStudio;
  return bridge ? preloadClient(bridge) : httpClient();
}
