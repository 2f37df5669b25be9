import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRecords, type ImportSummary } from '../../src/pipeline/importRecords';
import { FORMAT_READERS } from '../../src/formats/registry';
import { fsFileSource, sha256Parts } from '../../src/store/fileSource';
import { openLibrary } from '../../src/store/library';
import { readRecordFile } from '../../src/store/recordFiles';
import { sharedPath, skipWithoutSharedData } from '../helpers/sharedData';

const hasWfdb = FORMAT_READERS.some((r) => r.format === 'wfdb');

/** Every result is a success or carries a one-sentence reason; returns counts for messages. */
function assertEveryFileAccountedFor(summary: ImportSummary): void {
  for (const r of summary.results) {
    assert.ok(['imported', 'duplicate', 'error', 'skipped'].includes(r.status), r.path);
    if (r.status === 'error' || r.status === 'skipped') assert.ok(r.reason && r.reason.length > 3, `${r.path}: reason`);
    if (r.status === 'imported' || r.status === 'duplicate') assert.ok(r.recordId! > 0, r.path);
  }
}

test('import: all 48 MIT-BIH records from the folder, samples identical to a direct read', { skip: skipWithoutSharedData('mitdb'), timeout: 300_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-mitdb-'));
  const lib = openLibrary(join(dir, 'library.db'));
  try {
    const started = process.hrtime.bigint();
    const summary = importRecords([sharedPath('mitdb')], { source: fsFileSource(), store: lib, hash: sha256Parts });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assertEveryFileAccountedFor(summary);
    t.diagnostic(`mitdb: ${summary.imported} imported, ${summary.errors} errors, ${summary.skipped} skipped in ${seconds.toFixed(1)} s`);
    for (const r of summary.results.filter((x) => x.status === 'error')) t.diagnostic(`error ${r.path}: ${r.reason}`);
    if (!hasWfdb) return;
    assert.equal(summary.imported, 48);
    assert.equal(summary.errors, 0);
    assert.deepEqual(lib.checkConsistency(), []);
    const r100 = summary.results.find((r) => r.path.endsWith('/100.hea'))!;
    assert.deepEqual(r100.siblings?.map((s) => s.replace(/^.*\//, '')).sort(), ['100.atr', '100.dat'], 'the reader used the signal and annotation files');
    const direct = readRecordFile(sharedPath('mitdb', '100.hea')).record;
    const stored = lib.getRecord(r100.recordId!)!;
    assert.equal(stored.samplesPerLead, 650_000);
    assert.deepEqual(stored.leads, direct.leads.map((l) => l.name));
    const win = lib.readSignalWindow(r100.recordId!, { startSec: 1800, durationSec: 10, level: 0 });
    assert.equal(win.sampleCount, 2000, 'clipped at the end of the 1805.6 s record');
    const want = direct.leads[0]!.samples.subarray(1800 * 360, 650_000);
    const got = win.leads[0]!.samples!;
    for (let i = 0; i < want.length; i++) assert.ok(got[i] === want[i], `sample ${i}`);
    assert.equal(lib.signals.leadsOf(r100.recordId!)[0]!.encoding.kind, 'i16', 'MIT-BIH 212 samples fit int16 exactly');
    assert.equal(lib.loadRecord(r100.recordId!)!.annotations.length, direct.annotations.length);
    const again = importRecords([sharedPath('mitdb', '100.hea')], { source: fsFileSource(), store: lib, hash: sha256Parts });
    assert.equal(again.results[0]!.status, 'duplicate');
  } finally {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import: the first 100 PTB-XL records at 100 Hz', { skip: skipWithoutSharedData('ptb-xl/records100/00000'), timeout: 300_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-ptbxl-'));
  const lib = openLibrary(join(dir, 'library.db'));
  try {
    const folder = sharedPath('ptb-xl', 'records100', '00000');
    const headers = readdirSync(folder).filter((f) => f.endsWith('.hea')).sort().slice(0, 100).map((f) => join(folder, f));
    const summary = importRecords(headers, { source: fsFileSource(), store: lib, hash: sha256Parts });
    assertEveryFileAccountedFor(summary);
    t.diagnostic(`ptb-xl: ${summary.imported} imported, ${summary.errors} errors of ${headers.length}`);
    if (!hasWfdb) return;
    assert.equal(summary.imported, 100);
    const first = lib.getRecord(summary.results[0]!.recordId!)!;
    assert.equal(first.leads.length, 12);
    assert.equal(first.samplesPerLead, 1000);
    assert.equal(first.samplingRateHz, 100);
    assert.deepEqual(lib.checkConsistency(), []);
  } finally {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import: WFDB conformance samples (multi-segment, multi-file headers) give one result per file, parts skipped', { skip: skipWithoutSharedData('wfdb-python-samples/sample-data/multi-segment') }, (t) => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  try {
    const summary = importRecords([sharedPath('wfdb-python-samples', 'sample-data', 'multi-segment')], { source: fsFileSource(), store: lib, hash: sha256Parts });
    assertEveryFileAccountedFor(summary);
    t.diagnostic(`multi-segment: ${summary.imported} imported, ${summary.errors} errors, ${summary.skipped} skipped`);
    for (const r of summary.results.filter((x) => x.status === 'error')) t.diagnostic(`error ${r.path}: ${r.reason}`);
    if (!hasWfdb) return;
    const status = (name: string) => summary.results.find((r) => r.path.endsWith(name))?.status;
    assert.equal(status('/fixed1/v102s.hea'), 'imported');
    assert.equal(status('/fixed1/v102s_1.hea'), 'skipped', 'a segment is read through its master header');
    assert.equal(status('/041s/041s.hea'), 'imported');
    assert.equal(status('/041s/041s01.dat'), 'skipped');
    assert.deepEqual(lib.checkConsistency(), []);
  } finally {
    lib.close();
  }
});
