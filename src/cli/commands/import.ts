// `ecg-studio import <paths…>`: adds ECG files and folders to the library, one summary line per file.
import { relative, isAbsolute } from 'node:path';
import { importRecords, type ImportFileResult } from '../../pipeline/importRecords';
import { UsageError } from '../../shared/errors';
import { fsFileSource, sha256Parts } from '../../store/fileSource';
import { openCliLibrary } from '../openCliLibrary';
import { parseCommandArgs, type CliCommand, type CliIo } from '../command';

/** A path as the user would recognise it: relative to the working directory when below it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function line(r: ImportFileResult, io: CliIo): void {
  const path = displayPath(r.path, io.cwd);
  if (r.status === 'imported') io.stdout(`imported   ${path} (#${r.recordId}, ${r.format})\n`);
  else if (r.status === 'duplicate') io.stdout(`duplicate  ${path} (already in the library as #${r.recordId})\n`);
  else if (r.status === 'skipped') io.stdout(`skipped    ${path}: ${r.reason}\n`);
  else io.stderr(`error: ${path}: ${r.reason}\n`);
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'add ECG files or folders (recursively) to the local library',
  usage: 'ecg-studio import <paths…> [--db <library.db>] [--anonymize] [--verbose] [--json]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { db: { type: 'string' }, anonymize: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } },
      this.usage,
    );
    if (positionals.length === 0) throw new UsageError(`expected at least one file or folder\nusage: ${this.usage}`);
    const { lib, dbPath } = openCliLibrary(values.db, io);
    try {
      const summary = importRecords(positionals, {
        source: fsFileSource(io.cwd),
        store: lib,
        hash: sha256Parts,
        ...(values.anonymize ? { anonymize: true } : {}),
        onProgress: (event) => {
          if (values.json || event.type !== 'file') return;
          if (event.result.status !== 'skipped' || values.verbose) line(event.result, io);
        },
      });
      if (values.json) {
        io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        io.stdout(
          `${summary.imported} imported, ${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'}, ` +
            `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.skipped} skipped (library: ${dbPath})\n`,
        );
      }
      return summary.errors > 0 ? 1 : 0;
    } finally {
      lib.close();
    }
  },
};
