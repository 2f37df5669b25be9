// Locates ../shared/data (real public ECG data, never copied into the project) and skips tests without it.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Absolute path of the shared data folder: $ECG_SHARED_DATA, else ../shared/data beside the repository. */
export const SHARED_DATA_DIR = process.env['ECG_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', 'shared', 'data');

export const HAS_SHARED_DATA = existsSync(join(SHARED_DATA_DIR, 'MANIFEST.md'));

/** Value for node:test's `skip` option: false when the data is there, else a clear message. */
export function skipWithoutSharedData(subPath = ''): false | string {
  if (!HAS_SHARED_DATA) return `../shared/data not found at ${SHARED_DATA_DIR}; real-data test skipped`;
  if (subPath && !existsSync(join(SHARED_DATA_DIR, subPath))) return `${subPath} missing in ${SHARED_DATA_DIR}; skipped`;
  return false;
}

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA_DIR, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}
