// Opens the library a command works on (--db or the default path); a library that cannot open names its file.
import { openLibrary, type Library } from '../store/library';
import { cliLibraryPath } from '../store/libraryPath';
import type { CliIo } from './command';
import { FileError } from './fileError';

export function openCliLibrary(dbOption: string | undefined, io: CliIo): { lib: Library; dbPath: string } {
  const dbPath = cliLibraryPath(dbOption, io);
  try {
    return { lib: openLibrary(dbPath), dbPath };
  } catch (err) {
    throw new FileError(dbPath, err);
  }
}
