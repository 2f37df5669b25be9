// The 12-lead viewer: calibrated paper, standard layouts, original/denoised traces, pan, zoom, calipers, minimap.
import type { ApiClient, RecordDetail, SignalVariant, SignalWindow } from '../shared/api';
import { ApiCallError } from './apiClient';
import { h } from './dom';
import { Minimap } from './minimap';
import {
  caliperReading,
  CSS_PX_PER_MM,
  drawCalibrationPulse,
  drawGrid,
  GAINS_MM_PER_MV,
  layoutPage,
  PAPER_COLOURS,
  PAPER_SPEEDS_MM_PER_SEC,
  pxPerSec,
  traceSegments,
  type Gain,
  type Layout,
  type PageLayout,
  type Panel,
  type PaperScale,
  type PaperSpeed,
  type TraceMode,
} from './paper';

export type DisplayMode = 'original' | 'denoised' | 'overlay' | 'side-by-side';
export const DISPLAY_MODES: readonly DisplayMode[] = ['original', 'overlay', 'side-by-side', 'denoised'];
export const ZOOMS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 2.5, 3] as const;
/** The server answers at most this many points per lead (MAX_POINTS_PER_LEAD in the contract). */
const MAX_POINTS = 20_000;

interface Loaded {
  fromSec: number;
  toSec: number;
  samplesPerBucket: number;
  window: SignalWindow;
}

export interface ViewerSettings {
  layout: Layout;
  speed: PaperSpeed;
  gain: Gain;
  zoomIdx: number;
  display: DisplayMode;
}

/** Timing of the last frames, read by the UI benchmark. */
export const viewerStats = { frames: 0, lastFrameMs: 0, totalFrameMs: 0, firstPaintMs: 0 };

export class EcgViewer {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly scroller: HTMLElement;
  private readonly caliperBox: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly minimap: Minimap;
  private record: RecordDetail | undefined;
  private loaded: Partial<Record<SignalVariant, Loaded>> = {};
  private inFlight: Partial<Record<SignalVariant, string>> = {};
  private denoiseError: string | undefined;
  private annotations: { fromSec: number; toSec: number; items: { sampleIdx: number; code: string; aux?: string | undefined }[] } | undefined;
  private annotationsInFlight = false;
  private page: PageLayout | undefined;
  private startSec = 0;
  private leadModes = new Map<string, TraceMode>();
  private caliperMode = false;
  private caliperA: { x: number; y: number } | undefined;
  private caliperB: { x: number; y: number } | undefined;
  private frameRequested = false;
  private openedAt = 0;
  settings: ViewerSettings = { layout: '3x4', speed: 25, gain: 10, zoomIdx: 8, display: 'original' };
  onChange: () => void = () => {};

  constructor(private readonly client: ApiClient) {
    this.canvas = h('canvas', { class: 'paper', 'data-testid': 'ecg-paper', role: 'img', 'aria-label': 'ECG traces on calibrated paper' });
    this.overlay = h('canvas', { class: 'paper-overlay' });
    this.caliperBox = h('div', { class: 'caliper-readout', 'data-testid': 'caliper-readout', hidden: true });
    this.statusLine = h('div', { class: 'viewer-status' });
    this.scroller = h('div', { class: 'paper-scroller' }, this.canvas, this.overlay, this.caliperBox);
    this.minimap = new Minimap((sec) => this.centreOn(sec));
    this.element = h('div', { class: 'viewer' }, this.scroller, this.minimap.element, this.statusLine);
    this.installPointer();
    new ResizeObserver(() => this.requestFrame()).observe(this.scroller);
  }

  get scale(): PaperScale {
    return { pxPerMm: CSS_PX_PER_MM * (ZOOMS[this.settings.zoomIdx] ?? 1), speedMmPerSec: this.settings.speed, gainMmPerMv: this.settings.gain };
  }

  get currentRecord(): RecordDetail | undefined {
    return this.record;
  }

  /** Zoom that fits a 10 s page (or the whole record when shorter) across the paper width. */
  private fitZoom(): void {
    const width = this.scroller.clientWidth || 800;
    const wantSec = Math.min(10, this.record?.durationSec ?? 10);
    let best = 0;
    ZOOMS.forEach((z, i) => {
      const usable = width - 12 * CSS_PX_PER_MM * z;
      if (usable / (CSS_PX_PER_MM * z * this.settings.speed) >= wantSec * 0.999 || i === 0) best = i;
    });
    this.settings.zoomIdx = best;
  }

  async open(record: RecordDetail): Promise<void> {
    this.openedAt = performance.now();
    viewerStats.firstPaintMs = 0;
    this.record = record;
    this.loaded = {};
    this.inFlight = {};
    this.denoiseError = undefined;
    this.annotations = undefined;
    this.annotationsInFlight = false;
    this.startSec = 0;
    this.leadModes.clear();
    this.caliperA = this.caliperB = undefined;
    this.fitZoom();
    this.minimap.load(this.client, record);
    this.requestFrame();
  }

  set<K extends keyof ViewerSettings>(key: K, value: ViewerSettings[K]): void {
    this.settings[key] = value;
    this.clampStart();
    this.requestFrame();
    this.onChange();
  }

  cycle(key: 'speed' | 'gain' | 'layout' | 'display', dir = 1): void {
    const lists = { speed: PAPER_SPEEDS_MM_PER_SEC, gain: GAINS_MM_PER_MV, layout: ['3x4', '6x2', '12x1'], display: DISPLAY_MODES } as const;
    const list = lists[key] as readonly unknown[];
    const i = list.indexOf(this.settings[key]);
    this.set(key, list[(i + dir + list.length) % list.length] as never);
  }

  zoom(dir: number): void {
    this.set('zoomIdx', Math.max(0, Math.min(ZOOMS.length - 1, this.settings.zoomIdx + dir)));
  }

  pan(seconds: number): void {
    this.startSec += seconds;
    this.clampStart();
    this.requestFrame();
  }

  panPages(pages: number): void {
    this.pan(pages * (this.page?.windowSec ?? 10));
  }

  centreOn(sec: number): void {
    this.startSec = sec - (this.page?.windowSec ?? 10) / 2;
    this.clampStart();
    this.requestFrame();
  }

  toggleCalipers(): boolean {
    this.caliperMode = !this.caliperMode;
    this.caliperA = this.caliperB = undefined;
    this.scroller.classList.toggle('calipers', this.caliperMode);
    this.drawOverlay();
    return this.caliperMode;
  }

  /** Per-lead override: original → denoised → overlay → (back to the page's mode). */
  cycleLeadMode(lead: string): void {
    const order: TraceMode[] = ['original', 'denoised', 'overlay'];
    const current = this.leadModes.get(lead) ?? this.pageMode();
    this.leadModes.set(lead, order[(order.indexOf(current) + 1) % order.length] as TraceMode);
    this.requestFrame();
  }

  private pageMode(): TraceMode {
    const d = this.settings.display;
    return d === 'side-by-side' ? 'original' : d;
  }

  private clampStart(): void {
    const dur = this.record?.durationSec ?? 0;
    const win = this.page?.windowSec ?? 10;
    this.startSec = Math.max(0, Math.min(this.startSec, Math.max(0, dur - win)));
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  private needsVariant(v: SignalVariant): boolean {
    if (v === 'original') return true;
    if (this.settings.display !== 'original') return true;
    return [...this.leadModes.values()].some((m) => m !== 'original');
  }

  /** Fetches the visible window (with a margin for panning) at the resolution the paper needs. */
  private ensureData(variant: SignalVariant, fromSec: number, toSec: number): void {
    const rec = this.record;
    if (!rec || (variant === 'denoised' && this.denoiseError !== undefined)) return;
    const fs = rec.samplingRateHz;
    const pxPerSample = pxPerSec(this.scale) / fs;
    const have = this.loaded[variant];
    const wantBucket = Math.max(1, Math.floor(1 / Math.max(pxPerSample, 1e-9) / 2));
    if (have && have.fromSec <= fromSec && have.toSec >= Math.min(toSec, rec.durationSec) && have.samplesPerBucket <= Math.max(1, wantBucket)) return;
    const span = toSec - fromSec;
    const reqFrom = Math.max(0, fromSec - span);
    const reqTo = Math.min(rec.durationSec, toSec + span);
    const key = `${reqFrom}:${reqTo}:${wantBucket}`;
    if (this.inFlight[variant] !== undefined) return;
    this.inFlight[variant] = key;
    const samples = Math.ceil((reqTo - reqFrom) * fs);
    const maxPoints = Math.max(16, Math.min(MAX_POINTS, samples <= MAX_POINTS ? MAX_POINTS : Math.ceil(samples / Math.max(1, wantBucket))));
    const recordId = rec.id;
    this.client
      .call('getSignals', { recordId, variant, startSec: reqFrom, durationSec: Math.max(1 / fs, reqTo - reqFrom), maxPoints })
      .then((window) => {
        if (this.record?.id !== recordId) return;
        const from = window.startSample / fs;
        this.loaded[variant] = { fromSec: from, toSec: from + window.sampleCount / fs, samplesPerBucket: window.samplesPerBucket, window };
      })
      .catch((err: unknown) => {
        if (variant === 'denoised') this.denoiseError = err instanceof ApiCallError ? err.message : String(err);
        else this.statusLine.textContent = `Could not load signals: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        delete this.inFlight[variant];
        this.requestFrame();
        this.onChange();
      });
  }

  /** Beat labels for the visible window (with the same margin as the signals); records without any get none. */
  private ensureAnnotations(fromSec: number, toSec: number): void {
    const rec = this.record;
    if (!rec || rec.annotationCount === 0 || this.annotationsInFlight) return;
    const have = this.annotations;
    if (have && have.fromSec <= fromSec && have.toSec >= Math.min(toSec, rec.durationSec)) return;
    const span = toSec - fromSec;
    const reqFrom = Math.max(0, fromSec - span);
    const reqTo = Math.min(rec.durationSec, toSec + span);
    const recordId = rec.id;
    this.annotationsInFlight = true;
    this.client
      .call('getAnnotations', { recordId, startSec: reqFrom, durationSec: Math.max(1 / rec.samplingRateHz, reqTo - reqFrom), limit: 20_000 })
      .then((r) => {
        if (this.record?.id === recordId) this.annotations = { fromSec: reqFrom, toSec: reqTo, items: r.annotations };
      })
      .catch(() => {
        if (this.record?.id === recordId) this.annotations = { fromSec: 0, toSec: Infinity, items: [] };
      })
      .finally(() => {
        this.annotationsInFlight = false;
        this.requestFrame();
      });
  }

  /** Annotation codes above a panel: normal beats grey, anything else red; rhythm changes show their text. */
  private drawAnnotations(ctx: CanvasRenderingContext2D, panel: Panel): void {
    const items = this.annotations?.items;
    const rec = this.record;
    if (!items || !rec) return;
    const perSec = pxPerSec(this.scale);
    const t0 = panel.startSec;
    const t1 = panel.startSec + panel.durationSec;
    const visible = items.filter((a) => a.sampleIdx / rec.samplingRateHz >= t0 && a.sampleIdx / rec.samplingRateHz < t1);
    // Labels closer than ~10 px would be an unreadable smear: leave them out at that zoom.
    if (visible.length * 10 > panel.width) return;
    ctx.save();
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const a of visible) {
      const x = panel.x + (a.sampleIdx / rec.samplingRateHz - t0) * perSec;
      // MIT '+' carries its rhythm in aux; EDF+ annotations arrive as 'note' with their text in aux.
      const text = (a.code === '+' || a.code === 'note') && a.aux ? a.aux.replace(/\0/g, '') : a.code;
      ctx.fillStyle = text === 'N' ? '#6b7280' : '#b42318';
      ctx.fillText(text, x, panel.y + 28);
    }
    ctx.restore();
  }

  private render(): void {
    const t0 = performance.now();
    const rec = this.record;
    const widthCss = this.scroller.clientWidth;
    if (!rec || widthCss === 0) return;
    const scale = this.scale;
    const page = layoutPage({
      layout: this.settings.layout,
      leads: rec.leads,
      widthPx: widthCss,
      heightPx: this.scroller.clientHeight,
      scale,
      startSec: this.startSec,
      modeOf: (lead) => this.leadModes.get(lead) ?? this.pageMode(),
      sideBySide: this.settings.display === 'side-by-side',
      rhythmLead: rec.leads.includes('II') ? 'II' : rec.leads[0],
    });
    this.page = page;
    this.clampStart();
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.overlay]) {
      const w = Math.round(page.widthPx * dpr);
      const hgt = Math.round(page.heightPx * dpr);
      if (c.width !== w || c.height !== hgt) {
        c.width = w;
        c.height = hgt;
        c.style.width = `${page.widthPx}px`;
        c.style.height = `${page.heightPx}px`;
      }
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawGrid(ctx, page.widthPx, page.heightPx, scale.pxPerMm);

    const endSec = this.startSec + page.windowSec;
    this.ensureData('original', this.startSec, endSec);
    if (this.needsVariant('denoised')) this.ensureData('denoised', this.startSec, endSec);
    this.ensureAnnotations(this.startSec, endSec);
    const annotated = page.panels.find((p) => p.label.endsWith('rhythm')) ?? page.panels[0];

    ctx.font = '600 12px system-ui, sans-serif';
    ctx.lineJoin = 'round';
    for (const panel of page.panels) {
      if (panel.pulse) drawCalibrationPulse(ctx, 2 * scale.pxPerMm, panel.baselineY, scale);
      const draw = (variant: SignalVariant, colour: string, width: number) => {
        const data = this.loaded[variant];
        const lead = data?.window.leads.find((l) => l.name === panel.lead);
        if (!data || !lead) return;
        const segs = traceSegments(
          {
            samplingRateHz: data.window.samplingRateHz,
            startSample: data.window.startSample,
            samplesPerBucket: data.window.samplesPerBucket,
            values: lead.values,
            min: lead.min,
            max: lead.max,
          },
          panel,
          scale,
        );
        ctx.save();
        ctx.beginPath();
        ctx.rect(panel.x, panel.y, panel.width, panel.height);
        ctx.clip();
        ctx.beginPath();
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        for (const seg of segs) {
          ctx.moveTo(seg[0] as number, seg[1] as number);
          for (let i = 2; i < seg.length; i += 2) ctx.lineTo(seg[i] as number, seg[i + 1] as number);
        }
        ctx.stroke();
        ctx.restore();
      };
      if (panel.mode === 'original' || panel.mode === 'overlay') draw('original', panel.mode === 'overlay' ? '#555' : PAPER_COLOURS.trace, panel.mode === 'overlay' ? 1 : 1.25);
      if (panel.mode === 'denoised' || panel.mode === 'overlay') draw('denoised', PAPER_COLOURS.denoised, 1.25);
      // Lead label, and a short separator tick where a column's time slot begins.
      if (panel === annotated) this.drawAnnotations(ctx, panel);
      // Lead label on a paper-coloured plate so a tall wave passing under it stays readable.
      const labelWidth = ctx.measureText(panel.label).width;
      ctx.fillStyle = 'rgba(255, 247, 245, 0.85)';
      ctx.fillRect(panel.x + 2, panel.y + 2, labelWidth + 5, 16);
      ctx.fillStyle = PAPER_COLOURS.label;
      ctx.fillText(panel.label, panel.x + 4, panel.y + 14);
      if (panel.x > page.marginPx + 1) {
        ctx.beginPath();
        ctx.strokeStyle = PAPER_COLOURS.trace;
        ctx.lineWidth = 1.2;
        ctx.moveTo(panel.x, panel.baselineY - 4 * scale.pxPerMm);
        ctx.lineTo(panel.x, panel.baselineY + 4 * scale.pxPerMm);
        ctx.stroke();
      }
    }
    const denoiseNote = !this.needsVariant('denoised') ? '' : ` · denoised: ${this.denoiseError ?? this.loaded.denoised?.window.method ?? 'loading…'}`;
    this.statusLine.textContent =
      `${this.startSec.toFixed(2)}–${Math.min(endSec, rec.durationSec).toFixed(2)} s of ${rec.durationSec.toFixed(1)} s · ` +
      `${scale.speedMmPerSec} mm/s · ${scale.gainMmPerMv} mm/mV · 1 mm = ${scale.pxPerMm.toFixed(2)} px${denoiseNote}`;
    this.minimap.setWindow(this.startSec, page.windowSec);
    this.drawOverlay();
    const ms = performance.now() - t0;
    viewerStats.frames += 1;
    viewerStats.lastFrameMs = ms;
    viewerStats.totalFrameMs += ms;
    if (viewerStats.firstPaintMs === 0 && this.loaded.original) viewerStats.firstPaintMs = performance.now() - this.openedAt;
    this.canvas.setAttribute('aria-label', `ECG ${rec.name}: ${rec.leads.length} leads, ${this.settings.layout} layout, ${this.statusLine.textContent ?? ''}`);
    this.canvas.dataset['leadsDrawn'] = this.loaded.original ? String(new Set(page.panels.map((p) => p.lead)).size) : '0';
  }

  private drawOverlay(): void {
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    const a = this.caliperA;
    const b = this.caliperB;
    if (!this.caliperMode || !a) {
      this.caliperBox.hidden = true;
      return;
    }
    ctx.strokeStyle = '#0b6e4f';
    ctx.fillStyle = 'rgba(11,110,79,0.08)';
    ctx.lineWidth = 1.5;
    const mark = (p: { x: number; y: number }) => {
      ctx.beginPath();
      ctx.moveTo(p.x, p.y - 40);
      ctx.lineTo(p.x, p.y + 40);
      ctx.moveTo(p.x - 6, p.y);
      ctx.lineTo(p.x + 6, p.y);
      ctx.stroke();
    };
    mark(a);
    if (b) {
      mark(b);
      ctx.fillRect(Math.min(a.x, b.x), Math.min(a.y, b.y) - 40, Math.abs(b.x - a.x), Math.abs(b.y - a.y) + 80);
      const r = caliperReading(a, b, this.scale);
      this.caliperBox.hidden = false;
      this.caliperBox.textContent = `Δt ${r.intervalMs.toFixed(0)} ms · ΔV ${r.amplitudeMv.toFixed(2)} mV${r.rateBpm ? ` · ${r.rateBpm.toFixed(0)} bpm` : ''}`;
    }
  }

  private installPointer(): void {
    let drag: { x: number; start: number } | undefined;
    const pos = (e: PointerEvent) => {
      const r = this.overlay.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    this.overlay.addEventListener('pointerdown', (e) => {
      if (this.caliperMode) {
        const p = pos(e);
        if (!this.caliperA || this.caliperB) {
          this.caliperA = p;
          this.caliperB = undefined;
        } else this.caliperB = p;
        this.drawOverlay();
        return;
      }
      const p = pos(e);
      const hit = this.page?.panels.find((pn) => p.x >= pn.x && p.x <= pn.x + 60 && p.y >= pn.y && p.y <= pn.y + 18);
      if (hit && this.settings.display !== 'side-by-side') {
        this.cycleLeadMode(hit.lead);
        return;
      }
      drag = { x: e.clientX, start: this.startSec };
      this.overlay.setPointerCapture(e.pointerId);
    });
    this.overlay.addEventListener('pointermove', (e) => {
      if (this.caliperMode && this.caliperA && !this.caliperB) {
        const p = pos(e);
        this.caliperB = p;
        this.drawOverlay();
        this.caliperB = undefined;
        return;
      }
      if (!drag) return;
      this.startSec = drag.start - (e.clientX - drag.x) / pxPerSec(this.scale);
      this.clampStart();
      this.requestFrame();
    });
    const end = () => {
      drag = undefined;
    };
    this.overlay.addEventListener('pointerup', end);
    this.overlay.addEventListener('pointercancel', end);
    this.overlay.addEventListener(
      'wheel',
      (e) => {
        if (e.ctrlKey) {
          e.preventDefault();
          this.zoom(e.deltaY < 0 ? 1 : -1);
        } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          e.preventDefault();
          this.pan(e.deltaX / pxPerSec(this.scale));
        }
      },
      { passive: false },
    );
  }
}
