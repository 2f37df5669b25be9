// Every format writer ECG Studio has, keyed by the name used on the command line (`--to`).
import type { EcgRecord } from '../shared/ecgRecord';
import type { WrittenFile } from '../shared/formatReader';
import { edfWriter } from './edf';
import { dicomWriter } from './dicom';
import { wfdbWriter } from './wfdb';
import { csvWriter } from './csv';

export interface FormatWriter {
  /** Name used with `convert --to`. */
  name: string;
  /** Extension of the main output file, with dot. */
  extension: string;
  /** Produces the output files for `record`, named from `baseName` (no extension). */
  write(record: EcgRecord, baseName: string): WrittenFile[];
}

export const FORMAT_WRITERS: readonly FormatWriter[] = [
  edfWriter,
  csvWriter,
  dicomWriter,
  wfdbWriter,
];

export function writerFor(name: string): FormatWriter | undefined {
  return FORMAT_WRITERS.find((w) => w.name === name);
}
