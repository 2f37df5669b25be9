// Tests of the library's reviewed records as a training dataset: labels, negatives, patient splits, the minimum count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRecord, type EcgRecord } from '../../src/shared/ecgRecord';
import type { DatasetItem, RecordDetail } from '../../src/shared/storeContracts';
import { libraryDataset, libraryDatasetIndex, MIN_REVIEWED_RECORDS, NotEnoughReviewsError, splitPatients, type LibraryDatasetSource } from '../../src/pipeline/libraryDataset';

const CLASSES = [
  { code: 'NORM', description: 'normal' },
  { code: 'AFIB', description: 'atrial fibrillation' },
];

/** An in-memory library of `n` reviewed records; record i belongs to patient `patientOf(i)` (null: none). */
function fakeLibrary(n: number, patientOf: (i: number) => string | null, labelsOf: (i: number) => string[]): LibraryDatasetSource {
  const items: DatasetItem[] = Array.from({ length: n }, (_, i) => ({ recordId: i + 1, name: `r${i + 1}`, labels: labelsOf(i), reviewId: i + 1, reviewer: 't', reviewedAt: '2026-01-01' }));
  return {
    datasetItems: () => items,
    getRecord: (id) => (id >= 1 && id <= n ? ({ id, patientId: patientOf(id - 1) } as unknown as RecordDetail) : undefined),
    loadRecord: (id): EcgRecord | undefined => (id >= 1 && id <= n ? emptyRecord({ format: 'edf', name: `r${id}`, samplingRateHz: 100, samplesPerLead: 0, leads: [] }) : undefined),
  };
}

test('libraryDatasetIndex: review labels outside the model label set are dropped; such records are negatives', () => {
  const index = libraryDatasetIndex(
    fakeLibrary(10, (i) => `P${i}`, (i) => (i === 0 ? ['NORM', 'LAD'] : i === 1 ? ['OTHER'] : ['AFIB'])),
    { classes: CLASSES, seed: 1 },
  );
  assert.equal(index.entries.length, 10);
  assert.deepEqual(index.entries[0]?.labels, ['NORM']);
  assert.deepEqual(index.entries[1]?.labels, [], 'a record without any model label is a negative for every class');
  assert.deepEqual(index.classes, CLASSES);
  assert.equal(index.entries[3]?.path, '4');
});

test('libraryDatasetIndex: all records of one patient land in one split; records without a patient are their own', () => {
  const index = libraryDatasetIndex(
    fakeLibrary(40, (i) => (i < 30 ? `P${i % 10}` : null), () => ['NORM']),
    { classes: CLASSES, seed: 7 },
  );
  const byPatient = new Map<string, Set<string>>();
  for (const e of index.entries) byPatient.set(e.patientId, (byPatient.get(e.patientId) ?? new Set()).add(e.split));
  for (const [p, splits] of byPatient) assert.equal(splits.size, 1, `patient ${p} is in ${[...splits].join(', ')}`);
  assert.equal(byPatient.size, 20, '10 patients with 3 records each + 10 records without a patient');
  const splits = index.entries.map((e) => e.split);
  for (const s of ['train', 'val', 'test'] as const) assert.ok(splits.includes(s), `${s} split is not empty`);
});

test('splitPatients: seeded (same seed, same split), 10 % / 10 % held out with at least one patient each', () => {
  const ids = Array.from({ length: 8 }, (_, i) => `P${i}`);
  const a = splitPatients(ids, 3);
  assert.deepEqual([...splitPatients([...ids].reverse(), 3)].sort(), [...a].sort(), 'order of the records does not matter');
  const count = (s: string) => [...a.values()].filter((v) => v === s).length;
  assert.deepEqual([count('train'), count('val'), count('test')], [6, 1, 1]);
  const big = splitPatients(Array.from({ length: 100 }, (_, i) => `P${i}`), 3);
  assert.deepEqual(['train', 'val', 'test'].map((s) => [...big.values()].filter((v) => v === s).length), [80, 10, 10]);
  assert.notDeepEqual([...splitPatients(ids, 4)], [...a], 'another seed draws another split');
});

test(`libraryDatasetIndex: fewer than ${MIN_REVIEWED_RECORDS} reviewed records is refused with a clear message`, () => {
  assert.throws(
    () => libraryDatasetIndex(fakeLibrary(MIN_REVIEWED_RECORDS - 1, (i) => `P${i}`, () => ['NORM']), { classes: CLASSES, seed: 1 }),
    (err: unknown) => err instanceof NotEnoughReviewsError && /at least 8 reviewed records \(the library has 7\)/.test(err.message),
  );
});

test('libraryDataset: loadRecord reads the record back by id; a deleted record is a clear error', () => {
  const data = libraryDataset(fakeLibrary(8, (i) => `P${i}`, () => ['AFIB']), { classes: CLASSES, seed: 1 });
  const entry = data.index.entries[4];
  assert.ok(entry);
  assert.equal(data.loadRecord(entry).name, 'r5');
  assert.throws(() => data.loadRecord({ ...entry, path: '99' }), /record 99 is no longer in the library/);
});
