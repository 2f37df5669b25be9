// The overview strip of a long record (chart.js): a min/max envelope of one lead and the visible window; click to jump.
import type { ApiClient, RecordDetail } from '../shared/api';
import { h } from './dom';

/** chart.js is ESM-only; a dynamic import keeps this CommonJS-typed file valid and esbuild bundles it inline. */
const chartJs = import('chart.js').then((m) => {
  m.Chart.register(m.LineController, m.LineElement, m.PointElement, m.LinearScale, m.CategoryScale, m.Filler);
  return m;
});
type ChartModule = Awaited<typeof chartJs>;
type LineChart = InstanceType<ChartModule['Chart']>;

/** Draws the visible window as a shaded box over the envelope. */
const windowBox = {
  id: 'windowBox',
  afterDatasetsDraw(chart: LineChart) {
    const state = (chart as unknown as { windowSec?: [number, number] }).windowSec;
    if (!state) return;
    const x = chart.scales['x'];
    if (!x) return;
    const { top, bottom } = chart.chartArea;
    const x0 = x.getPixelForValue(state[0]);
    const x1 = Math.max(x0 + 2, x.getPixelForValue(state[1]));
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(200, 40, 40, 0.15)';
    ctx.strokeStyle = '#c62828';
    ctx.lineWidth = 1.5;
    ctx.fillRect(x0, top, x1 - x0, bottom - top);
    ctx.strokeRect(x0, top, x1 - x0, bottom - top);
    ctx.restore();
  },
};

export class Minimap {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: LineChart | undefined;
  private durationSec = 0;
  private token = 0;

  constructor(private readonly onJump: (sec: number) => void) {
    this.canvas = h('canvas', { 'data-testid': 'minimap' });
    this.element = h('div', { class: 'minimap', hidden: true }, this.canvas);
    this.canvas.addEventListener('click', (e) => {
      const x = this.chart?.scales['x'];
      if (!x) return;
      const r = this.canvas.getBoundingClientRect();
      this.onJump(x.getValueForPixel(e.clientX - r.left) ?? 0);
    });
  }

  /** Loads the envelope when the record is longer than a page; short records need no overview. */
  load(client: ApiClient, record: RecordDetail): void {
    const token = ++this.token;
    this.chart?.destroy();
    this.chart = undefined;
    this.durationSec = record.durationSec;
    this.element.hidden = record.durationSec <= 12;
    if (this.element.hidden) return;
    const lead = record.leads.includes('II') ? 'II' : record.leads[0];
    if (lead === undefined) return;
    Promise.all([chartJs, client.call('getSignals', { recordId: record.id, startSec: 0, durationSec: record.durationSec, maxPoints: 1600, leads: [lead] })])
      .then(([{ Chart }, w]) => {
        if (token !== this.token) return;
        const l = w.leads[0];
        const n = l?.min?.length ?? l?.values?.length ?? 0;
        const t = (i: number) => ((w.startSample + i * w.samplesPerBucket) / w.samplingRateHz);
        const lo = (l?.min ?? l?.values ?? []).map((v, i) => ({ x: t(i), y: v }));
        const hi = (l?.max ?? l?.values ?? []).map((v, i) => ({ x: t(i), y: v }));
        this.chart = new Chart(this.canvas, {
          type: 'line',
          data: {
            datasets: [
              { data: lo as { x: number; y: number }[], borderColor: '#333', borderWidth: 0.6, pointRadius: 0, fill: false },
              { data: hi as { x: number; y: number }[], borderColor: '#333', borderWidth: 0.6, pointRadius: 0, fill: '-1', backgroundColor: 'rgba(40,40,40,0.35)' },
            ],
          },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            parsing: false,
            normalized: true,
            events: [],
            plugins: { legend: { display: false }, tooltip: { enabled: false } },
            scales: {
              x: { type: 'linear', min: 0, max: this.durationSec, ticks: { maxTicksLimit: 12, callback: (v) => fmtClock(Number(v)), font: { size: 10 } }, grid: { display: false } },
              y: { display: false },
            },
          },
          plugins: [windowBox],
        });
        if (n === 0) this.element.hidden = true;
      })
      .catch(() => {
        this.element.hidden = true;
      });
  }

  setWindow(startSec: number, windowSec: number): void {
    if (!this.chart) return;
    (this.chart as unknown as { windowSec?: [number, number] }).windowSec = [startSec, startSec + windowSec];
    this.chart.draw();
  }
}

function fmtClock(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = Math.floor(sec % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}
