// The dataset index shared by every training-data source: which records, which split, which labels.

export type DatasetSplit = 'train' | 'val' | 'test';

export interface DatasetEntry {
  id: string;
  /** Path of the record's main file, relative to the dataset folder. */
  path: string;
  /** Records of one patient stay in one split (split by patient, never by record). */
  patientId: string;
  split: DatasetSplit;
  fold?: number;
  labels: string[];
}

export interface DatasetClass {
  code: string;
  description: string;
}

export interface DatasetIndex {
  name: string;
  classes: DatasetClass[];
  entries: DatasetEntry[];
}

/** Multi-hot label vector in the order of `classes`; unknown labels are ignored. */
export function multiHot(labels: readonly string[], classes: readonly DatasetClass[]): Float32Array {
  const out = new Float32Array(classes.length);
  classes.forEach((c, i) => {
    if (labels.includes(c.code)) out[i] = 1;
  });
  return out;
}

/** Per-class positive counts of a split (for pos_weight and for reporting the data size). */
export function classCounts(index: DatasetIndex, split?: DatasetSplit): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(index.classes.map((c) => [c.code, 0]));
  for (const e of index.entries) {
    if (split && e.split !== split) continue;
    for (const l of e.labels) if (l in counts) counts[l] = (counts[l] as number) + 1;
  }
  return counts;
}
