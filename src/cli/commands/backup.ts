// `ecg-studio backup <file>`: a consistent copy of the library (VACUUM INTO), safe while the app is running.
import { resolve } from 'node:path';
import { UsageError } from '../../shared/errors';
import { backupLibrary } from '../../store/backup';
import { cliLibraryPath } from '../../store/libraryPath';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write a consistent copy of the library to a new file',
  usage: 'ecg-studio backup <file> [--db <library.db>]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { db: { type: 'string' } }, this.usage);
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one backup file name\nusage: ${this.usage}`);
    const dbPath = cliLibraryPath(values.db, io);
    const target = resolve(io.cwd, file);
    try {
      backupLibrary(dbPath, target);
    } catch (err) {
      throw new FileError(/already exists/.test(String(err)) ? file : dbPath, err);
    }
    io.stdout(`backed up ${dbPath} to ${target}\n`);
    return 0;
  },
};
