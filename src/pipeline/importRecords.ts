// Import use case: files and folders in, one library record per ECG file out, with de-duplication and a per-file result.
import { detectFormat } from '../formats/detect';
import { FORMAT_READERS } from '../formats/registry';
import { validateRecord, type EcgFormat } from '../shared/ecgRecord';
import { describeError, FormatError } from '../shared/errors';
import type { FormatReader } from '../shared/formatReader';
import type { FileSource, HashParts, RecordWriter } from '../shared/storeContracts';

export type ImportStatus = 'imported' | 'duplicate' | 'error' | 'skipped';

export interface ImportFileResult {
  path: string;
  status: ImportStatus;
  /** Library id: the new record, or the one it duplicates. */
  recordId?: number;
  format?: EcgFormat;
  /** Why it failed or was skipped, one sentence. */
  reason?: string;
  /** Other files the reader used (WFDB .dat, multi-segment parts). */
  siblings?: string[];
}

export type ImportProgress =
  | { type: 'start'; total: number }
  | { type: 'file'; index: number; total: number; result: ImportFileResult }
  | { type: 'done'; summary: ImportSummary };

export interface ImportSummary {
  results: ImportFileResult[];
  imported: number;
  duplicates: number;
  errors: number;
  skipped: number;
}

export interface ImportOptions {
  source: FileSource;
  store: RecordWriter;
  /** SHA-256 over byte parts (node:crypto at the edge). */
  hash: HashParts;
  /** Readers to detect formats with (the registry by default). */
  readers?: readonly FormatReader[];
  /** Leave patient identifiers out of the stored records. */
  anonymize?: boolean;
  onProgress?: (event: ImportProgress) => void;
}

interface Candidate {
  path: string;
  /** Named on the command line (errors are reported) rather than found in a folder (unknown files are skipped). */
  explicit: boolean;
}

const utf8 = new TextEncoder();

function splitPath(path: string): { folder: string; stem: string; ext: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const folder = path.slice(0, cut + 1);
  const base = path.slice(cut + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? { folder, stem: base, ext: '' } : { folder, stem: base.slice(0, dot), ext: base.slice(dot).toLowerCase() };
}

/**
 * What a WFDB header names (WFDB header spec, record line and signal/segment lines): whether it is a
 * multi-segment record ('name/nseg …') and the other files it uses — signal files, or segment headers.
 * Only a cheap look to keep those files from being imported on their own; the reader does the real parsing.
 */
export function wfdbHeaderParts(bytes: Uint8Array): { multiSegment: boolean; files: string[] } {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 256 * 1024));
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const record = (lines[0] ?? '').split(/\s+/);
  const [, segmentsText] = (record[0] ?? '').split('/');
  const multiSegment = segmentsText !== undefined;
  const count = Number(multiSegment ? segmentsText : record[1] ?? '0');
  if (!Number.isInteger(count) || count < 0) return { multiSegment, files: [] };
  const files = new Set<string>();
  for (const line of lines.slice(1, 1 + count)) {
    const first = line.split(/\s+/)[0] ?? '';
    if (first === '' || first === '~' || first.includes('/') || first.includes('\\')) continue;
    files.add(multiSegment ? `${first}.hea` : first);
  }
  return { multiSegment, files: [...files] };
}

/**
 * Expands paths into candidate files: folders recursively; files that belong to a WFDB header in the same
 * folder (.dat, .atr, …) are not candidates of their own; multi-segment headers go first so their segments
 * are read through them.
 */
function collectCandidates(paths: readonly string[], source: FileSource, results: ImportFileResult[]): Candidate[] {
  const seen = new Set<string>();
  const found: Candidate[] = [];
  for (const input of paths) {
    let expanded;
    try {
      expanded = source.expand(input);
    } catch (err) {
      results.push({ path: input, status: 'error', reason: describeError(err) });
      continue;
    }
    for (const path of expanded.files) {
      if (seen.has(path)) continue;
      seen.add(path);
      found.push({ path, explicit: !expanded.isFolder });
    }
  }
  // Files a header in the same folder names, or that share its stem (.dat, .atr, .qrs…), belong to it.
  const owner = new Map<string, string>();
  const multi: Candidate[] = [];
  const single: Candidate[] = [];
  for (const c of found) {
    const p = splitPath(c.path);
    if (p.ext !== '.hea') continue;
    owner.set(p.folder + p.stem, `${p.stem}.hea`);
    let parts = { multiSegment: false, files: [] as string[] };
    try {
      parts = wfdbHeaderParts(source.readBytes(c.path));
    } catch {
      // the import itself reports the read error
    }
    for (const name of parts.files) owner.set(source.siblingPath(c.path, name), `${p.stem}.hea`);
    (parts.multiSegment ? multi : single).push(c);
  }
  const others: Candidate[] = [];
  const ownedBy = (c: Candidate): string | undefined => {
    const p = splitPath(c.path);
    const byName = owner.get(c.path);
    if (byName !== undefined && byName !== `${p.stem}${p.ext}`) return byName;
    return p.ext === '.hea' ? undefined : owner.get(p.folder + p.stem);
  };
  const kept = (list: Candidate[]) =>
    list.filter((c) => {
      const by = ownedBy(c);
      if (by === undefined) return true;
      results.push({ path: c.path, status: 'skipped', reason: `part of the WFDB record ${by}` });
      return false;
    });
  for (const c of found) {
    const p = splitPath(c.path);
    if (p.ext === '.hea') continue;
    if (ownedBy(c) === undefined && c.explicit && p.ext !== '' && source.readSibling(c.path, `${p.stem}.hea`) !== undefined) {
      results.push({ path: c.path, status: 'skipped', reason: `part of the WFDB record ${p.stem}.hea; import the .hea file` });
    } else {
      others.push(c);
    }
  }
  const keptMulti = kept(multi);
  const keptSingle = kept(single);
  const keptOthers = kept(others);
  return [...keptMulti, ...keptSingle, ...keptOthers];
}

/**
 * Imports every ECG file under `paths`. Each record goes in with one store transaction, so a file that fails
 * leaves nothing behind and never stops the batch. Duplicates are found by the SHA-256 of the file and
 * the sibling files its reader used.
 */
export function importRecords(paths: readonly string[], options: ImportOptions): ImportSummary {
  const { source, store, hash } = options;
  const readers = options.readers ?? FORMAT_READERS;
  const results: ImportFileResult[] = [];
  const candidates = collectCandidates(paths, source, results);
  // Paths that could not be listed and header siblings are reported first, then each candidate as it is done.
  const early = results.length;
  const total = early + candidates.length;
  options.onProgress?.({ type: 'start', total });
  results.forEach((result, index) => options.onProgress?.({ type: 'file', index, total, result }));
  const consumed = new Map<string, string>();

  candidates.forEach((candidate, i) => {
    const result = importOne(candidate, consumed, readers, options, source, store, hash);
    results.push(result);
    options.onProgress?.({ type: 'file', index: early + i, total, result });
  });

  const summary: ImportSummary = {
    results,
    imported: results.filter((r) => r.status === 'imported').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    errors: results.filter((r) => r.status === 'error').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  };
  options.onProgress?.({ type: 'done', summary });
  return summary;
}

function importOne(
  candidate: Candidate,
  consumed: Map<string, string>,
  readers: readonly FormatReader[],
  options: ImportOptions,
  source: FileSource,
  store: RecordWriter,
  hash: HashParts,
): ImportFileResult {
  const { path } = candidate;
  const owner = consumed.get(path);
  if (owner !== undefined) return { path, status: 'skipped', reason: `read as part of ${owner}` };
  let format: EcgFormat | undefined;
  try {
    const bytes = source.readBytes(path);
    let reader: FormatReader;
    try {
      reader = detectFormat(bytes, path, readers);
    } catch (err) {
      if (!candidate.explicit && err instanceof FormatError && err.format === 'unknown') {
        return { path, status: 'skipped', reason: describeError(err) };
      }
      throw err;
    }
    format = reader.format;
    const used = new Map<string, Uint8Array>();
    const record = reader.read(bytes, {
      fileName: path,
      readSibling: (name) => {
        const sibling = source.readSibling(path, name);
        if (sibling !== undefined) used.set(name, sibling);
        return sibling;
      },
      ...(options.anonymize === undefined ? {} : { anonymize: options.anonymize }),
    });
    const problems = validateRecord(record);
    if (problems.length) throw new Error(`the ${reader.title} reader returned an inconsistent record: ${problems.join('; ')}`);
    const siblingNames = [...used.keys()].sort();
    const parts: Uint8Array[] = [bytes];
    for (const name of siblingNames) parts.push(utf8.encode(`\0${name}\0`), used.get(name) as Uint8Array);
    const contentHash = hash(parts);
    const siblings = siblingNames.map((name) => source.siblingPath(path, name));
    for (const s of siblings) consumed.set(s, path);
    const { recordId, duplicate } = store.insertRecord({ record, contentHash, sourcePath: path });
    return { path, status: duplicate ? 'duplicate' : 'imported', recordId, format, ...(siblings.length ? { siblings } : {}) };
  } catch (err) {
    return { path, status: 'error', reason: describeError(err), ...(format === undefined ? {} : { format }) };
  }
}
