// An in-memory FileSource and two toy readers for import tests (no disk, no real formats).
import { createHash } from 'node:crypto';
import { emptyRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import type { FormatReader } from '../../../src/shared/formatReader';
import type { FileSource, HashParts } from '../../../src/shared/storeContracts';

const text = (s: string) => new TextEncoder().encode(s);

export function memorySource(files: Record<string, string | Uint8Array>): FileSource & { reads: string[] } {
  const map = new Map(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? text(v) : v]));
  const folderOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
  const reads: string[] = [];
  return {
    reads,
    expand(path) {
      if (map.has(path)) return { files: [path], isFolder: false };
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const found = [...map.keys()].filter((k) => k.startsWith(prefix)).sort();
      if (found.length === 0) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return { files: found, isFolder: true };
    },
    readBytes(path) {
      reads.push(path);
      const b = map.get(path);
      if (b === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return b;
    },
    readSibling: (path, name) => map.get(folderOf(path) + name),
    siblingPath: (path, name) => folderOf(path) + name,
  };
}

export const sha256: HashParts = (parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** 'TST <rateHz>\n<v>,<v>…' — one lead of values. */
export const tstReader: FormatReader = {
  format: 'csv',
  title: 'Test text',
  extensions: ['.tst'],
  sniff: (bytes) => (new TextDecoder().decode(bytes.subarray(0, 4)) === 'TST ' ? 1 : 0),
  read(bytes, ctx) {
    const [head, body = ''] = new TextDecoder().decode(bytes).split('\n');
    const rate = Number(head!.split(' ')[1]);
    const values = body.split(',').filter((v) => v !== '').map(Number);
    if (!(rate > 0) || values.some((v) => Number.isNaN(v))) {
      throw new FormatError({ format: 'csv', file: ctx.fileName, reason: 'bad test file' });
    }
    const name = ctx.fileName.replace(/^.*\//, '').replace(/\.tst$/, '');
    return emptyRecord({ format: 'csv', name, samplingRateHz: rate, samplesPerLead: values.length, leads: [{ name: 'I', originalName: 'I', unit: 'mV', samples: Float32Array.from(values) }] });
  },
};

/** 'HEA <datName> <rateHz>' — a header whose samples (one byte each, in mV) live in a sibling file. */
export const heaReader: FormatReader = {
  format: 'wfdb',
  title: 'Test header',
  extensions: ['.hea'],
  sniff: (bytes) => (new TextDecoder().decode(bytes.subarray(0, 4)) === 'HEA ' ? 1 : 0),
  read(bytes, ctx) {
    const [, datName = '', rate = '0'] = new TextDecoder().decode(bytes).trim().split(' ');
    const dat = ctx.readSibling?.(datName);
    if (dat === undefined) throw new FormatError({ format: 'wfdb', file: ctx.fileName, reason: `signal file ${datName} not found` });
    const name = ctx.fileName.replace(/^.*\//, '').replace(/\.hea$/, '');
    return emptyRecord({ format: 'wfdb', name, samplingRateHz: Number(rate), samplesPerLead: dat.length, leads: [{ name: 'II', originalName: 'II', unit: 'mV', samples: Float32Array.from(dat) }] });
  },
};

export const TEST_READERS: readonly FormatReader[] = [tstReader, heaReader];
