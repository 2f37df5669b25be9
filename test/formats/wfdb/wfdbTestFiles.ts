// Test helper: reads WFDB records from a folder on disk through readWfdb, as the store edge does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readWfdb, type ReadWfdbOptions } from '../../../src/formats/wfdb/readWfdb';
import type { EcgRecord } from '../../../src/shared/ecgRecord';
import type { ReadContext } from '../../../src/shared/formatReader';

/** A ReadContext for a file on disk, with a sibling reader confined to its folder. */
export function diskContext(path: string): ReadContext {
  const dir = dirname(path);
  return {
    fileName: path,
    readSibling: (name) => {
      const p = join(dir, name);
      return existsSync(p) && statSync(p).isFile() ? new Uint8Array(readFileSync(p)) : undefined;
    },
  };
}

/** Reads the record whose header (or signal file) is at `path`. */
export function readWfdbFile(path: string, options: ReadWfdbOptions = {}): EcgRecord {
  return readWfdb(new Uint8Array(readFileSync(path)), diskContext(path), options);
}

/** A ReadContext over in-memory files (name → bytes), for fixtures built in the test. */
export function memoryContext(fileName: string, files: Record<string, Uint8Array>): ReadContext {
  return { fileName, readSibling: (name) => files[basename(name)] };
}
