// Reads the record a command names, turning every failure into `error: <file>: <reason>`.
import type { EcgRecord } from '../shared/ecgRecord';
import { readRecordFile } from '../store/recordFiles';
import { rateOption } from './command';
import { FileError } from './fileError';

export function readCliRecord(file: string, rate?: string, options: { anonymize?: boolean } = {}): EcgRecord {
  try {
    return readRecordFile(file, { ...options, ...rateOption(rate) }).record;
  } catch (err) {
    throw new FileError(file, err);
  }
}
