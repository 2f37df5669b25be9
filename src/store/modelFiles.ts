// Model package folders on disk: reads and writes the files of src/model/package as a directory.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file of a package folder by name (model.json, weights.bin, manifest.json, MODEL.md…). */
export function readModelPackageDir(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) files[entry.name] = new Uint8Array(readFileSync(join(dir, entry.name)));
  }
  return files;
}

/** Writes each file (through a temporary name, then rename, so a crash never leaves half a file). */
export function writeModelPackageDir(dir: string, files: Record<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`refusing package file name '${name}'`);
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(dir, name));
  }
}
