import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRecord, type EcgRecord } from '../../../src/shared/ecgRecord';
import {
  GRID,
  gridRect,
  layoutEcgReport,
  mm,
  PAPER_MM,
  toWinAnsi,
  tracePoints,
  type DrawItem,
  type ReportDocument,
} from '../../../src/pipeline/report/reportLayout';
import type { ReportInput } from '../../../src/pipeline/report/reportInput';
import { assertClose } from '../../helpers/assertClose';
import { DIAGNOSES, REVIEW, simulatedRecord } from './fixtures';

const base = {
  traces: { variant: 'original' } as const,
  anonymize: false,
  appVersion: '0.1.0',
  generatedAt: '2026-11-28T06:00:00.000Z',
};

function input(record: EcgRecord, over: Partial<ReportInput> = {}): ReportInput {
  return { record, ...base, ...over };
}

/** A record whose leads are given as functions of time (s), in mV. */
function recordOf(
  leads: Record<string, (tSec: number) => number>,
  samplingRateHz = 500,
  durationSec = 10,
): EcgRecord {
  const n = Math.round(samplingRateHz * durationSec);
  return emptyRecord({
    format: 'simulated',
    name: 'shapes',
    samplingRateHz,
    samplesPerLead: n,
    leads: Object.entries(leads).map(([name, f]) => ({
      name,
      originalName: name,
      unit: 'mV',
      samples: Float32Array.from({ length: n }, (_, i) => f(i / samplingRateHz)),
    })),
  });
}

const texts = (doc: ReportDocument, page = 0) =>
  doc.pages[page]!.items.filter((i): i is Extract<DrawItem, { kind: 'text' }> => i.kind === 'text');
const polylines = (doc: ReportDocument, page = 0) =>
  doc.pages[page]!.items.filter((i): i is Extract<DrawItem, { kind: 'polyline' }> => i.kind === 'polyline');
/** The trace drawn right after a lead label (labels precede their trace in the item list). */
function traceAfterLabel(doc: ReportDocument, label: string, page = 0): Float64Array {
  const items = doc.pages[page]!.items;
  const at = items.findIndex((i) => i.kind === 'text' && i.text === label);
  assert.ok(at >= 0, `label ${label}`);
  const trace = items
    .slice(at + 1)
    .find((i): i is Extract<DrawItem, { kind: 'polyline' }> => i.kind === 'polyline' && i.clip !== undefined);
  assert.ok(trace, `trace after ${label}`);
  return trace.points;
}

test('layoutEcgReport: landscape A4 (297 × 210 mm) and Letter (11 × 8.5 in) pages in points', () => {
  const rec = recordOf({ II: () => 0 });
  const a4 = layoutEcgReport(input(rec), { paper: 'a4', layouts: ['3x4'] });
  assertClose(a4.pages[0]!.widthPt, 841.89, { atol: 0.01 });
  assertClose(a4.pages[0]!.heightPt, 595.28, { atol: 0.01 });
  const letter = layoutEcgReport(input(rec), { paper: 'letter', layouts: ['3x4', '12x1'] });
  assert.equal(letter.pages.length, 2);
  for (const p of letter.pages) {
    assertClose(p.widthPt, 792, { atol: 1e-9 });
    assertClose(p.heightPt, 612, { atol: 1e-9 });
  }
});

test('layoutEcgReport: grid of 1 mm and 5 mm squares (72/25.4 pt per mm), 265 × 150 mm, inside the page', () => {
  for (const paper of ['a4', 'letter'] as const) {
    const doc = layoutEcgReport(input(recordOf({ II: () => 0 })), { paper, layouts: ['3x4'] });
    const grid = doc.pages[0]!.items[0]!;
    assert.equal(grid.kind, 'grid');
    if (grid.kind !== 'grid') return;
    assertClose(grid.minorStepPt, 72 / 25.4, { atol: 1e-12 });
    assertClose(grid.majorStepPt, (5 * 72) / 25.4, { atol: 1e-12 });
    assertClose(grid.rect.width, mm(GRID.widthMm), { atol: 1e-9 });
    assertClose(grid.rect.height, mm(GRID.heightMm), { atol: 1e-9 });
    assert.ok(
      grid.rect.x >= mm(6) && grid.rect.x + grid.rect.width <= mm(PAPER_MM[paper].widthMm - 6),
      paper,
    );
    assert.ok(grid.rect.y + grid.rect.height <= mm(PAPER_MM[paper].heightMm - 10), paper);
    assert.deepEqual(grid.rect, gridRect(paper));
  }
});

test('layoutEcgReport: traces at 25 mm/s and 10 mm/mV (a 1 mV step is 10 mm tall; 1 s is 25 mm wide)', () => {
  const rec = recordOf({ II: (t) => (t >= 5 ? 1 : 0) });
  const doc = layoutEcgReport(input(rec), { paper: 'a4', layouts: ['3x4'] });
  const p = traceAfterLabel(doc, 'II (rhythm)');
  assert.equal(p.length, 2 * 5000);
  assertClose((p[2 * 500] as number) - (p[0] as number), mm(25), { atol: 1e-9 });
  assertClose((p[1] as number) - (p[2 * 4999 + 1] as number), mm(10), { atol: 1e-4 });
  // 12×1 at half gain: the same step is 5 mm.
  const twelve = layoutEcgReport(input(rec), { paper: 'a4', layouts: ['12x1'] });
  const q = traceAfterLabel(twelve, 'II');
  assertClose((q[1] as number) - (q[2 * 4999 + 1] as number), mm(5), { atol: 1e-4 });
});

test('layoutEcgReport: each row starts with a 1 mV calibration pulse 0.2 s (5 mm) wide', () => {
  const rec = simulatedRecord();
  for (const [layout, gain, rows] of [
    ['3x4', 10, 4],
    ['12x1', 5, 12],
  ] as const) {
    const doc = layoutEcgReport(input(rec), { paper: 'a4', layouts: [layout] });
    const pulses = polylines(doc).filter((l) => l.points.length === 12);
    assert.equal(pulses.length, rows, layout);
    for (const { points: c } of pulses) {
      assertClose((c[1] as number) - (c[5] as number), mm(gain), { atol: 1e-9 });
      assertClose((c[6] as number) - (c[4] as number), mm(5), { atol: 1e-9 });
    }
  }
});

test('layoutEcgReport: 3×4 columns I/aVR/V1/V4, II/aVL/V2/V5, III/aVF/V3/V6 show consecutive 2.5-s quarters', () => {
  const rec = simulatedRecord();
  const doc = layoutEcgReport(input(rec), { paper: 'a4', layouts: ['3x4'] });
  const labels = texts(doc).filter((t) => t.bold && t.sizePt === 9);
  assert.deepEqual(
    labels.map((l) => l.text),
    ['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6', 'II (rhythm)'],
  );
  const xs = labels.slice(0, 4).map((l) => l.x);
  for (let c = 1; c < 4; c++)
    assertClose((xs[c] as number) - (xs[c - 1] as number), mm(62.5), { atol: 1e-9 });
  const v4 = traceAfterLabel(doc, 'V4');
  assert.equal(v4.length, 2 * 1250);
  // The V4 cell starts at the 7.5-s sample: same shape as the record's V4 from sample 3750 on.
  const lead = rec.leads.find((l) => l.name === 'V4')!.samples;
  const gainPt = mm(10);
  for (const i of [0, 100, 600, 1249]) {
    assertClose(
      ((v4[1] as number) - (v4[2 * i + 1] as number)) / gainPt,
      (lead[3750 + i] as number) - (lead[3750] as number),
      { atol: 1e-4 },
    );
  }
});

test('layoutEcgReport: --start moves the window; absent leads are labelled and left empty; rhythm falls back to the first lead', () => {
  const rec = recordOf({ MLII: (t) => (t >= 3 ? 1 : 0), V5: () => 0 }, 360, 20);
  const doc = layoutEcgReport(input(rec, { startSec: 2 }), { paper: 'a4', layouts: ['3x4'] });
  const names = texts(doc)
    .filter((t) => t.bold && t.sizePt === 9)
    .map((t) => t.text);
  assert.ok(names.includes('I (absent)'));
  assert.ok(names.includes('V5'));
  assert.ok(names.includes('MLII (rhythm)'));
  const rhythm = traceAfterLabel(doc, 'MLII (rhythm)');
  assert.equal(rhythm.length, 2 * 3600);
  // The step at 3 s sits 1 s (25 mm) after the start of the 2-s window.
  const stepAt = Array.from({ length: 3599 }, (_, i) => i).find(
    (i) => Math.abs((rhythm[2 * i + 3] as number) - (rhythm[2 * i + 1] as number)) > mm(5),
  );
  assert.equal(stepAt, 359);
});

test('tracePoints: up to 500 Hz all samples; above, min/max per bucket keeps a one-sample spike; NaN breaks the line', () => {
  const fs = 1000;
  const x = new Float32Array(2000);
  x[777] = 2;
  x.fill(NaN, 1500, 1510);
  const p = tracePoints(x, 0, 2000, fs, 0, 100, 10);
  assert.ok(p.length <= 2 * 2 * 1000 + 4);
  let minY = Infinity;
  for (let i = 1; i < p.length; i += 2)
    if (Number.isFinite(p[i] as number)) minY = Math.min(minY, p[i] as number);
  assertClose(100 - minY, mm(20), { atol: 1e-4 });
  assert.ok(Array.from(p).some(Number.isNaN));
  assert.equal(tracePoints(new Float32Array(500), 0, 500, 500, 0, 0, 10).length, 1000);
});

test('layoutEcgReport: header texts; anonymised pages carry no name, id or birth date; diagnoses bring the PTB-XL attribution', () => {
  const rec = simulatedRecord();
  const named = layoutEcgReport(input(rec, { diagnoses: DIAGNOSES, review: REVIEW }), {
    paper: 'a4',
    layouts: ['3x4', '12x1'],
  });
  const all = (d: ReportDocument) => d.pages.flatMap((_, i) => texts(d, i).map((t) => t.text)).join('\n');
  const t1 = all(named);
  for (const s of [
    'Doe^Jane',
    'P-123',
    '1971-03-02',
    'Heart rate: 72',
    'Normal ECG (NORM): 91 %',
    'Review: confirmed by Dr. A. Example',
    'PTB-XL (CC BY 4.0)',
    'Sci Data 7:154',
    'advisory, not a diagnosis',
    'ECG Studio 0.1.0',
    '25 mm/s   10 mm/mV',
    '25 mm/s   5 mm/mV',
    'page 2/2',
    'Traces: original',
  ]) {
    assert.ok(t1.includes(s), s);
  }
  const anon = layoutEcgReport(
    input(rec, { anonymize: true, traces: { variant: 'denoised', method: 'filter 0.5-40 Hz' } }),
    { paper: 'a4', layouts: ['3x4'] },
  );
  const t2 = all(anon);
  for (const s of ['Doe', 'P-123', '1971', '2024-05-06', 'PTB-XL']) assert.ok(!t2.includes(s), s);
  assert.ok(t2.includes('Patient: anonymised (sex female, age 54 y)'));
  assert.ok(t2.includes('Traces: denoised (filter 0.5-40 Hz)'));
  assert.ok(t2.includes('Model diagnoses: no analysis supplied'));
});

test('toWinAnsi: keeps Latin-1 and WinAnsi punctuation, replaces the rest', () => {
  assert.equal(toWinAnsi('QRS 90° – µV • “x”'), 'QRS 90° – µV • “x”');
  assert.equal(toWinAnsi('≥ 0.5 ≤ 2 Ж\t'), '>= 0.5 <= 2 ? ');
});

test('layoutEcgReport: a 1-h record in µV prints its window in mV (1000 µV step = 10 mm) from the --start time', () => {
  const fs = 250;
  const n = 3600 * fs;
  const samples = new Float32Array(n);
  samples.fill(1000, 1800 * fs + 5 * fs);
  const rec = emptyRecord({
    format: 'simulated',
    name: 'holter',
    samplingRateHz: fs,
    samplesPerLead: n,
    leads: [{ name: 'II', originalName: 'II', unit: 'uV', samples }],
  });
  const doc = layoutEcgReport(input(rec, { startSec: 1800 }), { paper: 'a4', layouts: ['3x4'] });
  const p = traceAfterLabel(doc, 'II (rhythm)');
  assert.equal(p.length, 2 * 10 * fs);
  assertClose((p[1] as number) - (p[p.length - 1] as number), mm(10), { atol: 1e-4 });
  assert.equal(doc.measurements.windowStartSec, 1800);
  assert.equal(doc.measurements.windowDurationSec, 10);
});
