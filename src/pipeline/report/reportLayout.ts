// Page layout of the printed ECG: calibrated grid, 3×4 + rhythm strip or 12×1 traces, header and footer, in PDF points.
import { leadMillivolts, type EcgRecord } from '../../shared/ecgRecord';
import { normalizeLeadName } from '../../shared/leads';
import { millivoltsPerUnit } from '../../shared/units';
import type { ReportInput } from './reportInput';
import { reportMeasurements, type ReportMeasurements } from './reportMeasurements';
import { reportText, type ReportText } from './reportContent';

/** PDF user space unit: 1 pt = 1/72 in, so 1 mm = 72/25.4 pt. */
export const PT_PER_MM = 72 / 25.4;
export const mm = (v: number): number => v * PT_PER_MM;

export type Paper = 'a4' | 'letter';
export type Layout = '3x4' | '12x1';

/** Landscape page sizes, mm (ISO 216 A4; US Letter 8.5 × 11 in). */
export const PAPER_MM: Record<Paper, { widthMm: number; heightMm: number }> = {
  a4: { widthMm: 297, heightMm: 210 },
  letter: { widthMm: 11 * 25.4, heightMm: 8.5 * 25.4 },
};

/** Standard recording scale (AHA/ACCF/HRS, Kligfield et al. 2007): 25 mm/s and 10 mm/mV. */
export const PAPER_SPEED_MM_PER_S = 25;
export const GAIN_MM_PER_MV: Record<Layout, number> = { '3x4': 10, '12x1': 5 };
/** Printed window, s. */
export const WINDOW_SEC = 10;

/** Grid: 1 mm minor and 5 mm major squares, 265 × 150 mm (53 × 30 large squares), same on A4 and Letter. */
export const GRID = { widthMm: 265, heightMm: 150, topMm: 47, minorMm: 1, majorMm: 5 } as const;
/** Calibration pulse 1 mV × 0.2 s at the start of each row; traces start 10 mm into the grid. */
const TRACE_OFFSET_MM = 10;

const COLORS = { minor: '#f5bcbc', major: '#e07070', trace: '#000000', text: '#000000', muted: '#444444' };

export interface RectPt {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type DrawItem =
  | {
      kind: 'grid';
      rect: RectPt;
      minorStepPt: number;
      majorStepPt: number;
      minorColor: string;
      majorColor: string;
      minorWidthPt: number;
      majorWidthPt: number;
    }
  /** x,y pairs; a NaN pair breaks the line (missing samples). */
  | { kind: 'polyline'; points: Float64Array; color: string; widthPt: number; clip?: RectPt }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      sizePt: number;
      bold?: boolean;
      color?: string;
      widthPt?: number;
    };

export interface ReportPage {
  widthPt: number;
  heightPt: number;
  items: DrawItem[];
}

export interface ReportDocument {
  title: string;
  pages: ReportPage[];
  /** The figures and text printed, for exports and tests. */
  measurements: ReportMeasurements;
  text: ReportText;
}

export interface ReportLayoutOptions {
  paper: Paper;
  /** Pages in order; ['3x4'] by default, ['3x4', '12x1'] adds a 12×1 page. */
  layouts: Layout[];
}

const ROWS_3X4: readonly (readonly string[])[] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const ORDER_12X1 = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** Helvetica in PDF viewers is WinAnsi-encoded: keep Latin-1 and the WinAnsi extras, replace anything else. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(ch))
      out += ch;
    else if (ch === '≥') out += '>=';
    else if (ch === '≤') out += '<=';
    else if (code < 0x20) out += ' ';
    else out += '?';
  }
  return out;
}

/** The voltage lead printed for a standard lead name, or undefined when the record lacks it. */
function findLead(record: EcgRecord, name: string) {
  return record.leads.find(
    (l) => normalizeLeadName(l.name) === name && millivoltsPerUnit(l.unit) !== undefined,
  );
}

/** Lead of the rhythm strip: II, else the first voltage lead. */
function rhythmLead(record: EcgRecord) {
  return findLead(record, 'II') ?? record.leads.find((l) => millivoltsPerUnit(l.unit) !== undefined);
}

function median(values: Float32Array): number {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return finite.length === 0 ? 0 : (finite[finite.length >> 1] as number);
}

/**
 * Trace points (pt) of `samplesMv[from, from+count)`, drawn from x0 at 25 mm/s around the baseline y0 (the
 * segment's median, so offsets do not push traces off their row). Up to 500 Hz every sample is kept (0.05 mm
 * apart at 25 mm/s); above, each bucket of ceil(fs/500) samples gives its min and max in time order, so peaks survive.
 */
export function tracePoints(
  samplesMv: Float32Array,
  from: number,
  count: number,
  samplingRateHz: number,
  x0: number,
  y0: number,
  gainMmPerMv: number,
): Float64Array {
  const seg = samplesMv.subarray(Math.max(0, from), Math.min(samplesMv.length, from + count));
  const base = median(seg);
  const xPerSample = mm(PAPER_SPEED_MM_PER_S) / samplingRateHz;
  const yPerMv = mm(gainMmPerMv);
  const bucket = Math.max(1, Math.ceil(samplingRateHz / 500));
  const out: number[] = [];
  const push = (i: number) => {
    const v = seg[i] as number;
    if (Number.isFinite(v)) out.push(x0 + i * xPerSample, y0 - (v - base) * yPerMv);
    else if (out.length > 0 && !Number.isNaN(out[out.length - 1] as number)) out.push(NaN, NaN);
  };
  if (bucket === 1) {
    for (let i = 0; i < seg.length; i++) push(i);
  } else {
    for (let b = 0; b < seg.length; b += bucket) {
      let lo = -1;
      let hi = -1;
      for (let i = b; i < Math.min(seg.length, b + bucket); i++) {
        const v = seg[i] as number;
        if (!Number.isFinite(v)) continue;
        if (lo < 0 || v < (seg[lo] as number)) lo = i;
        if (hi < 0 || v > (seg[hi] as number)) hi = i;
      }
      if (lo < 0) push(b);
      else if (lo === hi) push(lo);
      else for (const i of lo < hi ? [lo, hi] : [hi, lo]) push(i);
    }
  }
  return Float64Array.from(out);
}

/** The 1 mV calibration pulse (0.2 s wide) with its baseline run-in and run-out, starting at x0. */
function calibrationPulse(x0: number, y0: number, gainMmPerMv: number): Float64Array {
  const top = y0 - mm(gainMmPerMv);
  return Float64Array.from([
    x0,
    y0,
    x0 + mm(2),
    y0,
    x0 + mm(2),
    top,
    x0 + mm(7),
    top,
    x0 + mm(7),
    y0,
    x0 + mm(9),
    y0,
  ]);
}

function textBlock(
  items: DrawItem[],
  lines: readonly string[],
  x: number,
  y: number,
  widthPt: number,
  sizePt: number,
  maxLines: number,
): void {
  lines
    .slice(0, maxLines)
    .forEach((line, i) =>
      items.push({ kind: 'text', x, y: y + i * sizePt * 1.32, text: toWinAnsi(line), sizePt, widthPt }),
    );
}

/** Header (patient, measurements, diagnoses) and footer (scale, trace source, version, advisory, licence). */
function frame(
  items: DrawItem[],
  text: ReportText,
  gridRect: RectPt,
  gainMmPerMv: number,
  pageNo: number,
  pageCount: number,
): void {
  const x0 = gridRect.x;
  const top = mm(7);
  items.push({
    kind: 'text',
    x: x0,
    y: top,
    text: toWinAnsi(`ECG Studio - ${text.title}`),
    sizePt: 11,
    bold: true,
  });
  const body = top + mm(6);
  const size = 7.5;
  const col = [mm(95), mm(72), mm(98)];
  const heads = ['Patient and acquisition', 'Measurements', 'Interpretation'];
  const colX = [x0, x0 + col[0]!, x0 + col[0]! + col[1]!];
  heads.forEach((h, i) =>
    items.push({ kind: 'text', x: colX[i] as number, y: body, text: h, sizePt: 8, bold: true }),
  );
  const first = body + 8 * 1.45;
  const maxLines = Math.floor((gridRect.y - mm(2) - first) / (size * 1.32));
  textBlock(items, [...text.recordLines, text.traceLine], colX[0]!, first, col[0]! - mm(3), size, maxLines);
  textBlock(items, text.measurementLines, colX[1]!, first, col[1]! - mm(3), size, maxLines);
  textBlock(items, [...text.diagnosisLines, ...text.reviewLines], colX[2]!, first, col[2]!, size, maxLines);

  const below = gridRect.y + gridRect.height + mm(1.5);
  const scale = `${PAPER_SPEED_MM_PER_S} mm/s   ${gainMmPerMv} mm/mV   ${text.traceLine}`;
  items.push({ kind: 'text', x: x0, y: below, text: toWinAnsi(scale), sizePt: 7, bold: true });
  items.push({
    kind: 'text',
    x: x0 + mm(100),
    y: below,
    text: toWinAnsi(text.footer),
    sizePt: 7,
    widthPt: gridRect.width - mm(120),
  });
  items.push({
    kind: 'text',
    x: x0 + gridRect.width - mm(18),
    y: below,
    text: `page ${pageNo}/${pageCount}`,
    sizePt: 7,
  });
  if (text.attribution)
    items.push({
      kind: 'text',
      x: x0,
      y: below + 7 * 1.4,
      text: toWinAnsi(text.attribution),
      sizePt: 5.5,
      color: COLORS.muted,
      widthPt: gridRect.width,
    });
}

/** The grid rectangle of a page, pt (centred horizontally, fixed distance from the top). */
export function gridRect(paper: Paper): RectPt {
  const { widthMm } = PAPER_MM[paper];
  return {
    x: mm((widthMm - GRID.widthMm) / 2),
    y: mm(GRID.topMm),
    width: mm(GRID.widthMm),
    height: mm(GRID.heightMm),
  };
}

function gridItem(rect: RectPt): DrawItem {
  return {
    kind: 'grid',
    rect,
    minorStepPt: mm(GRID.minorMm),
    majorStepPt: mm(GRID.majorMm),
    minorColor: COLORS.minor,
    majorColor: COLORS.major,
    minorWidthPt: 0.3,
    majorWidthPt: 0.75,
  };
}

interface Row {
  /** Baseline, pt. */
  y0: number;
  /** Top of the row's band, pt (labels stay below it). */
  top: number;
  labelSizePt: number;
  cells: { lead: string; startSec: number; durationSec: number; x: number }[];
}

function drawRows(
  items: DrawItem[],
  record: EcgRecord,
  rows: Row[],
  grid: RectPt,
  gainMmPerMv: number,
): void {
  const fs = record.samplingRateHz;
  for (const row of rows) {
    items.push({
      kind: 'polyline',
      points: calibrationPulse(grid.x + mm(1), row.y0, gainMmPerMv),
      color: COLORS.trace,
      widthPt: 0.8,
    });
    row.cells.forEach((cell, c) => {
      const label = cell.lead;
      const lead = label.endsWith(' (rhythm)') ? rhythmLead(record) : findLead(record, label);
      const name = lead && label.endsWith(' (rhythm)') ? `${lead.name} (rhythm)` : label;
      const labelY = Math.max(row.top + mm(0.6), row.y0 - mm(gainMmPerMv * 0.9) - row.labelSizePt);
      items.push({
        kind: 'text',
        x: cell.x + mm(1),
        y: labelY,
        text: toWinAnsi(lead ? name : `${name} (absent)`),
        sizePt: row.labelSizePt,
        bold: true,
      });
      if (c > 0) {
        items.push({
          kind: 'polyline',
          points: Float64Array.from([cell.x, row.y0 - mm(3), cell.x, row.y0 + mm(3)]),
          color: COLORS.trace,
          widthPt: 0.8,
        });
      }
      if (!lead) return;
      const from = Math.round(cell.startSec * fs);
      const count = Math.round(cell.durationSec * fs);
      items.push({
        kind: 'polyline',
        points: tracePoints(leadMillivolts(lead), from, count, fs, cell.x, row.y0, gainMmPerMv),
        color: COLORS.trace,
        widthPt: 0.6,
        clip: grid,
      });
    });
  }
}

function layout3x4(grid: RectPt): Row[] {
  const rowH = grid.height / 4;
  const traceX = grid.x + mm(TRACE_OFFSET_MM);
  const colW = mm((WINDOW_SEC / 4) * PAPER_SPEED_MM_PER_S);
  const rows: Row[] = ROWS_3X4.map((leads, r) => ({
    y0: grid.y + rowH * r + rowH * 0.6,
    top: grid.y + rowH * r,
    labelSizePt: 9,
    cells: leads.map((lead, c) => ({
      lead,
      startSec: (c * WINDOW_SEC) / 4,
      durationSec: WINDOW_SEC / 4,
      x: traceX + c * colW,
    })),
  }));
  rows.push({
    y0: grid.y + rowH * 3 + rowH * 0.6,
    top: grid.y + rowH * 3,
    labelSizePt: 9,
    cells: [{ lead: 'II (rhythm)', startSec: 0, durationSec: WINDOW_SEC, x: traceX }],
  });
  return rows;
}

function layout12x1(grid: RectPt): Row[] {
  const rowH = grid.height / 12;
  return ORDER_12X1.map((lead, r) => ({
    y0: grid.y + rowH * r + rowH * 0.62,
    top: grid.y + rowH * r,
    labelSizePt: 7.5,
    cells: [{ lead, startSec: 0, durationSec: WINDOW_SEC, x: grid.x + mm(TRACE_OFFSET_MM) }],
  }));
}

/**
 * Lays out the report: each page landscape A4 or Letter with a true-scale grid (1 mm / 5 mm squares) and traces at
 * 25 mm/s. '3x4': I/aVR/V1/V4, II/aVL/V2/V5, III/aVF/V3/V6, 2.5 s per column (consecutive quarters of the window),
 * plus a 10-s rhythm strip of II, at 10 mm/mV. '12x1': the 12 leads for 10 s each at 5 mm/mV (half gain, printed
 * on the page and shown by the calibration pulse) so that 12 rows fit. Every row starts with a 1 mV calibration pulse.
 */
export function layoutEcgReport(input: ReportInput, options: ReportLayoutOptions): ReportDocument {
  const startSec = input.startSec ?? 0;
  const measurements = reportMeasurements(input.measuredRecord ?? input.record, startSec, WINDOW_SEC);
  const text = reportText({ ...input, measurements });
  const { widthMm, heightMm } = PAPER_MM[options.paper];
  const grid = gridRect(options.paper);
  const layouts = options.layouts.length > 0 ? options.layouts : (['3x4'] as Layout[]);
  // The printed window only (views, no copies), so a long record is never scaled or scanned whole.
  const r = input.record;
  const from = Math.min(r.samplesPerLead, Math.round(startSec * r.samplingRateHz));
  const to = Math.min(r.samplesPerLead, from + Math.round(WINDOW_SEC * r.samplingRateHz));
  const windowRecord: EcgRecord = {
    ...r,
    samplesPerLead: to - from,
    leads: r.leads.map((l) => ({ ...l, samples: l.samples.subarray(from, to) })),
  };
  const pages = layouts.map((layout, i): ReportPage => {
    const gain = GAIN_MM_PER_MV[layout];
    const items: DrawItem[] = [gridItem(grid)];
    drawRows(items, windowRecord, layout === '3x4' ? layout3x4(grid) : layout12x1(grid), grid, gain);
    frame(items, text, grid, gain, i + 1, layouts.length);
    return { widthPt: mm(widthMm), heightPt: mm(heightMm), items };
  });
  return { title: `${input.record.name} - 12-lead ECG`, pages, measurements, text };
}
