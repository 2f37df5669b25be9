// Format detection: content first (each reader's sniff), file extension second.
import { FormatError } from '../shared/errors';
import type { EcgFormat } from '../shared/ecgRecord';
import type { FormatReader } from '../shared/formatReader';
import { FORMAT_READERS } from './registry';

function extensionOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/**
 * Picks the reader for a file. A sniff score ≥ 0.5 wins outright (highest first); otherwise a reader
 * whose extension matches and whose sniff did not rule the content out (> 0) is used.
 */
export function detectFormat(
  bytes: Uint8Array,
  fileName: string,
  readers: readonly FormatReader[] = FORMAT_READERS,
): FormatReader {
  if (bytes.length === 0) {
    throw new FormatError({ format: 'unknown', file: fileName, reason: 'the file is empty' });
  }
  let best: FormatReader | undefined;
  let bestScore = 0;
  for (const reader of readers) {
    let score = 0;
    try {
      score = reader.sniff(bytes, fileName);
    } catch {
      score = 0;
    }
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  if (best !== undefined && bestScore >= 0.5) return best;
  const ext = extensionOf(fileName);
  const byExtension = readers.find((r) => r.extensions.includes(ext));
  if (byExtension !== undefined && (best === byExtension || bestScore === 0 || byExtension === best)) {
    if (byExtension.sniff(bytes, fileName) > 0) return byExtension;
  }
  const known = readers.map((r) => r.title).join(', ');
  throw new FormatError({
    format: 'unknown',
    file: fileName,
    reason: `not a recognised ECG file (content matches none of: ${known || 'no readers registered'})`,
  });
}

export function readerFor(format: EcgFormat, readers: readonly FormatReader[] = FORMAT_READERS): FormatReader {
  const reader = readers.find((r) => r.format === format);
  if (reader === undefined) throw new Error(`no reader registered for format '${format}'`);
  return reader;
}
