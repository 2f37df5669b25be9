// Reading ECG files from disk into records and writing converted files: the file-system edge of the readers.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { detectFormat } from '../formats/detect';
import type { EcgRecord } from '../shared/ecgRecord';
import type { FormatReader, WrittenFile } from '../shared/formatReader';

/** Largest single file we read into memory (a 24 h 12-lead Holter at 1 kHz, 16 bit, is ~2 GB). */
export const MAX_FILE_BYTES = 4 * 1024 ** 3;

/** Reads a whole file, refusing directories and files over `maxBytes` before allocating. */
export function readFileBytes(path: string, maxBytes = MAX_FILE_BYTES): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.size > maxBytes) throw new Error(`file is ${st.size} bytes, larger than the ${maxBytes}-byte limit`);
    const out = new Uint8Array(st.size);
    let off = 0;
    while (off < out.length) {
      const n = readSync(fd, out, off, out.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === out.length ? out : out.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** A sibling resolver for readers: files in the same folder (or below it), never outside. */
export function siblingResolver(path: string): (name: string) => Uint8Array | undefined {
  const folder = dirname(resolve(path));
  return (name: string) => {
    const target = resolve(folder, name);
    if (!target.startsWith(folder)) return undefined;
    try {
      if (!statSync(target).isFile()) return undefined;
    } catch {
      return undefined;
    }
    return readFileBytes(target);
  };
}

export interface LoadedRecord {
  record: EcgRecord;
  reader: FormatReader;
  bytes: Uint8Array;
}

/** Detects the format of the file at `path` and reads it; throws FormatError or fs errors. */
export function readRecordFile(path: string, options: { anonymize?: boolean; samplingRateHz?: number } = {}): LoadedRecord {
  const bytes = readFileBytes(path);
  const reader = detectFormat(bytes, path);
  const record = reader.read(bytes, {
    fileName: path,
    readSibling: siblingResolver(path),
    ...(options.anonymize === undefined ? {} : { anonymize: options.anonymize }),
    ...(options.samplingRateHz === undefined ? {} : { samplingRateHz: options.samplingRateHz }),
  });
  return { record, reader, bytes };
}

/**
 * Writes a writer's files. `outPath` names the main output; for multi-file formats (WFDB) the other
 * files go beside it. Returns the paths written.
 */
export function writeOutputFiles(outPath: string, files: readonly WrittenFile[]): string[] {
  const folder = dirname(resolve(outPath));
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const target = join(folder, file.name);
    writeFileSync(target, file.bytes);
    written.push(target);
  }
  return written;
}

/** Record name for writers from an output path: '/x/rec01.hea' → 'rec01'. */
export function recordNameFromPath(outPath: string): string {
  return basename(outPath, extname(outPath));
}
