// Reading a model package folder's manifest.json for the registry (name, version, metrics).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ModelPackageInfo {
  name: string;
  version: string;
  path: string;
  manifest: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/** Reads `<folder>/manifest.json`; it must be a JSON object with string `name` and `version`. */
export function readModelPackage(folder: string): ModelPackageInfo {
  const path = resolve(folder);
  if (!statSync(path).isDirectory()) throw new Error('a model package is a folder holding manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('the folder has no manifest.json');
    throw new Error(`manifest.json is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new Error('manifest.json is not a JSON object');
  const m = manifest as Record<string, unknown>;
  const name = m['name'];
  const version = m['version'];
  if (typeof name !== 'string' || name.trim() === '') throw new Error('manifest.json has no "name" string');
  if (typeof version !== 'string' || version.trim() === '') throw new Error('manifest.json has no "version" string');
  const metrics = m['metrics'];
  return {
    name,
    version,
    path,
    manifest: m,
    metrics: typeof metrics === 'object' && metrics !== null && !Array.isArray(metrics) ? (metrics as Record<string, unknown>) : {},
  };
}
