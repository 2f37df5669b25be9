// The local library's read and write interfaces (and the file source of imports), so pipelines never touch storage.
import type { DeviceFilters, EcgAnnotation, EcgFormat, EcgRecord } from './ecgRecord';

/** Review status of a record: no review yet, or the action of its latest review. */
export type ReviewStatus = 'unreviewed' | 'confirmed' | 'edited';
export type ReviewAction = 'confirmed' | 'edited';
export type TrainingRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** One row of the library list: a record without its samples. */
export interface RecordSummary {
  id: number;
  contentHash: string;
  format: EcgFormat;
  sourcePath: string;
  name: string;
  samplingRateHz: number;
  leads: string[];
  samplesPerLead: number;
  durationSec: number;
  /** ISO 8601 acquisition start as the file gave it, when known. */
  acquisitionTime: string | null;
  patientId: string | null;
  patientName: string | null;
  patientSex: 'M' | 'F' | 'U' | null;
  patientAgeYears: number | null;
  patientBirthDate: string | null;
  device: string | null;
  /** ISO 8601 UTC time of import. */
  importedAt: string;
  reviewStatus: ReviewStatus;
  /** Labels of the latest review, when reviewed. */
  reviewedLabels: string[] | null;
}

export interface SampleSpan {
  fromSample: number;
  toSample: number;
}

export interface RecordFacts {
  /** Unit of each lead by lead name. */
  units: Record<string, string>;
  annotationCount: number;
  filters: DeviceFilters;
}

export interface RecordDetail extends RecordSummary {
  metadata: Record<string, unknown>;
  warnings: string[];
}

/** Filters and paging of the library list; every filter is optional and they combine with AND. */
export interface RecordQuery {
  /** Acquisition start on or after this ISO date/time (string comparison on ISO 8601). */
  acquiredFrom?: string;
  /** Acquisition start before this ISO date/time. */
  acquiredTo?: string;
  /** Matches patient id exactly or patient name case-insensitively as a substring. */
  patient?: string;
  /** Free-text match on record name or source path. */
  text?: string;
  format?: EcgFormat;
  /**
   * Records whose latest analysis gives this label probability ≥ `minProbability`, or whose latest
   * review lists the label.
   */
  diagnosis?: string;
  /** Threshold for `diagnosis` on the latest analysis; 0.5 when not given. */
  minProbability?: number;
  reviewStatus?: ReviewStatus;
  /** Latest analysis quality score (0–1) at least this. */
  minQualityScore?: number;
  /** Page size (default 100, at most 10,000). */
  limit?: number;
  offset?: number;
  /** Keyset paging: only records with an id below this (the list is ordered by id, newest first). */
  beforeId?: number;
}

export interface RecordPage {
  records: RecordSummary[];
  /** Number of records matching the filters, ignoring paging. */
  total: number;
  /** Pass as `beforeId` for the next page; null when this page is the last. */
  nextBeforeId: number | null;
}

/** A request for part of a record's signal. */
export interface SignalWindowRequest {
  startSec: number;
  durationSec: number;
  /** Lead indices to read; all leads when omitted. */
  leads?: number[];
  /**
   * Decimation level: 0 = raw samples; L ≥ 1 = min/max pairs per bucket of `bucketSamples(L)` samples.
   * 'auto' picks the finest level with at most `maxPoints` values per lead.
   */
  level?: number | 'auto';
  /** For level 'auto': the most points per lead the caller wants (default 2000). */
  maxPoints?: number;
}

export interface SignalWindowLead {
  leadIdx: number;
  name: string;
  unit: string;
  /** Level 0: the samples (physical values, NaN for invalid). */
  samples?: Float32Array;
  /** Level ≥ 1: per-bucket minimum and maximum (NaN where a bucket holds only invalid samples). */
  min?: Float32Array;
  max?: Float32Array;
}

export interface SignalWindow {
  recordId: number;
  samplingRateHz: number;
  level: number;
  /** Samples per value at this level (1 at level 0). */
  bucketSamples: number;
  /** First sample of the window (a multiple of `bucketSamples`). */
  startSample: number;
  /** Samples covered (the window clipped to the record). */
  sampleCount: number;
  leads: SignalWindowLead[];
}

/** A record going into the library: the parsed record plus where it came from. */
export interface NewRecordInput {
  record: EcgRecord;
  /** SHA-256 (hex) of the primary file and the sibling files the reader used. */
  contentHash: string;
  sourcePath: string;
}

export interface InsertRecordResult {
  recordId: number;
  /** True when a record with the same content hash was already there (nothing was written). */
  duplicate: boolean;
}

export interface AnalysisQuality {
  /** Overall signal quality 0 (unusable) – 1 (clean); the list filter uses it. */
  score?: number;
  [key: string]: unknown;
}

export interface NewAnalysis {
  recordId: number;
  modelName: string;
  modelVersion: string;
  /** Compute backend that ran the model ('wasm', 'cpu', 'tensorflow', 'webgl'…). */
  backend: string;
  /** Label → probability 0–1. */
  probabilities: Record<string, number>;
  measurements: Record<string, unknown>;
  quality: AnalysisQuality;
}

export interface Analysis extends NewAnalysis {
  id: number;
  createdAt: string;
}

export interface NewReview {
  recordId: number;
  reviewer: string;
  action: ReviewAction;
  labels: string[];
  comment?: string;
  /** The analysis the reviewer looked at, when there was one. */
  analysisId?: number;
}

export interface Review extends Omit<NewReview, 'comment' | 'analysisId'> {
  id: number;
  createdAt: string;
  comment: string | null;
  analysisId: number | null;
}

/** One reviewed record with its final labels (its latest review wins). */
export interface DatasetItem {
  recordId: number;
  name: string;
  labels: string[];
  reviewId: number;
  reviewer: string;
  reviewedAt: string;
}

export interface ModelEntry {
  id: number;
  name: string;
  version: string;
  path: string;
  manifest: Record<string, unknown>;
  metrics: Record<string, unknown>;
  active: boolean;
  registeredAt: string;
}

export interface ModelActivation {
  id: number;
  modelId: number;
  previousModelId: number | null;
  reason: 'register' | 'activate' | 'rollback';
  activatedAt: string;
}

export interface TrainingRun {
  id: number;
  config: Record<string, unknown>;
  status: TrainingRunStatus;
  /** Fraction done, 0–1. */
  progress: number;
  /** One entry per finished epoch, in order. */
  epochMetrics: Record<string, unknown>[];
  checkpointPath: string | null;
  log: string;
  startedAt: string | null;
  endedAt: string | null;
  pid: number | null;
}

/** What the library lets callers read. */
export interface LibraryReader {
  getRecord(id: number): RecordDetail | undefined;
  listRecords(query?: RecordQuery): RecordPage;
  /**
   * The record back as an EcgRecord (samples, annotations, metadata); with `span`, only samples [fromSample,
   * toSample) and the annotations in it, re-indexed from the span's start (a part of a long record).
   */
  loadRecord(id: number, span?: SampleSpan): EcgRecord | undefined;
  /** What a record's detail view needs besides its summary, without reading any sample. */
  recordFacts(id: number): RecordFacts | undefined;
  /** Annotations with fromSample ≤ sampleIdx < toSample, in sample order. */
  annotationsOf(id: number, fromSample: number, toSample: number): EcgAnnotation[];
  readSignalWindow(recordId: number, request: SignalWindowRequest): SignalWindow;
  latestAnalysis(recordId: number): Analysis | undefined;
  reviewsOf(recordId: number): Review[];
  datasetItems(): DatasetItem[];
  listModels(): ModelEntry[];
  activeModel(): ModelEntry | undefined;
  modelActivations(): ModelActivation[];
  getTrainingRun(id: number): TrainingRun | undefined;
  listTrainingRuns(): TrainingRun[];
  getSetting(key: string): string | undefined;
}

/** What the import pipeline needs from the library. */
export interface RecordWriter {
  findByContentHash(contentHash: string): number | undefined;
  /** Writes a record with all its leads and annotations in one transaction (all or nothing). */
  insertRecord(input: NewRecordInput): InsertRecordResult;
}

/** What the library lets callers change. Reviews are append-only: there is no update or delete. */
export interface LibraryWriter extends RecordWriter {
  addAnalysis(analysis: NewAnalysis): number;
  addReview(review: NewReview): number;
  registerModel(entry: { name: string; version: string; path: string; manifest: Record<string, unknown>; metrics?: Record<string, unknown> }): number;
  /** Makes the model active; exactly one model is active once any is registered. */
  activateModel(modelId: number): void;
  /** Re-activates the model that was active before the current one; returns it. */
  rollbackModel(): ModelEntry;
  createTrainingRun(config: Record<string, unknown>): number;
  startTrainingRun(id: number, pid: number | null): void;
  recordTrainingEpoch(id: number, update: { progress: number; metrics: Record<string, unknown>; checkpointPath?: string; logLine?: string }): void;
  finishTrainingRun(id: number, status: 'completed' | 'failed' | 'cancelled', logLine?: string): void;
  /** Takes an interrupted run up again; returns it with its epochs so far and its last checkpoint. */
  resumeTrainingRun(id: number, pid: number | null): TrainingRun;
  setSetting(key: string, value: string): void;
}

/** Where an import reads files from; the file-system implementation lives in src/store. */
export interface FileSource {
  /**
   * A file path gives itself; a folder gives every file below it (recursively, sorted, hidden files
   * left out). Throws when the path does not exist.
   */
  expand(path: string): { files: string[]; isFolder: boolean };
  readBytes(path: string): Uint8Array;
  /** Reads a file next to `path` by relative name; undefined when absent (readers' `readSibling`). */
  readSibling(path: string, relativeName: string): Uint8Array | undefined;
  /** Path of a sibling, as `expand` would list it (to skip siblings already consumed by a header). */
  siblingPath(path: string, relativeName: string): string;
}

/** SHA-256 (hex) of the concatenation of the parts; node:crypto lives at the edge, so it is passed in. */
export type HashParts = (parts: readonly Uint8Array[]) => string;
