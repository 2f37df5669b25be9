// Public API of the CSV format: reader (for the registry), read and write functions.
import type { FormatReader } from '../../shared/formatReader';
import type { FormatWriter } from '../writers';
import { readCsv, sniffCsv } from './readCsv';
import { writeCsv } from './writeCsv';

export { readCsv, type CsvReadOptions } from './readCsv';
export { writeCsv } from './writeCsv';

export const csvReader: FormatReader = {
  format: 'csv',
  title: 'CSV / delimited text',
  extensions: ['.csv', '.tsv', '.txt'],
  sniff: sniffCsv,
  read: (bytes, ctx) => readCsv(bytes, ctx),
};

/** Writer entry for src/formats/writers.ts (`convert --to csv`). */
export const csvWriter: FormatWriter = {
  name: 'csv',
  extension: '.csv',
  write: (record, baseName) => [{ name: `${baseName}.csv`, bytes: writeCsv(record) }],
};
