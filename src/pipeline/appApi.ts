// The app API implementation: every contract call built from injected ports (library, files, analysis, models, training).
import { FORMAT_READERS } from '../formats/registry';
import { importRecords } from './importRecords';
import { reviewRecord } from './reviewRecord';
import {
  ApiError,
  notAvailable,
  type Analysis,
  type ApiArgs,
  type ApiEvent,
  type ApiHandlers,
  type ApiResult,
  type AppAnalysisPort,
  type AppLibraryPort,
  type AppModelPort,
  type AppTrainingPort,
  type Capabilities,
  type ImportOutcome,
  type LeadQuality,
  type Measurements,
  type MedianBeatsView,
  type ModelInfo,
  type RecordDetail,
  type ReviewEntry,
  type SignalLead,
  type SignalWindow,
  type TrainingJob,
} from '../shared/api';
import { describeError } from '../shared/errors';
import type { EcgLead, EcgRecord } from '../shared/ecgRecord';
import type { FormatReader } from '../shared/formatReader';
import type { FileSource, HashParts, ModelEntry, RecordFacts, Review, SignalWindow as StoreSignalWindow, TrainingRun } from '../shared/storeContracts';
import { millivoltsPerUnit } from '../shared/units';
import { ecgFilter, ECG_FILTER_PRESETS } from '../signal/ecgFilter';
import { measureRecordDetailed, MEASURE_WINDOW_SEC } from './measureRecord';
import { layoutEcgReport, type ReportDocument } from './report/reportLayout';

export const ADVISORY_NOTICE = 'Advisory, not a diagnosis: output of research software that a qualified clinician must interpret.';

export interface AppApiDeps {
  library?: AppLibraryPort | undefined;
  files?: FileSource | undefined;
  /** SHA-256 of file parts (node:crypto lives at the edge). */
  hash: HashParts;
  analysis?: AppAnalysisPort | undefined;
  models?: AppModelPort | undefined;
  training?: AppTrainingPort | undefined;
  /** Readers used for import (default: the registry). */
  readers?: readonly FormatReader[] | undefined;
  shell: Capabilities['shell'];
  /** Renders a laid-out report to PDF bytes (pdfkit lives at the edge); without it the PDF export is not available. */
  renderPdf?: ((doc: ReportDocument) => Promise<Uint8Array>) | undefined;
  /** ECG Studio version for report footers. */
  appVersion?: string | undefined;
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
}

export interface AppApi {
  handlers: ApiHandlers;
  /** Subscribes to progress events; returns an unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** The denoising the signal layer offers today: the IEC 60601-2-27 monitoring band, zero-phase. */
export const FILTER_DENOISE_METHOD = `ecgFilter ${ECG_FILTER_PRESETS.monitoring.highPassHz}–${ECG_FILTER_PRESETS.monitoring.lowPassHz} Hz (zero-phase Butterworth, IEC 60601-2-27 monitoring band)`;

/** Band-pass filters every voltage lead; other channels pass unchanged. */
export function filterDenoise(record: EcgRecord): { record: EcgRecord; method: string } {
  const leads = record.leads.map((lead) =>
    millivoltsPerUnit(lead.unit) === undefined ? lead : { ...lead, samples: ecgFilter(lead.samples, record.samplingRateHz, { preset: 'monitoring' }) },
  );
  return { record: { ...record, leads }, method: FILTER_DENOISE_METHOD };
}

/** Records longer than this are denoised window by window: a 24 h record at once would hold the server for minutes. */
export const WHOLE_RECORD_DENOISE_MAX_SEC = 300;
/** Longest stretch the viewer's analysis reads (from the start); a longer record is analysed on this much. */
export const ANALYSIS_MAX_SEC = 3600;
const DENOISE_MARGIN_SEC = 10;

/** One measurement pass per record object: `measure` and `quality` of one analysis share it. */
const measuredRecords = new WeakMap<EcgRecord, ReturnType<typeof measureRecordDetailed>>();
function measuredDetailOnce(record: EcgRecord): ReturnType<typeof measureRecordDetailed> {
  let m = measuredRecords.get(record);
  if (!m) {
    m = measureRecordDetailed(record);
    measuredRecords.set(record, m);
  }
  return m;
}

function measuredOnce(record: EcgRecord): ReturnType<typeof measureRecordDetailed>['summary'] {
  return measuredDetailOnce(record).summary;
}

/** Intervals, rate and axis from the shared measurement use case (src/pipeline/measureRecord). */
export function measureRecord(record: EcgRecord): Measurements {
  const m = measuredOnce(record);
  return {
    heartRateBpm: m.hrBpm,
    prMs: m.prMs,
    qrsMs: m.qrsMs,
    qtMs: m.qtMs,
    qtcMs: m.qtcMs.bazett,
    axisDeg: m.axesDeg.qrs,
    reasons: { ...m.reasons, ...(m.reasons['qtcMs'] === undefined && m.qtcMs.bazett === null && m.reasons['qtMs'] ? { qtcMs: m.reasons['qtMs'] } : {}) },
    method: `ecgMeasure: R peaks on ${m.detectionLead ?? '—'}, median-beat delineation, QTc Bazett, on a ${MEASURE_WINDOW_SEC}-s window`,
  };
}

/** Per-lead flags from `ecgQuality` scores (0–1): ≥ 0.8 good, ≥ 0.5 acceptable, ≥ 0.2 poor, else unusable. */
export function qualityOfRecord(record: EcgRecord): LeadQuality[] {
  const q = measuredOnce(record).quality;
  return Object.entries(q).map(([lead, l]) => ({
    lead,
    flag: l.score >= 0.8 ? 'good' : l.score >= 0.5 ? 'acceptable' : l.score >= 0.2 ? 'poor' : 'unusable',
    sqi: Number.isFinite(l.score) ? l.score : null,
    reasons: l.flags,
  }));
}

/**
 * The median beats of the measured window in µV, each lead's baseline taken as the median of the 20 ms before QRS
 * onset (the PR segment; the first 40 ms of the beat when no onset was found).
 */
export function medianBeatsOfRecord(record: EcgRecord): MedianBeatsView | null {
  const m = measuredDetailOnce(record);
  const beats = m.medianBeats;
  if (!beats) return null;
  const fs = beats.samplingRateHz;
  const onset = m.fiducialsMs.qrsOnset;
  const [from, to] =
    onset !== null
      ? [Math.max(0, beats.rSampleIdx + Math.round(((onset - 20) * fs) / 1000)), Math.max(1, beats.rSampleIdx + Math.round((onset * fs) / 1000))]
      : [0, Math.max(1, Math.round(0.04 * fs))];
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    samplingRateHz: fs,
    rSampleIdx: beats.rSampleIdx,
    beatCount: beats.beatSampleIdx.length,
    leads: beats.leads.map((l) => {
      const seg = Array.from(l.samplesMv.subarray(from, Math.max(from + 1, to))).sort((a, b) => a - b);
      const base = seg[seg.length >> 1] ?? 0;
      return { lead: l.name, amplitudeUv: Array.from(l.samplesMv, (v) => round((v - base) * 1000)) };
    }),
    fiducialsMs: m.fiducialsMs,
  };
}

/** Analysis parts available from src/signal in this build: measurements, lead quality, median beats, filter denoising. */
export function defaultAnalysisPort(): AppAnalysisPort {
  return { measure: measureRecord, quality: qualityOfRecord, medianBeats: medianBeatsOfRecord, denoise: filterDenoise };
}

/** Min/max per bucket of `bucket` samples (one pair per future pixel column); NaN buckets give null. */
export function decimateMinMax(samples: ArrayLike<number>, start: number, count: number, bucket: number) {
  const buckets = Math.ceil(count / bucket);
  const min: (number | null)[] = new Array(buckets);
  const max: (number | null)[] = new Array(buckets);
  for (let b = 0; b < buckets; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    const end = Math.min(start + count, start + (b + 1) * bucket);
    for (let i = start + b * bucket; i < end; i++) {
      const v = samples[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[b] = lo === Infinity ? null : lo;
    max[b] = hi === -Infinity ? null : hi;
  }
  return { min, max };
}

function leadForDisplay(lead: EcgLead): { unit: string; samples: ArrayLike<number>; factor: number } {
  const factor = millivoltsPerUnit(lead.unit);
  return factor === undefined ? { unit: lead.unit, samples: lead.samples, factor: 1 } : { unit: 'mV', samples: lead.samples, factor };
}

/** A window of a record's leads, raw when it fits `maxPoints`, otherwise min/max buckets. */
export function signalWindow(
  record: EcgRecord,
  recordId: number,
  args: Pick<ApiArgs<'getSignals'>, 'variant' | 'startSec' | 'durationSec' | 'maxPoints' | 'leads'>,
  method?: string,
): SignalWindow {
  const fs = record.samplingRateHz;
  const startSample = Math.min(record.samplesPerLead, Math.max(0, Math.floor(args.startSec * fs)));
  const sampleCount = Math.max(0, Math.min(record.samplesPerLead - startSample, Math.ceil(args.durationSec * fs)));
  const wanted = args.leads === undefined ? record.leads : record.leads.filter((l) => args.leads?.includes(l.name));
  const decimate = sampleCount > args.maxPoints;
  const samplesPerBucket = decimate ? Math.ceil(sampleCount / args.maxPoints) : 1;
  const leads: SignalLead[] = wanted.map((lead) => {
    const { unit, samples, factor } = leadForDisplay(lead);
    if (decimate) {
      const { min, max } = decimateMinMax(samples, startSample, sampleCount, samplesPerBucket);
      const scale = (a: (number | null)[]) => a.map((v) => (v === null ? null : v * factor));
      return { name: lead.name, unit, min: scale(min), max: scale(max) };
    }
    const values: (number | null)[] = new Array(sampleCount);
    for (let i = 0; i < sampleCount; i++) {
      const v = samples[startSample + i] as number;
      values[i] = Number.isFinite(v) ? v * factor : null;
    }
    return { name: lead.name, unit, values };
  });
  return {
    recordId,
    variant: args.variant,
    samplingRateHz: fs,
    startSample,
    sampleCount,
    decimation: decimate ? 'minmax' : 'none',
    samplesPerBucket,
    leads,
    ...(method === undefined ? {} : { method }),
  };
}

function recordDetail(facts: RecordFacts, summary: NonNullable<ReturnType<AppLibraryPort['getRecord']>>): RecordDetail {
  const { units } = facts;
  const f = facts.filters;
  const { metadata: _metadata, ...rest } = summary;
  return {
    ...rest,
    units,
    annotationCount: facts.annotationCount,
    deviceFilters: {
      ...(f.highPassHz === undefined ? {} : { highPassHz: f.highPassHz }),
      ...(f.lowPassHz === undefined ? {} : { lowPassHz: f.lowPassHz }),
      ...(f.notchHz === undefined ? {} : { notchHz: f.notchHz }),
    },
    warnings: summary.warnings,
  };
}

/** A tiny LRU so panning a long record does not re-read it from the library for every window. */
class RecordCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly capacity: number) {}
  get(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

function nullable(a: Float32Array, factor: number): (number | null)[] {
  const out: (number | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    out[i] = Number.isFinite(v) ? v * factor : null;
  }
  return out;
}

/** Folds `k` consecutive values (or min/max pairs) into one min/max pair; NaN-only groups stay NaN. */
function fold(min: Float32Array, max: Float32Array, k: number): { min: Float32Array; max: Float32Array } {
  const n = Math.ceil(min.length / k);
  const outMin = new Float32Array(n).fill(Number.NaN);
  const outMax = new Float32Array(n).fill(Number.NaN);
  for (let b = 0; b < n; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = b * k; i < Math.min(min.length, (b + 1) * k); i++) {
      const a = min[i] as number;
      const c = max[i] as number;
      if (a < lo) lo = a;
      if (c > hi) hi = c;
    }
    if (lo <= hi) {
      outMin[b] = lo;
      outMax[b] = hi;
    }
  }
  return { min: outMin, max: outMax };
}

/**
 * The store's window (typed arrays, any voltage unit) as the contract's JSON window in mV, with at most
 * `maxPoints` values per lead: the store's pyramid stops at a coarse top level, so short records may come
 * back finer than asked and are folded here.
 */
export function fromStoreWindow(w: StoreSignalWindow, recordId: number, maxPoints: number): SignalWindow {
  const len = w.leads[0] ? (w.leads[0].samples ?? w.leads[0].min ?? new Float32Array(0)).length : 0;
  const k = len > maxPoints ? Math.ceil(len / maxPoints) : 1;
  const leads: SignalLead[] = w.leads.map((lead) => {
    const factor = millivoltsPerUnit(lead.unit);
    const unit = factor === undefined ? lead.unit : 'mV';
    const scale = factor ?? 1;
    if (lead.samples && k === 1) return { name: lead.name, unit, values: nullable(lead.samples, scale) };
    const folded = fold(lead.min ?? lead.samples ?? new Float32Array(0), lead.max ?? lead.samples ?? new Float32Array(0), k);
    return { name: lead.name, unit, min: nullable(folded.min, scale), max: nullable(folded.max, scale) };
  });
  const minmax = w.level > 0 || k > 1;
  return {
    recordId,
    variant: 'original',
    samplingRateHz: w.samplingRateHz,
    startSample: w.startSample,
    sampleCount: w.sampleCount,
    decimation: minmax ? 'minmax' : 'none',
    samplesPerBucket: w.bucketSamples * k,
    leads,
  };
}

function toReviewEntry(r: Review): ReviewEntry {
  return {
    id: r.id,
    recordId: r.recordId,
    action: r.action,
    labels: r.labels,
    comment: r.comment,
    reviewer: r.reviewer,
    createdAt: r.createdAt,
    analysisId: r.analysisId,
  };
}

function numericEntries(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

function toModelInfo(m: ModelEntry): ModelInfo {
  const classes = m.manifest['classes'] ?? m.manifest['labels'];
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    active: m.active,
    registeredAt: m.registeredAt,
    metrics: numericEntries(m.metrics),
    // Manifests list labels as { code, description } objects; older ones as plain strings.
    classes: Array.isArray(classes)
      ? classes.flatMap((c: unknown) => (typeof c === 'string' ? [c] : typeof (c as { code?: unknown } | null)?.code === 'string' ? [(c as { code: string }).code] : []))
      : [],
  };
}

/** A training run row as the contract's job. */
export function toTrainingJob(run: TrainingRun): TrainingJob {
  const last = run.epochMetrics[run.epochMetrics.length - 1];
  return {
    jobId: run.id,
    state: run.status,
    progress: Math.min(1, Math.max(0, run.progress)),
    epochsDone: run.epochMetrics.length,
    lastMetrics: numericEntries(last),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    logTail: run.log.slice(-2000),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function decodeBase64(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, 'base64'));
}

/** The file name part of a path (both separators). */
function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/** The uploaded files as a file source: one flat folder, so a WFDB header finds its .dat beside it. */
export function uploadFileSource(files: readonly { name: string; dataBase64: string }[]): FileSource {
  const byName = new Map(files.map((f) => [baseName(f.name), f.dataBase64]));
  const cache = new Map<string, Uint8Array>();
  const bytesOf = (name: string): Uint8Array | undefined => {
    let b = cache.get(name);
    if (b === undefined) {
      const data = byName.get(name);
      if (data === undefined) return undefined;
      b = decodeBase64(data);
      cache.set(name, b);
    }
    return b;
  };
  return {
    expand(path) {
      if (!byName.has(baseName(path))) throw new Error(`${path} was not uploaded`);
      return { files: [baseName(path)], isFolder: false };
    },
    readBytes(path) {
      const b = bytesOf(baseName(path));
      if (b === undefined) throw new Error(`${path} was not uploaded`);
      return b;
    },
    // Uploads are one flat folder: a sibling name with a folder part cannot be among them.
    readSibling: (_path, name) => (/[\\/]/.test(name) ? undefined : bytesOf(name)),
    siblingPath: (_path, name) => baseName(name),
  };
}

export function createAppApi(deps: AppApiDeps): AppApi {
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent) => {
    for (const l of listeners) l(event);
  };
  const now = deps.now ?? (() => new Date());
  const readers = () => deps.readers ?? FORMAT_READERS;
  const records = new RecordCache<EcgRecord>(4);
  const denoised = new RecordCache<{ record: EcgRecord; method: string }>(2);
  deps.training?.onProgress((job) => emit({ type: 'training', job }));

  const library = (): AppLibraryPort => {
    if (deps.library === undefined) throw notAvailable('The record library');
    return deps.library;
  };
  const summaryOf = (recordId: number) => {
    const summary = library().getRecord(recordId);
    if (summary === undefined) throw new ApiError('not_found', `no record with id ${recordId}`);
    return summary;
  };
  const loadRecord = (recordId: number): EcgRecord => {
    const key = String(recordId);
    const hit = records.get(key);
    if (hit) return hit;
    const record = library().loadRecord(recordId);
    if (record === undefined) throw new ApiError('not_found', `no record with id ${recordId}`);
    records.set(key, record);
    return record;
  };
  /** Samples [from, to) of a long record, denoised (cached per span, so panning back is free). */
  const denoisedSpan = async (recordId: number, from: number, to: number) => {
    const key = `${recordId}:${from}:${to}`;
    const hit = denoised.get(key);
    if (hit) return hit;
    const denoise = deps.analysis?.denoise;
    if (denoise === undefined) throw notAvailable('Denoising');
    const part = library().loadRecord(recordId, { fromSample: from, toSample: to });
    if (part === undefined) throw new ApiError('not_found', `no record with id ${recordId}`);
    const out = await denoise.call(deps.analysis, part);
    denoised.set(key, out);
    return out;
  };
  const denoisedRecord = async (recordId: number) => {
    const key = String(recordId);
    const hit = denoised.get(key);
    if (hit) return hit;
    const denoise = deps.analysis?.denoise;
    if (denoise === undefined) throw notAvailable('Denoising');
    const out = await denoise.call(deps.analysis, loadRecord(recordId));
    denoised.set(key, out);
    return out;
  };

  /** Runs the import pipeline (src/pipeline/importRecords.ts) and reports each file as it is done. */
  const runImport = (paths: string[], source: FileSource) => {
    const store = library();
    if (readers().length === 0) throw notAvailable('Import (no format readers are registered)');
    const summary = importRecords(paths, {
      source,
      store,
      hash: deps.hash,
      readers: readers(),
      onProgress: (p) => {
        if (p.type === 'file') emit({ type: 'import', done: p.index + 1, total: p.total, file: p.result.path, status: p.result.status });
      },
    });
    const outcomes: ImportOutcome[] = summary.results.map((r) => ({
      file: r.path,
      status: r.status,
      ...(r.recordId === undefined ? {} : { recordId: r.recordId }),
      ...(r.format === undefined ? {} : { format: r.format }),
      ...(r.reason === undefined ? {} : { reason: r.reason }),
    }));
    if (summary.imported > 0) emit({ type: 'library', change: 'records' });
    return { outcomes };
  };

  const analyse = async (recordId: number): Promise<Analysis> => {
    const summary = summaryOf(recordId);
    const unavailable: string[] = [];
    // A Holter-length record is analysed on its first hour (measurements use its first minutes anyway).
    let record: EcgRecord;
    if (summary.durationSec > ANALYSIS_MAX_SEC) {
      const part = library().loadRecord(recordId, { fromSample: 0, toSample: Math.round(ANALYSIS_MAX_SEC * summary.samplingRateHz) });
      if (part === undefined) throw new ApiError('not_found', `no record with id ${recordId}`);
      record = part;
      unavailable.push(`Analysed the first ${ANALYSIS_MAX_SEC / 60} min of ${(summary.durationSec / 3600).toFixed(1)} h.`);
    } else record = loadRecord(recordId);
    const a = deps.analysis;
    const measurements = a?.measure ? a.measure(record) : null;
    if (!a?.measure) unavailable.push('Measurements are not available yet in this build.');
    const quality = a?.quality ? a.quality(record) : null;
    if (!a?.quality) unavailable.push('Lead quality is not available yet in this build.');
    const medianBeats = a?.medianBeats ? a.medianBeats(record) : null;
    const classified = deps.models ? await deps.models.classify(record) : null;
    if (!deps.models) unavailable.push('Classification is not available yet: no model engine in this build.');
    if (measurements === null && quality === null && classified === null) throw notAvailable('Analysis');
    if (classified !== null) {
      const probabilities: Record<string, number> = {};
      for (const c of classified.classes) probabilities[c.code] = c.probability;
      const scored = (quality ?? []).filter((q) => q.sqi !== null);
      library().addAnalysis({
        recordId,
        modelName: classified.model.name,
        modelVersion: classified.model.version,
        backend: classified.backend,
        probabilities,
        measurements: measurements ?? {},
        quality: scored.length ? { score: scored.reduce((s, q) => s + (q.sqi as number), 0) / scored.length, leads: quality } : {},
      });
    }
    const classification = classified === null ? null : { model: classified.model, classes: classified.classes };
    return { recordId, classification, measurements, quality, medianBeats, unavailable, advisory: ADVISORY_NOTICE, analysedAt: now().toISOString() };
  };

  const exportReport = async (args: ApiArgs<'exportReport'>): Promise<ApiResult<'exportReport'>> => {
    const summary = summaryOf(args.recordId);
    let analysis: Analysis | null = null;
    let analysisNote = '';
    try {
      analysis = await analyse(args.recordId);
    } catch (err) {
      analysisNote = describeError(err);
    }
    const reviews = library().reviewsOf(args.recordId).map(toReviewEntry);
    const { metadata: _m, ...record } = summary;
    const stem = summary.name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'record';
    if (args.format === 'pdf') {
      if (!deps.renderPdf) throw notAvailable('The PDF report');
      const latest = library().reviewsOf(args.recordId).at(-1);
      const doc = layoutEcgReport(
        {
          record: loadRecord(args.recordId),
          traces: { variant: 'original' },
          diagnoses: analysis?.classification ?? null,
          review: latest
            ? { status: latest.action, reviewer: latest.reviewer, labels: latest.labels, reviewedAt: latest.createdAt, ...(latest.comment ? { comment: latest.comment } : {}) }
            : null,
          anonymize: false,
          appVersion: deps.appVersion ?? '0.0.0',
          generatedAt: now().toISOString(),
        },
        { paper: args.paper, layouts: ['3x4'] },
      );
      const bytes = await deps.renderPdf(doc);
      return { fileName: `${stem}-report.pdf`, mimeType: 'application/pdf', content: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
    }
    if (args.format === 'json') {
      const content = JSON.stringify({ record, analysis, analysisNote, reviews, advisory: ADVISORY_NOTICE }, null, 2);
      return { fileName: `${stem}-report.json`, mimeType: 'application/json', content, encoding: 'utf8' };
    }
    const m = analysis?.measurements;
    const fmt = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '—' : `${Math.round(v)} ${unit}`);
    const rows = (pairs: [string, string][]) => pairs.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
    const html = [
      '<!doctype html><html><head><meta charset="utf-8"><title>ECG report</title></head><body>',
      `<h1>ECG report: ${escapeHtml(summary.name)}</h1>`,
      `<p><strong>${escapeHtml(ADVISORY_NOTICE)}</strong></p>`,
      `<table>${rows([
        ['Format', summary.format],
        ['Sampling rate', `${summary.samplingRateHz} Hz`],
        ['Duration', `${summary.durationSec.toFixed(1)} s`],
        ['Leads', summary.leads.join(', ')],
      ])}</table>`,
      '<h2>Measurements</h2>',
      m
        ? `<table>${rows([
            ['Heart rate', fmt(m.heartRateBpm, 'bpm')],
            ['PR', fmt(m.prMs, 'ms')],
            ['QRS', fmt(m.qrsMs, 'ms')],
            ['QT / QTc', `${fmt(m.qtMs, 'ms')} / ${fmt(m.qtcMs, 'ms')}`],
            ['Axis', fmt(m.axisDeg, '°')],
          ])}</table>`
        : `<p>${escapeHtml(analysisNote || 'Not available.')}</p>`,
      '<h2>Classification</h2>',
      analysis?.classification
        ? `<p>Model ${escapeHtml(analysis.classification.model.name)} ${escapeHtml(analysis.classification.model.version)}</p><table>${rows(
            analysis.classification.classes.map((c) => [c.label, `${(c.probability * 100).toFixed(1)} %`]),
          )}</table>`
        : '<p>Not available.</p>',
      '<h2>Review history</h2>',
      reviews.length
        ? `<table>${reviews
            .map(
              (r) =>
                `<tr><td>${escapeHtml(r.createdAt)}</td><td>${escapeHtml(r.reviewer)}</td><td>${escapeHtml(r.action)}</td><td>${escapeHtml(r.labels.join(', '))}</td><td>${escapeHtml(r.comment ?? '')}</td></tr>`,
            )
            .join('')}</table>`
        : '<p>Not reviewed.</p>',
      '</body></html>',
    ].join('\n');
    return { fileName: `${stem}-report.html`, mimeType: 'text/html', content: html, encoding: 'utf8' };
  };

  const training = (): AppTrainingPort => {
    if (deps.training === undefined) throw notAvailable('Training');
    return deps.training;
  };

  const handlers: ApiHandlers = {
    capabilities: async () => ({
      library: deps.library !== undefined,
      import: deps.library !== undefined && readers().length > 0,
      formats: readers().map((r) => r.format),
      measurements: deps.analysis?.measure !== undefined,
      quality: deps.analysis?.quality !== undefined,
      denoise: deps.analysis?.denoise !== undefined,
      classification: deps.models !== undefined,
      training: deps.training !== undefined,
      shell: deps.shell,
    }),
    listRecords: async (args) => {
      const page = library().listRecords({
        ...(args.text ? { text: args.text } : {}),
        ...(args.patient ? { patient: args.patient } : {}),
        ...(args.format ? { format: args.format as EcgRecord['format'] } : {}),
        ...(args.diagnosis ? { diagnosis: args.diagnosis } : {}),
        ...(args.reviewStatus ? { reviewStatus: args.reviewStatus } : {}),
        ...(args.minQualityScore === undefined ? {} : { minQualityScore: args.minQualityScore }),
        ...(args.acquiredFrom ? { acquiredFrom: args.acquiredFrom } : {}),
        ...(args.acquiredTo ? { acquiredTo: args.acquiredTo } : {}),
        limit: args.limit,
        offset: args.offset,
      });
      return { total: page.total, records: page.records };
    },
    // Reads no samples: opening a 24 h record must not decode it whole.
    getRecord: async ({ recordId }) => {
      const facts = library().recordFacts(recordId);
      if (!facts) throw new ApiError('not_found', `no record with id ${recordId}`);
      return recordDetail(facts, summaryOf(recordId));
    },
    getSignals: async (args) => {
      if (args.variant === 'denoised') {
        const summary = summaryOf(args.recordId);
        if (summary.durationSec <= WHOLE_RECORD_DENOISE_MAX_SEC) {
          const { record, method } = await denoisedRecord(args.recordId);
          return signalWindow(record, args.recordId, args, method);
        }
        // A long record is denoised around the window shown (with a margin for the model's windows to settle).
        const fs = summary.samplingRateHz;
        const from = Math.max(0, Math.floor((args.startSec - DENOISE_MARGIN_SEC) * fs));
        const to = Math.min(summary.samplesPerLead, Math.ceil((args.startSec + args.durationSec + DENOISE_MARGIN_SEC) * fs));
        const { record, method } = await denoisedSpan(args.recordId, from, to);
        const w = signalWindow(record, args.recordId, { ...args, startSec: args.startSec - from / fs }, method);
        return { ...w, startSample: w.startSample + from };
      }
      const summary = summaryOf(args.recordId);
      const leadIdx = args.leads === undefined ? undefined : summary.leads.flatMap((name, i) => (args.leads?.includes(name) ? [i] : []));
      const w = library().readSignalWindow(args.recordId, {
        startSec: args.startSec,
        durationSec: args.durationSec,
        level: 'auto',
        maxPoints: args.maxPoints,
        ...(leadIdx === undefined ? {} : { leads: leadIdx }),
      });
      return fromStoreWindow(w, args.recordId, args.maxPoints);
    },
    getAnnotations: async ({ recordId, startSec, durationSec, limit }) => {
      const { samplingRateHz } = summaryOf(recordId);
      const inside = library().annotationsOf(recordId, Math.ceil(startSec * samplingRateHz), Math.ceil((startSec + durationSec) * samplingRateHz));
      return {
        annotations: inside.slice(0, limit).map((a) => ({
          sampleIdx: a.sampleIdx,
          code: a.code,
          ...(a.aux ? { aux: a.aux } : {}),
          ...(a.channel === undefined ? {} : { channel: a.channel }),
        })),
        truncated: inside.length > limit,
      };
    },
    importFiles: async ({ paths }) => {
      if (deps.files === undefined) throw notAvailable('Import from paths');
      return runImport(paths, deps.files);
    },
    importUpload: async ({ files }) => runImport(files.map((f) => baseName(f.name)), uploadFileSource(files)),
    analyse: async ({ recordId }) => analyse(recordId),
    denoise: async ({ recordId }) => {
      const summary = summaryOf(recordId);
      // The method of a long record is learnt from its first minute; the viewer denoises the windows it shows.
      const out =
        summary.durationSec <= WHOLE_RECORD_DENOISE_MAX_SEC
          ? await denoisedRecord(recordId)
          : await denoisedSpan(recordId, 0, Math.min(summary.samplesPerLead, Math.round(60 * summary.samplingRateHz)));
      return { recordId, method: out.method };
    },
    addReview: async (args) => {
      const lib = library();
      summaryOf(args.recordId);
      // The review use case decides 'confirmed' or 'edited' against what the reviewer was shown, as the CLI does.
      const outcome = reviewRecord(lib, {
        recordId: args.recordId,
        reviewer: args.reviewer,
        ...(args.labels === undefined ? {} : { labels: args.labels }),
        ...(args.comment ? { comment: args.comment } : {}),
      });
      emit({ type: 'library', change: 'reviews', recordId: args.recordId });
      const entry = lib.reviewsOf(args.recordId).find((r) => r.id === outcome.reviewId);
      if (entry === undefined) throw new ApiError('internal', `review ${outcome.reviewId} was not stored`);
      return toReviewEntry(entry);
    },
    reviewHistory: async ({ recordId }) => {
      summaryOf(recordId);
      return { entries: library().reviewsOf(recordId).map(toReviewEntry) };
    },
    listModels: async () => ({ models: library().listModels().map(toModelInfo) }),
    activateModel: async ({ modelId }) => {
      const lib = library();
      if (!lib.listModels().some((m) => m.id === modelId)) throw new ApiError('not_found', `no model with id ${modelId}`);
      lib.activateModel(modelId);
      emit({ type: 'library', change: 'models' });
      const entry = lib.listModels().find((m) => m.id === modelId) as ModelEntry;
      return toModelInfo(entry);
    },
    startTraining: async (args) => training().start(args),
    cancelTraining: async ({ jobId }) => training().cancel(jobId),
    resumeTraining: async ({ jobId }) => training().resume(jobId),
    trainingJobs: async () => {
      const list = library().listTrainingRuns;
      if (list === undefined) throw notAvailable('Training history');
      return { jobs: list.call(library()).map(toTrainingJob) };
    },
    exportReport: async (args) => exportReport(args),
  };

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
