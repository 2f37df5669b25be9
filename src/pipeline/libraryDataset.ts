// Training data from the library: the reviewed records (latest review = final labels) as a DatasetIndex, split by patient.
import type { EcgRecord } from '../shared/ecgRecord';
import type { DatasetItem, RecordDetail } from '../shared/storeContracts';
import { SeededRandom } from '../shared/random';
import type { DatasetClass, DatasetEntry, DatasetIndex, DatasetSplit } from './datasets/datasetIndex';
import type { DatasetAccess } from './trainModel';

/** Fewer reviewed records than this cannot fill a training, a validation and a test split. */
export const MIN_REVIEWED_RECORDS = 8;

/** What the library offers for training (a subset of LibraryReader). */
export interface LibraryDatasetSource {
  datasetItems(): DatasetItem[];
  getRecord(id: number): RecordDetail | undefined;
  loadRecord(id: number): EcgRecord | undefined;
}

export interface LibraryDatasetOptions {
  /** The model's label set: review labels outside it are ignored, records with none of them are negatives. */
  classes: DatasetClass[];
  /** Seed of the patient → split draw. */
  seed: number;
  name?: string;
}

/** Thrown when the library holds too few reviewed records to train on. */
export class NotEnoughReviewsError extends Error {
  override readonly name = 'NotEnoughReviewsError';
}

/**
 * Assigns patients to splits by a seeded shuffle: 10 % test and 10 % validation (at least one patient each),
 * the rest training. Same idea as labelsCsvIndex's 80/10/10 draw, but with a guaranteed validation and test
 * patient, because a library of a few dozen reviews would often draw none.
 */
export function splitPatients(patientIds: readonly string[], seed: number): Map<string, DatasetSplit> {
  const unique = [...new Set(patientIds)].sort();
  const rng = new SeededRandom(seed);
  for (let i = unique.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [unique[i], unique[j]] = [unique[j] as string, unique[i] as string];
  }
  const held = unique.length >= 3 ? Math.max(1, Math.round(unique.length * 0.1)) : 0;
  const out = new Map<string, DatasetSplit>();
  unique.forEach((p, i) => out.set(p, i < held ? 'test' : i < 2 * held ? 'val' : 'train'));
  return out;
}

/** The reviewed records as a dataset index; an entry's `path` is the record id. */
export function libraryDatasetIndex(source: LibraryDatasetSource, options: LibraryDatasetOptions): DatasetIndex {
  const items = source.datasetItems();
  if (items.length < MIN_REVIEWED_RECORDS) {
    throw new NotEnoughReviewsError(
      `retraining needs at least ${MIN_REVIEWED_RECORDS} reviewed records (the library has ${items.length}); review more records in the viewer first`,
    );
  }
  const codes = new Set(options.classes.map((c) => c.code));
  // Records without a patient id count as their own patient.
  const patientOf = (item: DatasetItem) => source.getRecord(item.recordId)?.patientId ?? `record-${item.recordId}`;
  const patients = items.map(patientOf);
  const splits = splitPatients(patients, options.seed);
  const entries: DatasetEntry[] = items.map((item, i) => ({
    id: `record-${item.recordId}`,
    path: String(item.recordId),
    patientId: patients[i] as string,
    split: splits.get(patients[i] as string) ?? 'train',
    labels: item.labels.filter((l) => codes.has(l)),
  }));
  return { name: options.name ?? 'library reviews', classes: options.classes, entries };
}

/** Index plus a record loader reading the signals back from the library. */
export function libraryDataset(source: LibraryDatasetSource, options: LibraryDatasetOptions): DatasetAccess {
  const index = libraryDatasetIndex(source, options);
  return {
    index,
    loadRecord(entry: DatasetEntry): EcgRecord {
      const record = source.loadRecord(Number(entry.path));
      if (record === undefined) throw new Error(`record ${entry.path} is no longer in the library`);
      return record;
    },
  };
}
