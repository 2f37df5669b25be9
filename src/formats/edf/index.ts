// Public API of the EDF/EDF+ format: reader (for the registry), read and write functions.
import type { FormatReader } from '../../shared/formatReader';
import type { FormatWriter } from '../writers';
import { readEdf, sniffEdf } from './readEdf';
import { writeEdf } from './writeEdf';

export { readEdf, parseEdfHeader, type EdfHeader, type EdfSignalHeader } from './readEdf';
export { writeEdf } from './writeEdf';

export const edfReader: FormatReader = {
  format: 'edf',
  title: 'EDF/EDF+',
  extensions: ['.edf'],
  sniff: (bytes) => sniffEdf(bytes),
  read: readEdf,
};

/** Writer entry for src/formats/writers.ts (`convert --to edf`). */
export const edfWriter: FormatWriter = {
  name: 'edf',
  extension: '.edf',
  write: (record, baseName) => [{ name: `${baseName}.edf`, bytes: writeEdf(record) }],
};
