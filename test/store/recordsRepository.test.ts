import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary, type Library } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

/** 20 small records: seeds 0–19, patients P0–P6, acquisition months 1–9. */
function seeded(): { lib: Library; ids: number[] } {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const ids: number[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const record = syntheticRecord({ seed, samplingRateHz: 100, durationSec: 2, name: `rec${seed}` });
    ids.push(lib.insertRecord({ record, contentHash: `h${seed}`, sourcePath: `/data/folder${seed % 2}/rec${seed}.hea` }).recordId);
  }
  return { lib, ids };
}

const analysis = (recordId: number, probabilities: Record<string, number>, score: number) => ({
  recordId,
  modelName: 'net',
  modelVersion: '1.0.0',
  backend: 'cpu',
  probabilities,
  measurements: {},
  quality: { score },
});

test('list: newest first, total ignores paging, offset and keyset pages cover every record once', () => {
  const { lib, ids } = seeded();
  const first = lib.listRecords({ limit: 8 });
  assert.equal(first.total, 20);
  assert.deepEqual(first.records.map((r) => r.id), ids.slice(-8).reverse());
  const seen: number[] = [];
  let page = first;
  for (;;) {
    seen.push(...page.records.map((r) => r.id));
    if (page.nextBeforeId === null) break;
    page = lib.listRecords({ limit: 8, beforeId: page.nextBeforeId });
  }
  assert.deepEqual(seen, [...ids].reverse());
  assert.deepEqual(lib.listRecords({ limit: 5, offset: 15 }).records.map((r) => r.id), ids.slice(0, 5).reverse());
  assert.equal(lib.listRecords({ limit: 5, offset: 15 }).nextBeforeId, null);
  lib.close();
});

test('list: date range, patient id or name, text and format filters', () => {
  const { lib } = seeded();
  const march = lib.listRecords({ acquiredFrom: '2024-03-01', acquiredTo: '2024-04-01' });
  assert.ok(march.total > 0);
  for (const r of march.records) assert.match(r.acquisitionTime!, /^2024-03/);
  assert.equal(lib.listRecords({ patient: 'P3' }).total, lib.listRecords({ patient: 'patient 3' }).total);
  assert.ok(lib.listRecords({ patient: 'P3' }).records.every((r) => r.patientId === 'P3'));
  assert.equal(lib.listRecords({ text: 'folder1/' }).total, 10);
  assert.equal(lib.listRecords({ text: '100%_' }).total, 0, 'LIKE wildcards are literal');
  assert.equal(lib.listRecords({ format: 'wfdb' }).total, 20);
  assert.equal(lib.listRecords({ format: 'edf' }).total, 0);
  lib.close();
});

test('list: diagnosis uses the latest analysis, but a review overrides it; review status and quality filters', () => {
  const { lib, ids } = seeded();
  const [a, b, c, d] = ids as [number, number, number, number];
  lib.addAnalysis(analysis(a, { AF: 0.2 }, 0.9));
  lib.addAnalysis(analysis(a, { AF: 0.8 }, 0.9)); // latest analysis wins
  lib.addAnalysis(analysis(b, { AF: 0.95 }, 0.3));
  lib.addReview({ recordId: b, reviewer: 'dr x', action: 'edited', labels: ['NORM'] }); // reviewer removed AF
  lib.addReview({ recordId: c, reviewer: 'dr x', action: 'edited', labels: ['AF', 'LBBB'] });
  lib.addReview({ recordId: d, reviewer: 'dr x', action: 'edited', labels: ['AF'] });
  lib.addReview({ recordId: d, reviewer: 'dr y', action: 'confirmed', labels: ['AF'] });
  const af = lib.listRecords({ diagnosis: 'AF' }).records.map((r) => r.id).sort((x, y) => x - y);
  assert.deepEqual(af, [a, c, d]);
  assert.deepEqual(lib.listRecords({ diagnosis: 'AF', minProbability: 0.9 }).records.map((r) => r.id).sort((x, y) => x - y), [c, d]);
  assert.equal(lib.listRecords({ reviewStatus: 'unreviewed' }).total, 17);
  assert.deepEqual(lib.listRecords({ reviewStatus: 'confirmed' }).records.map((r) => r.id), [d]);
  assert.deepEqual(lib.listRecords({ reviewStatus: 'edited' }).records.map((r) => r.id).sort((x, y) => x - y), [b, c]);
  assert.deepEqual(lib.listRecords({ minQualityScore: 0.5 }).records.map((r) => r.id), [a]);
  const summary = lib.getRecord(d)!;
  assert.equal(summary.reviewStatus, 'confirmed');
  assert.deepEqual(summary.reviewedLabels, ['AF']);
  lib.close();
});

test('list: labels with quotes or dots are matched literally in the analysis JSON', () => {
  const { lib, ids } = seeded();
  lib.addAnalysis(analysis(ids[0]!, { 'ST.elev "ant"': 0.7 }, 1));
  assert.equal(lib.listRecords({ diagnosis: 'ST.elev "ant"' }).total, 1);
  lib.close();
});
