import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { edfReader, edfWriter } from '../../src/formats/edf/index';
import { createAppApi, decimateMinMax, defaultAnalysisPort, filterDenoise, signalWindow, type AppApiDeps } from '../../src/pipeline/appApi';
import { dispatchApiCall, type ApiEvent } from '../../src/shared/api';
import type { FileSource } from '../../src/shared/storeContracts';
import { syntheticRecord } from '../store/helpers/syntheticRecord';
import type { EcgRecord } from '../../src/shared/ecgRecord';
import type { ReportDocument } from '../../src/pipeline/report/reportLayout';
import { openLibrary } from '../../src/store/library';
import { assertClose } from '../helpers/assertClose';
import { syntheticTwelveLead } from '../e2e/syntheticEcg';

const hash = (parts: readonly Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** An in-memory file source: a map of path → bytes, folders are path prefixes. */
function memoryFiles(files: Record<string, Uint8Array>): FileSource {
  return {
    expand(path) {
      if (files[path]) return { files: [path], isFolder: false };
      const below = Object.keys(files).filter((p) => p.startsWith(`${path}/`)).sort();
      if (below.length === 0) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return { files: below, isFolder: true };
    },
    readBytes(path) {
      const b = files[path];
      if (!b) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return b;
    },
    readSibling: (path, name) => files[`${path.replace(/[^/]*$/, '')}${name}`],
    siblingPath: (path, name) => `${path.replace(/[^/]*$/, '')}${name}`,
  };
}

function setup(extra: Partial<AppApiDeps> = {}) {
  const library = openLibrary(':memory:', { skipIntegrityCheck: true });
  const record = syntheticTwelveLead({ durationSec: 10, samplingRateHz: 500 });
  const [file] = edfWriter.write(record, 'rec');
  const files = memoryFiles({ '/data/rec.edf': (file as { bytes: Uint8Array }).bytes, '/data/junk.txt': new TextEncoder().encode('hello') });
  const api = createAppApi({ library, files, hash, readers: [edfReader], shell: 'test', now: () => new Date('2026-01-02T03:04:05Z'), ...extra });
  return { api, library, record };
}

test('appApi: importFiles on a folder imports the EDF, reports the junk file, and emits progress', async () => {
  const { api, library } = setup();
  const events: ApiEvent[] = [];
  api.onEvent((e) => events.push(e));
  const { outcomes } = await api.handlers.importFiles({ paths: ['/data'] });
  assert.equal(outcomes.length, 2);
  const ok = outcomes.find((o) => o.status === 'imported');
  assert.equal(ok?.format, 'edf');
  // Inside a folder, a file that is no ECG is skipped with its reason, not an error.
  const junk = outcomes.find((o) => o.file === '/data/junk.txt');
  assert.equal(junk?.status, 'skipped');
  assert.match(junk?.reason ?? '', /not a recognised ECG file/);
  assert.deepEqual(
    events.filter((e) => e.type === 'import').map((e) => (e.type === 'import' ? e.done : 0)),
    [1, 2],
  );
  assert.ok(events.some((e) => e.type === 'library' && e.change === 'records'));
  const again = await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  assert.equal(again.outcomes[0]?.status, 'duplicate');
  const missing = await api.handlers.importFiles({ paths: ['/nope.edf'] });
  assert.equal(missing.outcomes[0]?.status, 'error');
  library.close();
});

test('appApi: listRecords, getRecord and getSignals return the stored record in mV', async () => {
  const { api, library, record } = setup();
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const list = await api.handlers.listRecords({ limit: 10, offset: 0 });
  assert.equal(list.total, 1);
  const id = list.records[0]?.id as number;
  const detail = await api.handlers.getRecord({ recordId: id });
  assert.equal(detail.leads.length, 12);
  assert.equal(detail.samplesPerLead, 5000);
  const w = await api.handlers.getSignals({ recordId: id, variant: 'original', startSec: 1, durationSec: 2, maxPoints: 4000 });
  assert.equal(w.decimation, 'none');
  assert.equal(w.startSample, 500);
  const ii = w.leads.find((l) => l.name === 'II');
  const src = record.leads[1]?.samples as Float32Array;
  // EDF stores 16-bit integers: compare within the quantisation step of the written range.
  for (const i of [0, 137, 999]) assertClose(ii?.values?.[i] as number, src[500 + i] as number, { atol: 2e-3 }, `II[${i}]`);
  const dec = await api.handlers.getSignals({ recordId: id, variant: 'original', startSec: 0, durationSec: 10, maxPoints: 500 });
  assert.equal(dec.decimation, 'minmax');
  assert.ok((dec.leads[0]?.min?.length ?? 0) <= 500);
  library.close();
});

test('appApi: analyse gives measurements and quality, classification not available, never invented', async () => {
  const { api, library } = setup({ analysis: {} });
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  await assert.rejects(api.handlers.analyse({ recordId: 1 }), (err: Error) => err.name === 'ApiError' && /not available yet/.test(err.message));
  library.close();
  const full = setup({ analysis: defaultAnalysisPort() });
  await full.api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const a = await full.api.handlers.analyse({ recordId: 1 });
  assert.equal(a.classification, null);
  assert.ok(a.unavailable.some((u) => /Classification/.test(u)));
  assertClose(a.measurements?.heartRateBpm as number, 72, { atol: 2 });
  assert.equal(a.quality?.length, 12);
  assert.match(a.advisory, /not a diagnosis/);
  full.library.close();
});

test('appApi: analyse gives median beats whose R amplitude is the median of the beats', async () => {
  const { api, library, record } = setup({ analysis: defaultAnalysisPort() });
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const a = await api.handlers.analyse({ recordId: 1 });
  const mb = a.medianBeats;
  assert.ok(mb, 'median beats');
  assert.equal(mb.samplingRateHz, 500);
  assert.equal(mb.leads.length, 12);
  assert.ok(mb.beatCount >= 10, `${mb.beatCount} beats`);
  const fid = mb.fiducialsMs;
  assert.ok(fid.qrsOnset !== null && fid.qrsOffset !== null && fid.qrsOnset < 0 && fid.qrsOffset > 0);
  // Independent reference: lead II's R peaks found as the largest sample within ±150 ms of each local maximum above
  // 60 % of the record's maximum; the median over beats of (R − the median of the 20 ms before QRS onset).
  const ii = record.leads[1]!.samples as Float32Array;
  const max = ii.reduce((m, v) => Math.max(m, v), -Infinity);
  const fs = 500;
  const rs: number[] = [];
  for (let i = 1; i < ii.length - 1; i++) {
    if ((ii[i] as number) < 0.6 * max) continue;
    let best = i;
    for (let j = Math.max(0, i - 75); j < Math.min(ii.length, i + 75); j++) if ((ii[j] as number) > (ii[best] as number)) best = j;
    if (best === i && (rs.length === 0 || i - (rs[rs.length - 1] as number) > 0.3 * fs)) rs.push(i);
  }
  const amps = rs
    .filter((r) => r + Math.round(((fid.qrsOnset as number) - 20) * fs / 1000) >= 0)
    .map((r) => {
      const from = r + Math.round((((fid.qrsOnset as number) - 20) * fs) / 1000);
      const seg = Array.from(ii.subarray(from, from + 10)).sort((x, y) => x - y);
      return ((ii[r] as number) - (seg[5] as number)) * 1000;
    })
    .sort((x, y) => x - y);
  const reference = amps[amps.length >> 1] as number;
  const leadII = mb.leads.find((l) => l.lead === 'II')!.amplitudeUv;
  const rMedian = Math.max(...leadII.slice(mb.rSampleIdx - 10, mb.rSampleIdx + 11));
  assertClose(rMedian, reference, { rtol: 0.03 }, 'R amplitude of the median beat (µV)');
  // Einthoven on the median beats: II = I + III within 2 % of the R amplitude.
  const lead = (n: string) => mb.leads.find((l) => l.lead === n)!.amplitudeUv;
  const worst = lead('II').reduce((m, v, i) => Math.max(m, Math.abs(v - (lead('I')[i] as number) - (lead('III')[i] as number))), 0);
  assert.ok(worst < 0.02 * reference, `|II − I − III| up to ${worst.toFixed(1)} µV`);
  library.close();
});

test('appApi: denoised signals use the filter denoiser and say so', async () => {
  const { api, library } = setup({ analysis: { denoise: filterDenoise } });
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const w = await api.handlers.getSignals({ recordId: 1, variant: 'denoised', startSec: 0, durationSec: 10, maxPoints: 20000 });
  assert.match(w.method ?? '', /ecgFilter 0\.5–40 Hz/);
  // The 0.2 Hz wander of the synthetic record is gone: the lead's mean over 10 s is near zero.
  const v = w.leads[0]?.values as number[];
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  assertClose(mean, 0, { atol: 0.03 });
  library.close();
});

test('appApi: reviews are appended; confirming without labels repeats the last review; nothing to confirm is refused', async () => {
  const { api, library } = setup();
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const nothing = await dispatchApiCall(api.handlers, 'addReview', { recordId: 1 });
  assert.equal(!nothing.ok && nothing.error.code, 'invalid_argument');
  const first = await api.handlers.addReview({ recordId: 1, labels: ['NORM'], reviewer: 'dr a' });
  assert.equal(first.action, 'edited');
  const second = await api.handlers.addReview({ recordId: 1, comment: 'agree', reviewer: 'dr b' });
  assert.deepEqual([second.action, second.labels, second.comment], ['confirmed', ['NORM'], 'agree']);
  const third = await api.handlers.addReview({ recordId: 1, labels: ['AFIB'], reviewer: 'dr c' });
  assert.equal(third.action, 'edited');
  const { entries } = await api.handlers.reviewHistory({ recordId: 1 });
  assert.deepEqual(entries.map((e) => e.labels), [['NORM'], ['NORM'], ['AFIB']]);
  const summary = (await api.handlers.listRecords({ limit: 10, offset: 0 })).records[0];
  assert.equal(summary?.reviewStatus, 'edited');
  const empty = await dispatchApiCall(api.handlers, 'addReview', { recordId: 1, labels: [] });
  assert.equal(!empty.ok && empty.error.code, 'invalid_argument');
  library.close();
});

test('appApi: importUpload reads a WFDB-style pair from the uploaded set and skips the consumed sibling', async () => {
  const { api, library } = setup();
  const [file] = edfWriter.write(syntheticTwelveLead({ durationSec: 2, samplingRateHz: 250 }), 'up');
  const data = Buffer.from((file as { bytes: Uint8Array }).bytes).toString('base64');
  const { outcomes } = await api.handlers.importUpload({ files: [{ name: 'C:\\x\\up.edf', dataBase64: data }] });
  assert.deepEqual(outcomes.map((o) => [o.file, o.status]), [['up.edf', 'imported']]);
  library.close();
});

test('appApi: without library, models or training the calls fail with not_available', async () => {
  const api = createAppApi({ hash, shell: 'test' });
  for (const [name, args] of [
    ['listRecords', {}],
    ['startTraining', {}],
    ['cancelTraining', { jobId: 1 }],
  ] as const) {
    const r = await dispatchApiCall(api.handlers, name, args);
    assert.equal(r.ok, false, name);
    assert.equal(!r.ok && r.error.code, 'not_available', name);
  }
  const caps = await api.handlers.capabilities({});
  assert.equal(caps.library, false);
  assert.equal(caps.training, false);
});

test('appApi: listModels and trainingJobs read the library; unknown model id is not_found', async () => {
  const { api, library } = setup();
  assert.deepEqual((await api.handlers.listModels({})).models, []);
  const id = library.registerModel({ name: 'ecg-mtl', version: '1.0.0', path: '/m', manifest: { classes: ['NORM', 'MI'] }, metrics: { macroF1: 0.8 } });
  const active = await api.handlers.activateModel({ modelId: id });
  assert.equal(active.active, true);
  assert.deepEqual(active.classes, ['NORM', 'MI']);
  const r = await dispatchApiCall(api.handlers, 'activateModel', { modelId: 999 });
  assert.equal(!r.ok && r.error.code, 'not_found');
  assert.deepEqual((await api.handlers.trainingJobs({})).jobs, []);
  library.close();
});

test('appApi: exportReport gives an HTML report with the advisory notice and review history', async () => {
  const { api, library } = setup();
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  await api.handlers.addReview({ recordId: 1, labels: ['NORM'], reviewer: 'dr <a>' });
  const r = await api.handlers.exportReport({ recordId: 1, format: 'html', paper: 'a4' });
  assert.equal(r.mimeType, 'text/html');
  assert.match(r.content, /not a diagnosis/);
  assert.match(r.content, /dr &lt;a&gt;/);
  const j = JSON.parse((await api.handlers.exportReport({ recordId: 1, format: 'json', paper: 'a4' })).content) as { reviews: unknown[] };
  assert.equal(j.reviews.length, 1);
  library.close();
});

test('decimateMinMax: buckets keep extremes and give null for all-NaN buckets', () => {
  const x = [1, 5, -2, 0, NaN, NaN, 3];
  const { min, max } = decimateMinMax(x, 0, 7, 2);
  assert.deepEqual(min, [1, -2, null, 3]);
  assert.deepEqual(max, [5, 0, null, 3]);
});

test('signalWindow: clips to the record and converts µV leads to mV', () => {
  const rec = syntheticTwelveLead({ durationSec: 1, samplingRateHz: 100 });
  const lead = rec.leads[0];
  assert.ok(lead);
  lead.unit = 'uV';
  lead.samples = new Float32Array(100).fill(1000);
  const w = signalWindow(rec, 7, { variant: 'original', startSec: 0.9, durationSec: 5, maxPoints: 100, leads: ['I'] });
  assert.equal(w.sampleCount, 10);
  assert.equal(w.leads[0]?.unit, 'mV');
  assertClose(w.leads[0]?.values?.[0] as number, 1, { atol: 1e-9 });
});

test('appApi: with a model port, analyse stores the analysis and "confirm" takes the model’s labels', async () => {
  const models = {
    classify: async () => ({
      model: { name: 'test-net', version: '0.1.0' },
      backend: 'cpu',
      classes: [
        { code: 'NORM', label: 'Normal ECG', probability: 0.91 },
        { code: 'MI', label: 'Myocardial infarction', probability: 0.04 },
      ],
    }),
  };
  const { api, library } = setup({ models });
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const a = await api.handlers.analyse({ recordId: 1 });
  assert.deepEqual(a.classification?.model, { name: 'test-net', version: '0.1.0' });
  assert.equal(library.latestAnalysis(1)?.probabilities['NORM'], 0.91);
  const review = await api.handlers.addReview({ recordId: 1, reviewer: 'dr a' });
  assert.deepEqual([review.action, review.labels], ['confirmed', ['NORM']]);
  assert.equal((await api.handlers.capabilities({})).classification, true);
  library.close();
});

test('appApi: getAnnotations returns the beats inside the window, capped by limit', async () => {
  const { api, library, record } = setup();
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  const all = await api.handlers.getAnnotations({ recordId: 1, startSec: 0, durationSec: 10, limit: 5000 });
  const fs = record.samplingRateHz;
  const expected = record.annotations.filter((a) => a.sampleIdx < 10 * fs).length;
  assert.ok(expected > 5, 'the simulator annotates each beat');
  assert.equal(all.annotations.length, expected);
  assert.equal(all.truncated, false);
  const part = await api.handlers.getAnnotations({ recordId: 1, startSec: 2, durationSec: 3, limit: 2 });
  assert.equal(part.annotations.length, 2);
  assert.equal(part.truncated, true);
  assert.ok(part.annotations.every((a) => a.sampleIdx >= 2 * fs && a.sampleIdx < 5 * fs));
  library.close();
});

test('appApi: exportReport as PDF lays out the 3×4 page with the latest review and hands it to the renderer', async () => {
  const docs: ReportDocument[] = [];
  const { api, library } = setup({
    appVersion: '9.9.9',
    renderPdf: async (doc) => {
      docs.push(doc);
      return new TextEncoder().encode('%PDF-1.3 fake');
    },
  });
  await api.handlers.importFiles({ paths: ['/data/rec.edf'] });
  await api.handlers.addReview({ recordId: 1, labels: ['NORM'], reviewer: 'dr-pdf' });
  const r = await api.handlers.exportReport({ recordId: 1, format: 'pdf', paper: 'letter' });
  assert.equal(r.mimeType, 'application/pdf');
  assert.equal(r.encoding, 'base64');
  assert.equal(Buffer.from(r.content, 'base64').toString('latin1'), '%PDF-1.3 fake');
  assert.equal(docs.length, 1);
  const text = JSON.stringify(docs[0]);
  assert.match(text, /dr-pdf/);
  assert.match(text, /9\.9\.9/);
  await assert.rejects(setup().api.handlers.exportReport({ recordId: 1, format: 'pdf', paper: 'a4' }), (e: Error) => e.name === 'ApiError');
  library.close();
});

test('appApi: a long record is denoised around the window shown, matching the whole-record result there', async () => {
  const { api, library } = setup({ analysis: { denoise: filterDenoise } });
  const long = syntheticRecord({ durationSec: 900, samplingRateHz: 250, seed: 4 });
  const { recordId } = library.insertRecord({ record: long, contentHash: 'long-1', sourcePath: '/data/long.edf' });
  const w = await api.handlers.getSignals({ recordId, variant: 'denoised', startSec: 600, durationSec: 10, maxPoints: 5000 });
  assert.equal(w.startSample, 600 * 250);
  assert.equal(w.sampleCount, 2500);
  const whole = filterDenoise(library.loadRecord(recordId) as EcgRecord).record;
  const lead = w.leads[0]!;
  const values = lead.values as (number | null)[];
  let maxErr = 0;
  for (let i = 0; i < values.length; i++) maxErr = Math.max(maxErr, Math.abs((values[i] as number) - (whole.leads[0]!.samples[600 * 250 + i] as number)));
  assert.ok(maxErr < 1e-3, `window vs whole-record denoising differ by ${maxErr} mV`);
  const d = await api.handlers.denoise({ recordId });
  assert.match(d.method, /ecgFilter/);
  library.close();
});
