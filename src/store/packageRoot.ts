// Finds the installed ecg-studio package folder (for its version, bundled assets and models).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ecg-studio') return dir;
      } catch {
        // not ours; keep going up
      }
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Folder holding package.json, assets/ and models/ (the repository root in development). */
export const PACKAGE_ROOT = findRoot();

export function packageVersion(): string {
  try {
    const v = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Path of a bundled file: assets/… or models/…; packaged apps keep them as extra resources beside the app. */
export function bundledPath(...parts: string[]): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(join(resources, ...parts))) return join(resources, ...parts);
  return join(PACKAGE_ROOT, ...parts);
}
