// `ecg-studio export-dataset --out dir`: reviewed records as WFDB files plus labels.csv, for training.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exportDataset } from '../../pipeline/datasetExport';
import { writerFor } from '../../formats/writers';
import { UsageError } from '../../shared/errors';
import { openCliLibrary } from '../openCliLibrary';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';

export const exportDatasetCommand: CliCommand = {
  name: 'export-dataset',
  summary: 'export reviewed records (latest review wins) as WFDB records + labels.csv',
  usage: 'ecg-studio export-dataset --out <dir> [--db <library.db>]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { db: { type: 'string' }, out: { type: 'string', short: 'o' } }, this.usage);
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\nusage: ${this.usage}`);
    if (values.out === undefined) throw new UsageError(`--out is required\nusage: ${this.usage}`);
    const writer = writerFor('wfdb');
    if (writer === undefined) throw new UsageError('this build has no WFDB writer, so datasets cannot be exported');
    const outDir = resolve(io.cwd, values.out);
    const { lib } = openCliLibrary(values.db, io);
    try {
      const result = exportDataset(lib, writer, {
        writeFile(relativePath, bytes) {
          const target = join(outDir, ...relativePath.split('/'));
          try {
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, bytes);
          } catch (err) {
            throw new FileError(target, err);
          }
        },
      });
      io.stdout(`exported ${result.records} reviewed record${result.records === 1 ? '' : 's'} (${result.files.length} files) to ${outDir}\n`);
      return 0;
    } finally {
      lib.close();
    }
  },
};
