// Dataset export use case: reviewed records (latest review wins) written as WFDB records plus labels.csv (file,labels).
import type { FormatWriter } from '../formats/writers';
import type { LibraryReader } from '../shared/storeContracts';

/** Where exported files go; relative names with '/' separators. */
export interface DatasetSink {
  writeFile(relativePath: string, bytes: Uint8Array): void;
}

export interface DatasetExportResult {
  records: number;
  files: string[];
}

/** Labels inside one CSV cell are joined with this (labels never contain it in PTB-XL/SCP or SNOMED codes). */
export const LABEL_SEPARATOR = ';';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** WFDB record names allow letters, digits and underscores only (WFDB header spec, record line). */
export function datasetRecordName(recordId: number): string {
  return `ecg${String(recordId).padStart(6, '0')}`;
}

export function exportDataset(
  store: Pick<LibraryReader, 'datasetItems' | 'loadRecord'>,
  writer: Pick<FormatWriter, 'extension' | 'write'>,
  sink: DatasetSink,
  onProgress?: (done: number, total: number) => void,
): DatasetExportResult {
  const items = store.datasetItems();
  const files: string[] = [];
  const rows = ['file,labels'];
  items.forEach((item, i) => {
    const record = store.loadRecord(item.recordId);
    if (record === undefined) throw new Error(`record ${item.recordId} vanished from the library during export`);
    const baseName = datasetRecordName(item.recordId);
    const written = writer.write(record, baseName);
    const main = written.find((f) => f.name.endsWith(writer.extension)) ?? written[0];
    if (main === undefined) throw new Error(`the writer produced no file for record ${item.recordId}`);
    for (const file of written) {
      const rel = `records/${file.name}`;
      sink.writeFile(rel, file.bytes);
      files.push(rel);
    }
    rows.push(`${csvCell(`records/${main.name}`)},${csvCell(item.labels.join(LABEL_SEPARATOR))}`);
    onProgress?.(i + 1, items.length);
  });
  sink.writeFile('labels.csv', new TextEncoder().encode(`${rows.join('\n')}\n`));
  files.push('labels.csv');
  return { records: items.length, files };
}
