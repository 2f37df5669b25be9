// The file-system side of imports: a FileSource over real folders and SHA-256 content hashing with node:crypto.
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FileSource, HashParts } from '../shared/storeContracts';
import { readFileBytes, siblingResolver } from './recordFiles';

/** Files below `folder`, sorted, hidden entries left out; symlinked folders are followed once. */
function walk(folder: string, seen: Set<string>, out: string[]): void {
  const real = realpathSync(folder);
  if (seen.has(real)) return;
  seen.add(real);
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(folder, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // a dangling link is not a file to import
    }
    if (st.isDirectory()) walk(path, seen, out);
    else if (st.isFile()) out.push(path);
  }
}

/** FileSource over the local file system; paths are resolved against `cwd`. */
export function fsFileSource(cwd = process.cwd()): FileSource {
  return {
    expand(path) {
      const abs = resolve(cwd, path);
      const st = statSync(abs);
      if (!st.isDirectory()) return { files: [abs], isFolder: false };
      const files: string[] = [];
      walk(abs, new Set(), files);
      return { files, isFolder: true };
    },
    readBytes: (path) => readFileBytes(resolve(cwd, path)),
    readSibling: (path, relativeName) => siblingResolver(resolve(cwd, path))(relativeName),
    siblingPath: (path, relativeName) => resolve(dirname(resolve(cwd, path)), relativeName),
  };
}

/** SHA-256 (hex) over the parts in order. */
export const sha256Parts: HashParts = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};
