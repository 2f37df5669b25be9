// The program version, read once from package.json (the single place it is written).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function findVersion(): string {
  for (const up of ['..', '../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ecg-studio' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next folder up
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
