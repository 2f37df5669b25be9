import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../../src/store/library';
import { bucketSamples } from '../../src/store/signalCodec';
import { assertAllClose } from '../helpers/assertClose';
import { syntheticRecord } from './helpers/syntheticRecord';

const memory = () => openLibrary(':memory:', { skipIntegrityCheck: true, now: () => new Date('2025-03-01T12:00:00Z') });

test('insertRecord/loadRecord: samples, NaN, annotations, patient and metadata come back', () => {
  const lib = memory();
  const record = syntheticRecord({ samplingRateHz: 360, durationSec: 150, seed: 3, nanAt: [7, 53_999] });
  const { recordId, duplicate } = lib.insertRecord({ record, contentHash: 'abc', sourcePath: '/data/syn3.hea' });
  assert.equal(duplicate, false);
  const back = lib.loadRecord(recordId)!;
  assert.equal(back.samplesPerLead, record.samplesPerLead);
  assert.equal(back.leads.length, 2);
  for (let i = 0; i < 2; i++) assertAllClose(back.leads[i]!.samples, record.leads[i]!.samples, { atol: 0 });
  assert.ok(Number.isNaN(back.leads[0]!.samples[53_999]!));
  assert.deepEqual(back.annotations, record.annotations);
  assert.deepEqual(back.patient, record.patient);
  assert.deepEqual(back.acquisition, record.acquisition);
  assert.deepEqual(back.metadata, record.metadata);
  const detail = lib.getRecord(recordId)!;
  assert.equal(detail.durationSec, 150);
  assert.deepEqual(detail.leads, ['I', 'II']);
  assert.equal(detail.importedAt, '2025-03-01T12:00:00.000Z');
  assert.equal(detail.reviewStatus, 'unreviewed');
  assert.deepEqual(lib.checkConsistency(), []);
  lib.close();
});

test('insertRecord: int16-representable leads round-trip bit-exactly', () => {
  const lib = memory();
  const record = syntheticRecord({ samplingRateHz: 500, durationSec: 30, adcGain: 200, nanAt: [3] });
  const { recordId } = lib.insertRecord({ record, contentHash: 'i16', sourcePath: '/x' });
  const stored = lib.signals.leadsOf(recordId);
  assert.equal(stored[0]!.encoding.kind, 'i16');
  const back = lib.loadRecord(recordId)!;
  const got = back.leads[1]!.samples;
  const want = record.leads[1]!.samples;
  // Bit-exact up to the sign of zero (int16 has no -0).
  for (let i = 0; i < record.samplesPerLead; i++) assert.ok(got[i] === want[i] || (Number.isNaN(got[i]!) && Number.isNaN(want[i]!)), `sample ${i}`);
  lib.close();
});

test('insertRecord: the same content hash is a duplicate and writes nothing', () => {
  const lib = memory();
  const a = lib.insertRecord({ record: syntheticRecord({ seed: 1 }), contentHash: 'same', sourcePath: '/a' });
  const b = lib.insertRecord({ record: syntheticRecord({ seed: 2 }), contentHash: 'same', sourcePath: '/b' });
  assert.deepEqual(b, { recordId: a.recordId, duplicate: true });
  assert.equal(lib.listRecords().total, 1);
  lib.close();
});

test('insertRecord: a failure part-way through a record rolls back every row of it', () => {
  const lib = memory();
  const original = lib.signals.insertLead.bind(lib.signals);
  let calls = 0;
  lib.signals.insertLead = (...args) => {
    if (++calls === 2) throw new Error('disk full (simulated)');
    original(...args);
  };
  assert.throws(() => lib.insertRecord({ record: syntheticRecord({ durationSec: 120 }), contentHash: 'x', sourcePath: '/x' }), /disk full/);
  for (const table of ['records', 'signals', 'signal_chunks', 'annotations']) {
    assert.equal((lib.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0, table);
  }
  lib.close();
});

test('insertRecord: an inconsistent record (lead length mismatch) is refused before writing', () => {
  const lib = memory();
  const record = syntheticRecord();
  record.leads[1]!.samples = record.leads[1]!.samples.subarray(1);
  assert.throws(() => lib.insertRecord({ record, contentHash: 'bad', sourcePath: '/x' }), /not consistent/);
  assert.equal(lib.listRecords().total, 0);
  lib.close();
});

test('readSignalWindow: a 10 s raw window spanning a chunk boundary equals the source samples', () => {
  const lib = memory();
  const record = syntheticRecord({ samplingRateHz: 360, durationSec: 30 * 60, seed: 5 });
  const { recordId } = lib.insertRecord({ record, contentHash: 'w', sourcePath: '/w' });
  const win = lib.readSignalWindow(recordId, { startSec: 55, durationSec: 10, level: 0 });
  assert.equal(win.level, 0);
  assert.equal(win.startSample, 55 * 360);
  assert.equal(win.sampleCount, 3600);
  assertAllClose(win.leads[1]!.samples!, record.leads[1]!.samples.subarray(55 * 360, 65 * 360));
  const tail = lib.readSignalWindow(recordId, { startSec: 1795, durationSec: 10, leads: [0], level: 0 });
  assert.equal(tail.sampleCount, 5 * 360, 'window clipped at the end');
  assert.equal(tail.leads.length, 1);
  lib.close();
});

test('readSignalWindow: auto level gives min/max buckets that bound the raw samples', () => {
  const lib = memory();
  const record = syntheticRecord({ samplingRateHz: 250, durationSec: 3600, seed: 9, leadNames: ['II'] });
  const { recordId } = lib.insertRecord({ record, contentHash: 'o', sourcePath: '/o' });
  const overview = lib.readSignalWindow(recordId, { startSec: 0, durationSec: 3600, maxPoints: 2000 });
  assert.ok(overview.level >= 1);
  const b = bucketSamples(overview.level);
  assert.equal(overview.bucketSamples, b);
  const { min, max } = overview.leads[0]!;
  assert.ok(min!.length <= 2000 && min!.length === Math.ceil(record.samplesPerLead / b));
  const raw = record.leads[0]!.samples;
  for (const k of [0, 17, min!.length - 1]) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = k * b; i < Math.min(raw.length, (k + 1) * b); i++) {
      lo = Math.min(lo, raw[i]!);
      hi = Math.max(hi, raw[i]!);
    }
    assert.equal(min![k], Math.fround(lo));
    assert.equal(max![k], Math.fround(hi));
  }
  const mid = lib.readSignalWindow(recordId, { startSec: 100, durationSec: 60, level: 1 });
  assert.equal(mid.startSample % 8, 0);
  assert.equal(mid.leads[0]!.min!.length, Math.ceil((100 * 250 + 60 * 250) / 8) - Math.floor((100 * 250) / 8));
  assert.throws(() => lib.readSignalWindow(recordId, { startSec: 0, durationSec: 1, level: 99 }), /decimation levels/);
  lib.close();
});

test('backupTo: VACUUM INTO writes a library that opens with the same records; refuses to overwrite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-lib-'));
  try {
    const lib = openLibrary(join(dir, 'library.db'));
    lib.insertRecord({ record: syntheticRecord({ seed: 4 }), contentHash: 'b1', sourcePath: '/b' });
    const target = join(dir, 'backup.db');
    lib.backupTo(target);
    assert.ok(existsSync(target));
    assert.throws(() => lib.backupTo(target), /already exists/);
    lib.close();
    const copy = openLibrary(target);
    assert.equal(copy.listRecords().total, 1);
    assert.deepEqual(copy.checkConsistency(), []);
    copy.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
