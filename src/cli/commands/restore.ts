// `ecg-studio restore <file>`: replaces the library with a checked backup, keeping the replaced file aside.
import { resolve } from 'node:path';
import { UsageError } from '../../shared/errors';
import { restoreLibrary } from '../../store/backup';
import { cliLibraryPath } from '../../store/libraryPath';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'replace the library with a backup (the current library is kept beside it)',
  usage: 'ecg-studio restore <file> [--db <library.db>]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { db: { type: 'string' } }, this.usage);
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one backup file\nusage: ${this.usage}`);
    const dbPath = cliLibraryPath(values.db, io);
    let result;
    try {
      result = restoreLibrary(resolve(io.cwd, file), dbPath);
    } catch (err) {
      throw new FileError(file, err);
    }
    io.stdout(`restored ${dbPath} from ${file} (schema ${result.schemaVersion})${result.keptAs ? `; previous library kept as ${result.keptAs}` : ''}\n`);
    return 0;
  },
};
