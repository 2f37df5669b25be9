// JSON columns: what goes in (typed arrays dropped, bigints as numbers) and what comes out (with a fallback).

/** JSON text of a value for a TEXT column; typed arrays (samples) never go into JSON columns. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) return undefined;
    if (typeof v === 'bigint') return Number(v);
    return v;
  });
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}
