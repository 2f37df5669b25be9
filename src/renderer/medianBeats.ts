// The median-beats panel: each lead's representative beat on ECG paper (25 mm/s, 10 mm/mV), 3 × 4 as resting-ECG
// printouts show them, with the global fiducials (P onset, QRS onset/offset, T offset) as dashed lines.
import type { MedianBeatsView } from '../shared/api';
import { h } from './dom';
import { drawGrid, orderLeads, PAPER_COLOURS } from './paper';

const SPEED_MM_PER_SEC = 25;
const GAIN_MM_PER_MV = 10;
/** Height of one lead's cell (mm): ±1.5 mV at 10 mm/mV, on whole 5 mm boxes. */
const ROW_MM = 30;

/** Cells of the 3 × 4 arrangement: column-major (I, II, III | aVR, aVL, aVF | V1–V3 | V4–V6) for 12 standard leads. */
export function medianBeatGrid(leads: readonly string[]): { lead: string; col: number; row: number }[] {
  const ordered = orderLeads(leads);
  const cols = ordered.length >= 12 ? 4 : Math.min(4, ordered.length);
  const rows = Math.ceil(ordered.length / cols);
  return ordered.map((lead, i) => ({ lead, col: Math.floor(i / rows), row: i % rows }));
}

/** A canvas with the median beats, sized to `widthCssPx`; its data-* attributes describe what it shows. */
export function medianBeatsCanvas(beats: MedianBeatsView, widthCssPx: number): HTMLCanvasElement {
  const cells = medianBeatGrid(beats.leads.map((l) => l.lead));
  const cols = Math.max(1, ...cells.map((c) => c.col + 1));
  const rows = Math.max(1, ...cells.map((c) => c.row + 1));
  const samples = beats.leads[0]?.amplitudeUv.length ?? 0;
  // Each cell spans the beat window rounded up to whole 5 mm boxes, so every cell starts on a major line.
  const cellMm = Math.ceil(((samples / beats.samplingRateHz) * SPEED_MM_PER_SEC) / 5) * 5;
  const pxPerMm = widthCssPx / (cols * cellMm);
  const ratio = globalThis.devicePixelRatio || 1;
  const canvas = h('canvas', {
    class: 'median-beats',
    'data-testid': 'median-beats',
    'data-leads': String(beats.leads.length),
    'data-beats': String(beats.beatCount),
    'aria-label': `Median beats of ${beats.leads.length} leads from ${beats.beatCount} beats`,
  }) as HTMLCanvasElement;
  const heightCssPx = rows * ROW_MM * pxPerMm;
  canvas.width = Math.round(widthCssPx * ratio);
  canvas.height = Math.round(heightCssPx * ratio);
  canvas.style.width = `${widthCssPx}px`;
  canvas.style.height = `${heightCssPx}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  drawGrid(ctx, widthCssPx, heightCssPx, pxPerMm);
  const pxPerSample = (SPEED_MM_PER_SEC * pxPerMm) / beats.samplingRateHz;
  const pxPerUv = (GAIN_MM_PER_MV * pxPerMm) / 1000;
  const byLead = new Map(beats.leads.map((l) => [l.lead, l.amplitudeUv]));
  const f = beats.fiducialsMs;
  const marks = [f.pOnset, f.qrsOnset, f.qrsOffset, f.tOffset].filter((v): v is number => v !== null);
  for (const cell of cells) {
    const x0 = cell.col * cellMm * pxPerMm;
    const baseline = (cell.row * ROW_MM + ROW_MM / 2) * pxPerMm;
    // Fiducials: the same instants in every lead (global boundaries, as in the Glasgow program).
    ctx.save();
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = '#3b6fb6';
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    for (const ms of marks) {
      const x = x0 + (beats.rSampleIdx + (ms * beats.samplingRateHz) / 1000) * pxPerSample;
      ctx.moveTo(x, baseline - (ROW_MM / 2 - 2) * pxPerMm);
      ctx.lineTo(x, baseline + (ROW_MM / 2 - 2) * pxPerMm);
    }
    ctx.stroke();
    ctx.restore();
    const trace = byLead.get(cell.lead) ?? [];
    ctx.beginPath();
    ctx.strokeStyle = PAPER_COLOURS.trace;
    ctx.lineWidth = 1.2;
    trace.forEach((uv, i) => {
      const x = x0 + i * pxPerSample;
      const y = baseline - uv * pxPerUv;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = PAPER_COLOURS.trace;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(cell.lead, x0 + 3, cell.row * ROW_MM * pxPerMm + 12);
  }
  return canvas;
}
