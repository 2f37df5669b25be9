// Entry of the Electron main process (package.json "main"); importing it outside Electron does nothing.
import { join } from 'node:path';
import { startElectron } from './electronMain';

/** The package root: dist/src/main/main.js → three folders up; src/main/main.ts under tsx → two. */
export function packageRoot(dir: string = __dirname): string {
  return dir.includes(`${join('dist', 'src', 'main')}`) ? join(dir, '..', '..', '..') : join(dir, '..', '..');
}

if (process.versions['electron'] !== undefined && require.main === module) startElectron(packageRoot());
