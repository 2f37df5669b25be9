// PTB-XL dataset index: records, patients, stratified folds and diagnostic labels from the two CSV tables.
// Wagner et al. 2020, "PTB-XL, a large publicly available electrocardiography dataset", Sci Data 7:154.
import { FormatError } from '../../shared/errors';
import { csvObjects } from './csvTable';
import type { DatasetEntry, DatasetIndex, DatasetSplit } from './datasetIndex';

export type PtbxlLabelLevel = 'superclass' | 'subclass' | 'statement';

/** The five diagnostic superclasses of PTB-XL (scp_statements.csv `diagnostic_class`). */
export const PTBXL_SUPERCLASSES = [
  { code: 'NORM', description: 'normal ECG' },
  { code: 'MI', description: 'myocardial infarction' },
  { code: 'STTC', description: 'ST/T change' },
  { code: 'CD', description: 'conduction disturbance' },
  { code: 'HYP', description: 'hypertrophy' },
] as const;

/** Parses PTB-XL's `scp_codes` column, a Python dict literal such as "{'NORM': 100.0, 'SR': 0.0}". */
export function parseScpCodes(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/'([^']+)'\s*:\s*(-?[0-9.]+)/g)) out.set(m[1] as string, Number(m[2]));
  return out;
}

/** Train folds 1–8, validation fold 9, test fold 10 (the split the PTB-XL authors recommend). */
export function ptbxlSplitOfFold(fold: number): DatasetSplit {
  return fold === 10 ? 'test' : fold === 9 ? 'val' : 'train';
}

/**
 * Builds the dataset index from `ptbxl_database.csv` and `scp_statements.csv` text. Labels at the chosen level
 * are the diagnostic statements of each record mapped through scp_statements (any likelihood, as in
 * Strodthoff et al. 2021, "Deep learning for ECG analysis: benchmarks and insights from PTB-XL").
 * Records with no diagnostic label at that level are left out. `rate` picks filename_lr (100 Hz) or _hr (500 Hz).
 */
export function ptbxlIndex(
  databaseCsv: string,
  statementsCsv: string,
  options: { level?: PtbxlLabelLevel; rate?: 100 | 500; fileName?: string } = {},
): DatasetIndex {
  const level = options.level ?? 'superclass';
  const statements = csvObjects(statementsCsv);
  const mapping = new Map<string, string>();
  const descriptions = new Map<string, string>();
  for (const s of statements) {
    const code = s[''] ?? s['Unnamed: 0'] ?? '';
    if (s['diagnostic'] !== '1.0' && s['diagnostic'] !== '1') continue;
    const target = level === 'superclass' ? s['diagnostic_class'] : level === 'subclass' ? s['diagnostic_subclass'] : code;
    if (!code || !target) continue;
    mapping.set(code, target);
    if (level === 'statement') descriptions.set(code, s['description'] ?? code);
  }
  if (mapping.size === 0) {
    throw new FormatError({ format: 'ptb-xl', file: 'scp_statements.csv', reason: 'no diagnostic statements found' });
  }
  const rows = csvObjects(databaseCsv);
  if (rows.length === 0 || !('scp_codes' in (rows[0] ?? {}))) {
    throw new FormatError({ format: 'ptb-xl', file: options.fileName ?? 'ptbxl_database.csv', reason: 'no scp_codes column' });
  }
  const fileColumn = options.rate === 500 ? 'filename_hr' : 'filename_lr';
  const entries: DatasetEntry[] = [];
  for (const row of rows) {
    const labels = new Set<string>();
    for (const code of parseScpCodes(row['scp_codes'] ?? '').keys()) {
      const target = mapping.get(code);
      if (target) labels.add(target);
    }
    const fold = Number(row['strat_fold']);
    const path = row[fileColumn];
    if (labels.size === 0 || !path || !Number.isInteger(fold)) continue;
    entries.push({
      id: `ptbxl-${row['ecg_id']}`,
      path: `${path}.hea`,
      patientId: row['patient_id'] ?? '',
      split: ptbxlSplitOfFold(fold),
      fold,
      labels: [...labels].sort(),
    });
  }
  const classes =
    level === 'superclass'
      ? PTBXL_SUPERCLASSES.map((c) => ({ ...c }))
      : [...new Set([...mapping.values()])].sort().map((code) => ({ code, description: descriptions.get(code) ?? code }));
  return { name: `PTB-XL (${level}, ${options.rate ?? 100} Hz)`, classes, entries };
}
