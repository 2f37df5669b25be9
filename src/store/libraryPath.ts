// Where the library lives: --db when given, else $XDG_DATA_HOME/ecg-studio/library.db, else ~/.local/share/….
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const LIBRARY_FILE_NAME = 'library.db';

/** The CLI's library path (XDG Base Directory spec: XDG_DATA_HOME must be absolute to count). */
export function defaultLibraryPath(env: Record<string, string | undefined>, homeDir: string): string {
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homeDir, '.local', 'share');
  return join(base, 'ecg-studio', LIBRARY_FILE_NAME);
}

export function resolveLibraryPath(dbOption: string | undefined, cwd: string, env: Record<string, string | undefined>, homeDir: string): string {
  return dbOption === undefined ? defaultLibraryPath(env, homeDir) : resolve(cwd, dbOption);
}

/** The library path for a CLI run: `--db` resolved against the working directory, else the XDG default. */
export function cliLibraryPath(dbOption: string | undefined, io: { cwd: string; env: Record<string, string | undefined> }): string {
  return resolveLibraryPath(dbOption, io.cwd, io.env, io.env['HOME'] ?? homedir());
}
