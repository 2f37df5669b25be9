// A folder of ECG records with a `labels.csv` (`file,labels`): the layout `export-dataset` writes.
import { FormatError } from '../../shared/errors';
import { SeededRandom } from '../../shared/random';
import { csvObjects } from './csvTable';
import type { DatasetEntry, DatasetIndex, DatasetSplit } from './datasetIndex';

/** Splits a labels cell: 'MI;STTC', 'MI|STTC', 'MI STTC' or a quoted 'MI,STTC'. */
export function splitLabels(cell: string): string[] {
  return cell
    .split(/[;|,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Index of a labels.csv folder. Columns: `file` and `labels` (required), `split` (train/val/test) and
 * `patient_id` (optional). Without a split column, patients are assigned to splits by a seeded draw
 * (80/10/10), so all records of one patient land in one split.
 */
export function labelsCsvIndex(text: string, options: { fileName?: string; seed?: number; classes?: string[] } = {}): DatasetIndex {
  const rows = csvObjects(text);
  const fileName = options.fileName ?? 'labels.csv';
  if (rows.length === 0) throw new FormatError({ format: 'labels-csv', file: fileName, reason: 'no rows' });
  if (!('file' in (rows[0] ?? {})) || !('labels' in (rows[0] ?? {}))) {
    throw new FormatError({ format: 'labels-csv', file: fileName, reason: "the header must have 'file' and 'labels' columns" });
  }
  const rng = new SeededRandom(options.seed ?? 0);
  const patientSplit = new Map<string, DatasetSplit>();
  const entries: DatasetEntry[] = rows.map((row, i) => {
    const file = row['file'] ?? '';
    const patientId = row['patient_id'] || file;
    let split = row['split'] as DatasetSplit | undefined;
    if (split !== 'train' && split !== 'val' && split !== 'test') {
      split = patientSplit.get(patientId);
      if (split === undefined) {
        const u = rng.next();
        split = u < 0.8 ? 'train' : u < 0.9 ? 'val' : 'test';
        patientSplit.set(patientId, split);
      }
    }
    return { id: `row-${i + 1}`, path: file, patientId, split, labels: splitLabels(row['labels'] ?? '') };
  });
  const codes = options.classes ?? [...new Set(entries.flatMap((e) => e.labels))].sort();
  return { name: fileName, classes: codes.map((code) => ({ code, description: code })), entries };
}
