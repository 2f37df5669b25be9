// `npm start`: runs the desktop app with the local Electron binary, or says to use `ecg-studio serve` when there is none.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './main';

export const NO_ELECTRON_MESSAGE =
  'The Electron binary is not installed here; run `ecg-studio serve` (or `node bin/ecg-studio.js serve --open`) to use ECG Studio in your browser instead.';

/** Path of the Electron executable that `npm install electron` downloaded, or undefined when it is missing. */
export function electronBinary(root: string): string | undefined {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (!existsSync(pathFile)) return undefined;
  const exe = join(override ?? join(pkg, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

/** Starts Electron on the built main process; returns the exit code to use. */
export function launch(root: string = packageRoot(), log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const exe = electronBinary(root);
  if (exe === undefined) {
    log(NO_ELECTRON_MESSAGE);
    return Promise.resolve(1);
  }
  const child = spawn(exe, [join(root, 'dist', 'src', 'main', 'main.js')], { stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
}

if (require.main === module) {
  void launch().then((code) => {
    process.exitCode = code;
  });
}
