// The local library: one SQLite file behind the shared read and write interfaces, composed of one repository per table.
import { existsSync } from 'node:fs';
import type { DeviceFilters, EcgAnnotation, EcgLead, EcgRecord, EcgFormat } from '../shared/ecgRecord';
import type {
  Analysis,
  DatasetItem,
  InsertRecordResult,
  LibraryReader,
  LibraryWriter,
  ModelActivation,
  ModelEntry,
  NewAnalysis,
  NewRecordInput,
  NewReview,
  RecordDetail,
  RecordFacts,
  SampleSpan,
  RecordPage,
  RecordQuery,
  Review,
  SignalWindow,
  SignalWindowRequest,
  TrainingRun,
} from '../shared/storeContracts';
import { validateRecord } from '../shared/ecgRecord';
import { AnalysesRepository } from './analysesRepository';
import { AnnotationsRepository } from './annotationsRepository';
import { openDatabase, type Db, type OpenDatabaseOptions } from './db';
import { ModelsRepository } from './modelsRepository';
import { RecordsRepository } from './recordsRepository';
import { ReviewsRepository } from './reviewsRepository';
import { SettingsRepository } from './settingsRepository';
import { chunkCountAt, SignalsRepository } from './signalsRepository';
import { levelCountFor } from './signalCodec';
import { TrainingRunsRepository } from './trainingRunsRepository';

export interface LibraryOptions extends OpenDatabaseOptions {
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
  /** Whether a process id is still running (training runs of dead processes become 'interrupted' on open). */
  isProcessAlive?: (pid: number) => boolean;
}

/** Signal 0 probes a process without touching it; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Library implements LibraryReader, LibraryWriter {
  readonly records: RecordsRepository;
  readonly signals: SignalsRepository;
  readonly annotations: AnnotationsRepository;
  readonly analyses: AnalysesRepository;
  readonly reviews: ReviewsRepository;
  readonly models: ModelsRepository;
  readonly trainingRuns: TrainingRunsRepository;
  readonly settings: SettingsRepository;
  /** Runs found 'running' with a dead process when the library was opened, now 'interrupted'. */
  readonly interruptedOnOpen: number[];
  private readonly clock: () => Date;

  constructor(
    readonly db: Db,
    readonly path: string,
    options: LibraryOptions = {},
  ) {
    this.clock = options.now ?? (() => new Date());
    this.records = new RecordsRepository(db);
    this.signals = new SignalsRepository(db);
    this.annotations = new AnnotationsRepository(db);
    this.analyses = new AnalysesRepository(db);
    this.reviews = new ReviewsRepository(db);
    this.models = new ModelsRepository(db);
    this.trainingRuns = new TrainingRunsRepository(db);
    this.settings = new SettingsRepository(db);
    this.interruptedOnOpen = options.readonly ? [] : this.trainingRuns.markInterrupted(options.isProcessAlive ?? isProcessAlive, this.now());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- writes -------------------------------------------------------------------------------------

  findByContentHash(contentHash: string): number | undefined {
    return this.records.findByContentHash(contentHash);
  }

  insertRecord(input: NewRecordInput): InsertRecordResult {
    const problems = validateRecord(input.record);
    if (problems.length) throw new Error(`record is not consistent: ${problems.join('; ')}`);
    // IMMEDIATE takes the write lock first, so the duplicate check and the insert see the same library.
    return this.db.transaction((): InsertRecordResult => {
      const existing = this.records.findByContentHash(input.contentHash);
      if (existing !== undefined) return { recordId: existing, duplicate: true };
      const recordId = this.records.insert({ ...input, importedAt: this.now() });
      input.record.leads.forEach((lead, i) => this.signals.insertLead(recordId, i, lead, input.record.samplingRateHz));
      this.annotations.insertMany(recordId, input.record.annotations);
      return { recordId, duplicate: false };
    }).immediate();
  }

  addAnalysis(analysis: NewAnalysis): number {
    return this.analyses.insert(analysis, this.now());
  }

  addReview(review: NewReview): number {
    return this.reviews.insert(review, this.now());
  }

  registerModel(entry: { name: string; version: string; path: string; manifest: Record<string, unknown>; metrics?: Record<string, unknown> }): number {
    return this.models.register(entry, this.now());
  }

  activateModel(modelId: number): void {
    this.models.activate(modelId, this.now());
  }

  rollbackModel(): ModelEntry {
    return this.models.rollback(this.now());
  }

  createTrainingRun(config: Record<string, unknown>): number {
    return this.trainingRuns.create(config, this.now());
  }

  startTrainingRun(id: number, pid: number | null): void {
    this.trainingRuns.start(id, pid, this.now());
  }

  recordTrainingEpoch(id: number, update: { progress: number; metrics: Record<string, unknown>; checkpointPath?: string; logLine?: string }): void {
    this.trainingRuns.recordEpoch(id, update);
  }

  finishTrainingRun(id: number, status: 'completed' | 'failed' | 'cancelled', logLine?: string): void {
    this.trainingRuns.finish(id, status, this.now(), logLine);
  }

  resumeTrainingRun(id: number, pid: number | null): TrainingRun {
    return this.trainingRuns.resume(id, pid, this.now());
  }

  setSetting(key: string, value: string): void {
    this.settings.set(key, value);
  }

  // --- reads --------------------------------------------------------------------------------------

  getRecord(id: number): RecordDetail | undefined {
    return this.records.get(id);
  }

  listRecords(query: RecordQuery = {}): RecordPage {
    return this.records.list(query);
  }

  recordFacts(id: number): RecordFacts | undefined {
    const extras = this.records.extras(id);
    if (extras === undefined) return undefined;
    const units: Record<string, string> = {};
    for (const lead of this.signals.leadsOf(id)) units[lead.name] = lead.unit;
    return { units, annotationCount: this.annotations.countFor(id), filters: extras.filters as DeviceFilters };
  }

  annotationsOf(id: number, fromSample: number, toSample: number): EcgAnnotation[] {
    return this.annotations.listFor(id, fromSample, toSample);
  }

  loadRecord(id: number, span?: SampleSpan): EcgRecord | undefined {
    const detail = this.records.get(id);
    const extras = this.records.extras(id);
    if (detail === undefined || extras === undefined) return undefined;
    const from = span ? Math.max(0, Math.min(detail.samplesPerLead, Math.floor(span.fromSample))) : 0;
    const to = span ? Math.max(from, Math.min(detail.samplesPerLead, Math.ceil(span.toSample))) : detail.samplesPerLead;
    const leads: EcgLead[] = this.signals.leadsOf(id).map((stored) => ({
      name: stored.name,
      originalName: stored.originalName,
      unit: stored.unit,
      samples: span ? this.signals.loadSampleSpan(id, stored, from, to) : this.signals.loadSamples(id, stored),
      ...(Object.keys(stored.details).length ? { details: stored.details } : {}),
    }));
    const { manufacturer, site, patientHeightCm, patientWeightKg, ...metadata } = extras.metadata;
    const patient: EcgRecord['patient'] = {};
    if (detail.patientId !== null) patient.id = detail.patientId;
    if (detail.patientName !== null) patient.name = detail.patientName;
    if (detail.patientSex !== null) patient.sex = detail.patientSex;
    if (detail.patientAgeYears !== null) patient.ageYears = detail.patientAgeYears;
    if (detail.patientBirthDate !== null) patient.birthDate = detail.patientBirthDate;
    if (typeof patientHeightCm === 'number') patient.heightCm = patientHeightCm;
    if (typeof patientWeightKg === 'number') patient.weightKg = patientWeightKg;
    const acquisition: EcgRecord['acquisition'] = {};
    if (detail.device !== null) acquisition.device = detail.device;
    if (typeof manufacturer === 'string') acquisition.manufacturer = manufacturer;
    if (typeof site === 'string') acquisition.site = site;
    if (detail.acquisitionTime !== null) acquisition.startTime = detail.acquisitionTime;
    return {
      format: detail.format as EcgFormat,
      name: detail.name,
      samplingRateHz: detail.samplingRateHz,
      samplesPerLead: to - from,
      leads,
      patient,
      acquisition,
      filters: extras.filters,
      annotations: this.annotations.listFor(id, from, to).map((a) => (from === 0 ? a : { ...a, sampleIdx: a.sampleIdx - from })),
      metadata,
      warnings: detail.warnings,
    };
  }

  readSignalWindow(recordId: number, request: SignalWindowRequest): SignalWindow {
    const detail = this.records.get(recordId);
    if (detail === undefined) throw new Error(`no record ${recordId} in the library`);
    return this.signals.readWindow(recordId, detail.samplingRateHz, request);
  }

  latestAnalysis(recordId: number): Analysis | undefined {
    return this.analyses.latest(recordId);
  }

  reviewsOf(recordId: number): Review[] {
    return this.reviews.listFor(recordId);
  }

  datasetItems(): DatasetItem[] {
    return this.reviews.datasetItems();
  }

  listModels(): ModelEntry[] {
    return this.models.list();
  }

  activeModel(): ModelEntry | undefined {
    return this.models.active();
  }

  modelActivations(): ModelActivation[] {
    return this.models.activations();
  }

  getTrainingRun(id: number): TrainingRun | undefined {
    return this.trainingRuns.get(id);
  }

  listTrainingRuns(): TrainingRun[] {
    return this.trainingRuns.list();
  }

  getSetting(key: string): string | undefined {
    return this.settings.get(key);
  }

  // --- maintenance --------------------------------------------------------------------------------

  /**
   * Problems that would mean a half-written record: a records row whose leads, chunk rows or levels are
   * not all there. Empty when every record is whole.
   */
  checkConsistency(): string[] {
    const problems: string[] = [];
    const chunkCounts = this.signals.chunkCounts();
    const leadsByRecord = new Map<number, ReturnType<SignalsRepository['allLeads']>>();
    for (const entry of this.signals.allLeads()) {
      const list = leadsByRecord.get(entry.recordId) ?? [];
      list.push(entry);
      leadsByRecord.set(entry.recordId, list);
    }
    for (const rec of this.records.allLeadCounts()) {
      const leads = leadsByRecord.get(rec.id) ?? [];
      if (leads.length !== rec.leadCount) problems.push(`record ${rec.id}: ${leads.length} of ${rec.leadCount} leads stored`);
      for (const { lead } of leads) {
        if (lead.sampleCount !== rec.samplesPerLead) problems.push(`record ${rec.id} lead ${lead.leadIdx}: ${lead.sampleCount} samples, expected ${rec.samplesPerLead}`);
        if (lead.levelCount !== levelCountFor(lead.sampleCount)) problems.push(`record ${rec.id} lead ${lead.leadIdx}: ${lead.levelCount} levels`);
        for (let level = 0; level <= lead.levelCount; level++) {
          const have = chunkCounts.get(`${rec.id}/${lead.leadIdx}/${level}`) ?? 0;
          const want = chunkCountAt(lead, level);
          if (have !== want) problems.push(`record ${rec.id} lead ${lead.leadIdx} level ${level}: ${have} of ${want} chunks`);
        }
      }
      leadsByRecord.delete(rec.id);
    }
    for (const recordId of leadsByRecord.keys()) problems.push(`signals of record ${recordId} without a records row`);
    return problems;
  }

  /** A consistent copy of the whole library in one file (VACUUM INTO); refuses to overwrite. */
  backupTo(file: string): void {
    if (existsSync(file)) throw new Error(`${file} already exists; choose a new backup file name`);
    this.db.prepare('VACUUM INTO ?').run(file);
  }
}

/** Opens (creating and migrating when needed) the library at `path`; ':memory:' for a throwaway one. */
export function openLibrary(path: string, options: LibraryOptions = {}): Library {
  const db = openDatabase(path, options);
  try {
    return new Library(db, path, options);
  } catch (err) {
    db.close();
    throw err;
  }
}
