// ECG paper geometry: mm ↔ px calibration, the standard lead layouts, the grid, the calibration pulse and traces.

/** CSS defines 96 px per inch, so at zoom 1 one millimetre of paper is 96 / 25.4 CSS pixels. */
export const CSS_PX_PER_MM = 96 / 25.4;

export const PAPER_SPEEDS_MM_PER_SEC = [25, 50] as const;
export const GAINS_MM_PER_MV = [5, 10, 20] as const;
export type PaperSpeed = (typeof PAPER_SPEEDS_MM_PER_SEC)[number];
export type Gain = (typeof GAINS_MM_PER_MV)[number];
export type Layout = '12x1' | '6x2' | '3x4';
export const LAYOUTS: readonly Layout[] = ['3x4', '6x2', '12x1'];

export interface PaperScale {
  /** CSS px per mm of paper (CSS_PX_PER_MM × zoom). */
  pxPerMm: number;
  speedMmPerSec: PaperSpeed;
  gainMmPerMv: Gain;
}

export const pxPerSec = (s: PaperScale): number => s.pxPerMm * s.speedMmPerSec;
export const pxPerMv = (s: PaperScale): number => s.pxPerMm * s.gainMmPerMv;

/** Which trace a panel shows. */
export type TraceMode = 'original' | 'denoised' | 'overlay';

/** One rectangle of paper showing one lead over one time interval. */
export interface Panel {
  lead: string;
  mode: TraceMode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Vertical position of 0 mV. */
  baselineY: number;
  startSec: number;
  durationSec: number;
  /** Draw a calibration pulse at the panel's left edge (first column of the page). */
  pulse: boolean;
  /** Label drawn in the panel's top-left corner. */
  label: string;
}

export interface PageLayout {
  panels: Panel[];
  widthPx: number;
  heightPx: number;
  /** Time shown across the page, from `startSec`. */
  windowSec: number;
  /** Left margin holding the calibration pulses. */
  marginPx: number;
}

const STANDARD_ORDER = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** Leads of a 12-lead record in the standard order, others after; records with fewer standard leads keep their order. */
export function orderLeads(leads: readonly string[]): string[] {
  const std = STANDARD_ORDER.filter((l) => leads.includes(l));
  if (std.length < 6) return [...leads];
  return [...std, ...leads.filter((l) => !STANDARD_ORDER.includes(l))];
}

/**
 * Snaps the page width down to whole 5 mm boxes, so the page starts and ends on major lines. Column
 * boundaries then fall at the time slot edges (2.5 s = 62.5 mm at 25 mm/s), mid-box as on printed ECGs.
 */
function snapToBoxes(px: number, pxPerMm: number): number {
  const unit = 5 * pxPerMm;
  return Math.max(unit, Math.floor(px / unit) * unit);
}

/**
 * The page for a layout, following the conventional 12-lead print formats: 3×4 and 6×2 show consecutive
 * time slots per column (I/II/III 0–2.5 s, aVR/aVL/aVF 2.5–5 s … at 25 mm/s on a 10 s page) with a lead II
 * rhythm strip over the whole window below; 12×1 shows every lead over the whole window. With `sideBySide`
 * every lead gets a row with the original on the left and the denoised trace on the right, same interval.
 */
export function layoutPage(args: {
  layout: Layout;
  leads: readonly string[];
  widthPx: number;
  /** Height available; rows grow (in whole 5 mm boxes, up to 4 mV of room) to fill it. */
  heightPx?: number;
  scale: PaperScale;
  startSec: number;
  modeOf: (lead: string) => TraceMode;
  sideBySide: boolean;
  rhythmLead?: string | undefined;
}): PageLayout {
  const { scale } = args;
  const mm = scale.pxPerMm;
  const marginPx = 10 * mm;
  const cols = args.sideBySide ? 2 : args.layout === '3x4' ? 4 : args.layout === '6x2' ? 2 : 1;
  const usable = snapToBoxes(args.widthPx - marginPx - 2 * mm, mm);
  const rowCount = args.sideBySide || args.layout === '12x1' || args.leads.length < 6 ? args.leads.length : Math.ceil(args.leads.length / cols) + 1;
  const minRowMm = Math.max(15, 2.5 * scale.gainMmPerMv);
  const fillRowMm = args.heightPx ? Math.floor((args.heightPx - 2 * mm) / Math.max(1, rowCount) / mm / 5) * 5 : 0;
  const rowMm = Math.max(minRowMm, Math.min(fillRowMm, 4 * scale.gainMmPerMv));
  const rowHeight = rowMm * mm;
  const baselineMm = Math.round((0.6 * rowMm) / 5) * 5;
  const leads = orderLeads(args.leads);
  const panels: Panel[] = [];
  const perSec = pxPerSec(scale);
  const windowSec = usable / perSec;
  const add = (lead: string, mode: TraceMode, col: number, cols: number, row: number, slotStart: number, label = lead) => {
    const width = usable / cols;
    const y = row * rowHeight;
    panels.push({
      lead,
      mode,
      x: marginPx + col * width,
      y,
      width,
      height: rowHeight,
      baselineY: y + baselineMm * mm,
      startSec: slotStart,
      durationSec: width / perSec,
      pulse: col === 0,
      label,
    });
  };
  let rows: number;
  if (args.sideBySide) {
    leads.forEach((lead, row) => {
      add(lead, 'original', 0, 2, row, args.startSec, `${lead} original`);
      add(lead, 'denoised', 1, 2, row, args.startSec, `${lead} denoised`);
    });
    rows = leads.length;
    return { panels, widthPx: args.widthPx, heightPx: rows * rowHeight + 2 * mm, windowSec: windowSec / 2, marginPx };
  }
  if (args.layout === '12x1' || leads.length < 6) {
    leads.forEach((lead, row) => add(lead, args.modeOf(lead), 0, 1, row, args.startSec));
    rows = leads.length;
  } else {
    const cols = args.layout === '3x4' ? 4 : 2;
    const perCol = Math.ceil(leads.length / cols);
    const slotSec = windowSec / cols;
    leads.forEach((lead, i) => {
      const col = Math.floor(i / perCol);
      add(lead, args.modeOf(lead), col, cols, i % perCol, args.startSec + col * slotSec);
    });
    rows = perCol;
    const rhythm = args.rhythmLead !== undefined && leads.includes(args.rhythmLead) ? args.rhythmLead : undefined;
    if (rhythm !== undefined) {
      add(rhythm, args.modeOf(rhythm), 0, 1, rows, args.startSec, `${rhythm} rhythm`);
      rows += 1;
    }
  }
  return { panels, widthPx: args.widthPx, heightPx: rows * rowHeight + 2 * mm, windowSec, marginPx };
}

export const PAPER_COLOURS = {
  background: '#fff7f5',
  minor: '#f6c9c4',
  major: '#e58f87',
  trace: '#111111',
  denoised: '#1f5fbf',
  label: '#222222',
};

/**
 * The ECG paper: 1 mm minor and 5 mm major lines from the top-left corner, so every panel (placed on
 * whole 5 mm boxes) has its time and voltage zero on a major line. Minor lines are left out when they
 * would be closer than 2 px (the major grid still holds the calibration).
 */
export function drawGrid(ctx: CanvasRenderingContext2D, widthPx: number, heightPx: number, pxPerMm: number): void {
  ctx.fillStyle = PAPER_COLOURS.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  const lines = (every: number, colour: string, lineWidth: number, skipMajor: boolean) => {
    ctx.beginPath();
    ctx.strokeStyle = colour;
    ctx.lineWidth = lineWidth;
    const n = Math.ceil(widthPx / (every * pxPerMm));
    for (let i = 0; i <= n; i++) {
      if (skipMajor && i % 5 === 0) continue;
      const x = Math.round(i * every * pxPerMm) + 0.5;
      ctx.moveTo(x, 0);
      ctx.lineTo(x, heightPx);
    }
    const m = Math.ceil(heightPx / (every * pxPerMm));
    for (let j = 0; j <= m; j++) {
      if (skipMajor && j % 5 === 0) continue;
      const y = Math.round(j * every * pxPerMm) + 0.5;
      ctx.moveTo(0, y);
      ctx.lineTo(widthPx, y);
    }
    ctx.stroke();
  };
  if (pxPerMm >= 2) lines(1, PAPER_COLOURS.minor, 0.6, true);
  lines(5, PAPER_COLOURS.major, 1, false);
}

/** The standard 1 mV calibration pulse: 1 mV high (gain mm), 0.2 s wide, on the panel's baseline. */
export function drawCalibrationPulse(ctx: CanvasRenderingContext2D, xPx: number, baselineY: number, scale: PaperScale): void {
  const h = pxPerMv(scale);
  const w = 0.2 * pxPerSec(scale);
  const lead = 2 * scale.pxPerMm;
  ctx.beginPath();
  ctx.strokeStyle = PAPER_COLOURS.trace;
  ctx.lineWidth = 1.3;
  ctx.moveTo(xPx, baselineY);
  ctx.lineTo(xPx + lead, baselineY);
  ctx.lineTo(xPx + lead, baselineY - h);
  ctx.lineTo(xPx + lead + w, baselineY - h);
  ctx.lineTo(xPx + lead + w, baselineY);
  ctx.lineTo(xPx + 2 * lead + w, baselineY);
  ctx.stroke();
}

/** Samples of one lead, raw or as min/max buckets, starting at `startSample`. */
export interface TraceData {
  samplingRateHz: number;
  startSample: number;
  samplesPerBucket: number;
  values?: ArrayLike<number | null> | undefined;
  min?: ArrayLike<number | null> | undefined;
  max?: ArrayLike<number | null> | undefined;
}

/**
 * Screen points of a trace inside a panel. Where more than one sample falls in a pixel column the column's
 * min and max are kept (so QRS peaks never vanish), otherwise every sample is a vertex. Returns segments
 * (arrays of x,y pairs) split at gaps (null samples).
 */
export function traceSegments(data: TraceData, panel: Panel, scale: PaperScale): number[][] {
  const perSec = pxPerSec(scale);
  const perMv = pxPerMv(scale);
  const fs = data.samplingRateHz;
  const bucket = data.samplesPerBucket;
  const len = data.values ? data.values.length : (data.min?.length ?? 0);
  const firstIdx = Math.max(0, Math.floor((panel.startSec * fs - data.startSample) / bucket));
  const lastIdx = Math.min(len - 1, Math.ceil(((panel.startSec + panel.durationSec) * fs - data.startSample) / bucket));
  const xOf = (idx: number) => panel.x + ((data.startSample + idx * bucket) / fs - panel.startSec) * perSec;
  const yOf = (mv: number) => panel.baselineY - mv * perMv;
  const segments: number[][] = [];
  let seg: number[] = [];
  const flush = () => {
    if (seg.length >= 2) segments.push(seg);
    seg = [];
  };
  const samplesPerPx = bucket / (perSec / fs);
  if (data.values && samplesPerPx <= 1.5) {
    for (let i = firstIdx; i <= lastIdx; i++) {
      const v = data.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        flush();
        continue;
      }
      seg.push(xOf(i), yOf(v));
    }
    flush();
    return segments;
  }
  // Min/max per pixel column: raw samples or server buckets folded into whole pixels.
  let col = Number.NaN;
  let lo = Infinity;
  let hi = -Infinity;
  const emit = () => {
    if (lo <= hi) seg.push(col + 0.5, yOf(lo), col + 0.5, yOf(hi));
    lo = Infinity;
    hi = -Infinity;
  };
  for (let i = firstIdx; i <= lastIdx; i++) {
    const a = data.values ? data.values[i] : data.min?.[i];
    const b = data.values ? data.values[i] : data.max?.[i];
    if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
      emit();
      flush();
      col = Number.NaN;
      continue;
    }
    const c = Math.floor(xOf(i));
    if (c !== col) {
      emit();
      col = c;
    }
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  emit();
  flush();
  return segments;
}

/** Caliper reading between two points on the paper. */
export function caliperReading(
  a: { x: number; y: number },
  b: { x: number; y: number },
  scale: PaperScale,
): { intervalMs: number; amplitudeMv: number; rateBpm: number | null } {
  const intervalMs = (Math.abs(b.x - a.x) / pxPerSec(scale)) * 1000;
  const amplitudeMv = (a.y - b.y) / pxPerMv(scale);
  return { intervalMs, amplitudeMv, rateBpm: intervalMs > 0 ? 60_000 / intervalMs : null };
}
