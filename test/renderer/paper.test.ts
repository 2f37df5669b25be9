import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  caliperReading,
  CSS_PX_PER_MM,
  drawCalibrationPulse,
  drawGrid,
  layoutPage,
  orderLeads,
  pxPerMv,
  pxPerSec,
  traceSegments,
  type PaperScale,
} from '../../src/renderer/paper';
import { medianBeatGrid } from '../../src/renderer/medianBeats';
import { assertClose } from '../helpers/assertClose';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const scale: PaperScale = { pxPerMm: CSS_PX_PER_MM, speedMmPerSec: 25, gainMmPerMv: 10 };

/** A canvas context that records the path vertices it is given. */
function recordingContext() {
  const moves: [number, number][] = [];
  const lines: [number, number][] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    fillRect() {},
    beginPath() {},
    stroke() {},
    moveTo(x: number, y: number) {
      moves.push([x, y]);
    },
    lineTo(x: number, y: number) {
      lines.push([x, y]);
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, moves, lines };
}

test('paper: at zoom 1, 25 mm/s and 10 mm/mV are 94.5 px per second and 37.8 px per mV', () => {
  assertClose(pxPerSec(scale), (96 / 25.4) * 25, { rtol: 1e-12 });
  assertClose(pxPerMv(scale), (96 / 25.4) * 10, { rtol: 1e-12 });
  assertClose(pxPerSec({ ...scale, speedMmPerSec: 50 }), 2 * pxPerSec(scale), { rtol: 1e-12 });
});

test('layoutPage: 3x4 puts I/II/III in 0–2.5 s, V4–V6 in 7.5–10 s and a 10 s lead II rhythm strip', () => {
  const widthPx = 12 * CSS_PX_PER_MM + 250 * CSS_PX_PER_MM + 10;
  const page = layoutPage({ layout: '3x4', leads: LEADS, widthPx, scale, startSec: 0, modeOf: () => 'original', sideBySide: false, rhythmLead: 'II' });
  assertClose(page.windowSec, 10, { atol: 1e-9 });
  const slot = (lead: string) => page.panels.find((p) => p.lead === lead && !p.label.includes('rhythm'));
  assertClose(slot('I')?.startSec as number, 0, { atol: 1e-9 });
  assertClose(slot('aVR')?.startSec as number, 2.5, { atol: 1e-9 });
  assertClose(slot('V1')?.startSec as number, 5, { atol: 1e-9 });
  assertClose(slot('V6')?.startSec as number, 7.5, { atol: 1e-9 });
  assertClose(slot('V6')?.durationSec as number, 2.5, { atol: 1e-9 });
  const rhythm = page.panels.find((p) => p.label === 'II rhythm');
  assertClose(rhythm?.durationSec as number, 10, { atol: 1e-9 });
  assert.equal(page.panels.length, 13);
});

test('layoutPage: rows, baselines and the page edges sit on 5 mm major lines', () => {
  for (const layout of ['3x4', '6x2', '12x1'] as const) {
    const page = layoutPage({ layout, leads: LEADS, widthPx: 900, heightPx: 700, scale, startSec: 3, modeOf: () => 'original', sideBySide: false, rhythmLead: 'II' });
    const right = Math.max(...page.panels.map((p) => p.x + p.width));
    for (const p of page.panels) {
      for (const [what, px] of [['y', p.y], ['baseline', p.baselineY], ['left', page.panels[0]?.x ?? 0], ['right', right]] as const) {
        const boxes = px / (5 * CSS_PX_PER_MM);
        assertClose(boxes, Math.round(boxes), { atol: 1e-6 }, `${layout} ${p.label} ${what}`);
      }
    }
  }
});

test('layoutPage: side by side gives each lead an original and a denoised panel over the same interval', () => {
  const page = layoutPage({ layout: '3x4', leads: LEADS, widthPx: 900, scale, startSec: 1, modeOf: () => 'overlay', sideBySide: true });
  assert.equal(page.panels.length, 24);
  const v1 = page.panels.filter((p) => p.lead === 'V1');
  assert.deepEqual(v1.map((p) => p.mode), ['original', 'denoised']);
  assert.equal(v1[0]?.startSec, v1[1]?.startSec);
});

test('orderLeads: 12-lead records in the standard order, other channels after; Holter channels keep theirs', () => {
  assert.deepEqual(orderLeads(['V1', 'V2', 'MLII', 'aVF', 'III', 'II', 'I']), ['I', 'II', 'III', 'aVF', 'V1', 'V2', 'MLII']);
  assert.deepEqual(orderLeads(['MLII', 'V5']), ['MLII', 'V5']);
});

test('drawGrid: minor lines every 1 mm and major every 5 mm; minor lines dropped below 2 px/mm', () => {
  const fine = recordingContext();
  drawGrid(fine.ctx, 50 * CSS_PX_PER_MM, 20 * CSS_PX_PER_MM, CSS_PX_PER_MM);
  const verticalXs = fine.moves.filter(([, y]) => y === 0).map(([x]) => x);
  // 51 vertical lines (0…50 mm) + the major ones drawn again on top: 40 minor + 11 major.
  assert.equal(verticalXs.length, 40 + 11);
  const coarse = recordingContext();
  drawGrid(coarse.ctx, 50 * 1.5, 20 * 1.5, 1.5);
  assert.equal(coarse.moves.filter(([, y]) => y === 0).length, 11);
});

test('drawCalibrationPulse: 1 mV high and 200 ms wide at the current gain and speed', () => {
  const r = recordingContext();
  drawCalibrationPulse(r.ctx, 0, 100, scale);
  const ys = r.lines.map(([, y]) => y);
  assertClose(100 - Math.min(...ys), pxPerMv(scale), { atol: 1e-9 });
  const top = r.lines.filter(([, y]) => y === 100 - pxPerMv(scale)).map(([x]) => x);
  assertClose(Math.max(...top) - Math.min(...top), 0.2 * pxPerSec(scale), { atol: 1e-9 });
});

test('traceSegments: raw samples map time and voltage onto the paper exactly', () => {
  const panel = { lead: 'II', mode: 'original' as const, x: 10, y: 0, width: 1000, height: 100, baselineY: 50, startSec: 1, durationSec: 2, pulse: false, label: 'II' };
  const hiRes = { ...scale, pxPerMm: 10 };
  const values = Array.from({ length: 1000 }, (_, i) => (i === 600 ? 1 : 0));
  const segs = traceSegments({ samplingRateHz: 250, startSample: 0, samplesPerBucket: 1, values }, panel, hiRes);
  assert.equal(segs.length, 1);
  const pts = segs[0] as number[];
  const peak = pts.findIndex((v, i) => i % 2 === 1 && v !== 50);
  // Sample 600 at 250 Hz is t = 2.4 s: 1.4 s after the panel start at 250 px/s, 1 mV = 100 px up.
  assertClose(pts[peak - 1] as number, 10 + 1.4 * 250, { atol: 1e-9 });
  assertClose(pts[peak] as number, 50 - 100, { atol: 1e-9 });
});

test('traceSegments: dense data keeps each pixel column’s extremes and breaks at gaps', () => {
  const panel = { lead: 'II', mode: 'original' as const, x: 0, y: 0, width: 200, height: 100, baselineY: 50, startSec: 0, durationSec: 10, pulse: false, label: 'II' };
  const values: (number | null)[] = Array.from({ length: 5000 }, (_, i) => (i % 250 === 100 ? 2 : 0));
  values[2600] = null;
  const coarse = { ...scale, pxPerMm: 0.8 };
  const segs = traceSegments({ samplingRateHz: 500, startSample: 0, samplesPerBucket: 1, values }, panel, coarse);
  assert.equal(segs.length, 2);
  const ys = segs.flatMap((s) => s.filter((_, i) => i % 2 === 1));
  assertClose(Math.min(...ys), 50 - 2 * pxPerMv(coarse), { atol: 1e-9 });
});

test('caliperReading: 0.8 s apart at 25 mm/s is 800 ms and 75 bpm; upward is positive mV', () => {
  const r = caliperReading({ x: 0, y: 100 }, { x: 0.8 * pxPerSec(scale), y: 100 - pxPerMv(scale) }, scale);
  assertClose(r.intervalMs, 800, { atol: 1e-9 });
  assertClose(r.rateBpm as number, 75, { atol: 1e-9 });
  assertClose(r.amplitudeMv, 1, { atol: 1e-9 });
});

test('medianBeatGrid: 12 standard leads in 3 rows × 4 columns, column-major (I II III | aVR aVL aVF | V1–V3 | V4–V6)', () => {
  const cells = medianBeatGrid([...LEADS].reverse());
  const at = (lead: string) => cells.find((c) => c.lead === lead);
  assert.deepEqual(at('I'), { lead: 'I', col: 0, row: 0 });
  assert.deepEqual(at('III'), { lead: 'III', col: 0, row: 2 });
  assert.deepEqual(at('aVR'), { lead: 'aVR', col: 1, row: 0 });
  assert.deepEqual(at('V6'), { lead: 'V6', col: 3, row: 2 });
  // Two leads (e.g. MIT-BIH): side by side.
  assert.deepEqual(medianBeatGrid(['MLII', 'V5']), [
    { lead: 'MLII', col: 0, row: 0 },
    { lead: 'V5', col: 1, row: 0 },
  ]);
});
