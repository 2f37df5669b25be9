// The app API contract: every call the UI can make, with zod schemas for its arguments and result, and the event stream.
import { z } from 'zod';
import type { EcgRecord } from './ecgRecord';
import type { ApiCallNameList } from './apiChannels';
import type { LibraryReader, LibraryWriter } from './storeContracts';

/** Largest number of points per lead one `getSignals` answer may carry (keeps a response a few MB at most). */
export const MAX_POINTS_PER_LEAD = 20_000;

const RecordId = z.number().int().positive();
const Label = z.string().min(1).max(100);

/** One row of the library list (mirrors the store's RecordSummary in src/shared/storeContracts.ts). */
export const RecordSummarySchema = z.object({
  id: RecordId,
  contentHash: z.string(),
  format: z.string(),
  sourcePath: z.string(),
  name: z.string(),
  samplingRateHz: z.number().positive(),
  leads: z.array(z.string()),
  samplesPerLead: z.number().int().nonnegative(),
  durationSec: z.number().nonnegative(),
  acquisitionTime: z.string().nullable(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  patientSex: z.enum(['M', 'F', 'U']).nullable(),
  patientAgeYears: z.number().nullable(),
  patientBirthDate: z.string().nullable(),
  device: z.string().nullable(),
  importedAt: z.string(),
  reviewStatus: z.enum(['unreviewed', 'confirmed', 'edited']),
  reviewedLabels: z.array(z.string()).nullable(),
});
export type RecordSummary = z.infer<typeof RecordSummarySchema>;

export const RecordDetailSchema = RecordSummarySchema.extend({
  units: z.record(z.string()),
  annotationCount: z.number().int().nonnegative(),
  deviceFilters: z.object({ highPassHz: z.number().optional(), lowPassHz: z.number().optional(), notchHz: z.number().optional() }),
  warnings: z.array(z.string()),
});
export type RecordDetail = z.infer<typeof RecordDetailSchema>;

export const SignalVariantSchema = z.enum(['original', 'denoised']);
export type SignalVariant = z.infer<typeof SignalVariantSchema>;

/** One lead of a signal window in mV: raw samples, or min/max per bucket when decimated. NaN travels as null. */
export const SignalLeadSchema = z.object({
  name: z.string(),
  /** 'mV' for voltage leads; other channels keep their own unit. */
  unit: z.string(),
  values: z.array(z.number().nullable()).optional(),
  min: z.array(z.number().nullable()).optional(),
  max: z.array(z.number().nullable()).optional(),
});
export type SignalLead = z.infer<typeof SignalLeadSchema>;

export const SignalWindowSchema = z.object({
  recordId: RecordId,
  variant: SignalVariantSchema,
  samplingRateHz: z.number().positive(),
  startSample: z.number().int().nonnegative(),
  sampleCount: z.number().int().nonnegative(),
  /** 'none': values[i] is sample startSample+i; 'minmax': bucket b spans samplesPerBucket samples from startSample+b*samplesPerBucket. */
  decimation: z.enum(['none', 'minmax']),
  samplesPerBucket: z.number().int().positive(),
  leads: z.array(SignalLeadSchema),
  /** How the denoised variant was made (model name or filter chain); absent for the original. */
  method: z.string().optional(),
});
export type SignalWindow = z.infer<typeof SignalWindowSchema>;

/** One file of an import (the import pipeline's per-file result). */
export const ImportOutcomeSchema = z.object({
  file: z.string(),
  /** 'skipped': part of another record (a WFDB .dat) or not an ECG file inside a folder. */
  status: z.enum(['imported', 'duplicate', 'error', 'skipped']),
  recordId: RecordId.optional(),
  format: z.string().optional(),
  reason: z.string().optional(),
});
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;

export const MeasurementsSchema = z.object({
  heartRateBpm: z.number().nullable(),
  prMs: z.number().nullable(),
  qrsMs: z.number().nullable(),
  qtMs: z.number().nullable(),
  qtcMs: z.number().nullable(),
  axisDeg: z.number().nullable(),
  /** Why a figure is null, keyed by field name (heartRateBpm, prMs, qrsMs, qtMs, qtcMs, axisDeg…). */
  reasons: z.record(z.string()),
  /** Which algorithm produced the figures, e.g. 'ecgMeasure (pantompkins1985)'. */
  method: z.string(),
});
export type Measurements = z.infer<typeof MeasurementsSchema>;

export const LeadQualitySchema = z.object({
  lead: z.string(),
  flag: z.enum(['good', 'acceptable', 'poor', 'unusable']),
  /** Signal quality index in [0, 1] where the method gives one. */
  sqi: z.number().nullable(),
  reasons: z.array(z.string()),
});
export type LeadQuality = z.infer<typeof LeadQualitySchema>;

/**
 * The representative (median) beat of every lead, as resting-ECG programs print it: the sample-wise median of the
 * dominant beats aligned on their R peaks, baseline-corrected at the PR segment, with the global fiducial points.
 */
export const MedianBeatsSchema = z.object({
  samplingRateHz: z.number().positive(),
  /** Index of the aligned R peak within each beat. */
  rSampleIdx: z.number().int().nonnegative(),
  /** Beats that went into the medians (ectopics and artefacts left out). */
  beatCount: z.number().int().positive(),
  leads: z.array(z.object({ lead: z.string(), amplitudeUv: z.array(z.number()) })),
  /** Global fiducials in ms relative to the R peak; null where not found. */
  fiducialsMs: z.object({
    pOnset: z.number().nullable(),
    pOffset: z.number().nullable(),
    qrsOnset: z.number().nullable(),
    qrsOffset: z.number().nullable(),
    tOffset: z.number().nullable(),
  }),
});
export type MedianBeatsView = z.infer<typeof MedianBeatsSchema>;

export const ClassProbabilitySchema = z.object({ code: z.string(), label: z.string(), probability: z.number().min(0).max(1) });

export const AnalysisSchema = z.object({
  recordId: RecordId,
  /** Null when no classification model is available; `unavailable` then says why. */
  classification: z
    .object({
      model: z.object({ name: z.string(), version: z.string() }),
      classes: z.array(ClassProbabilitySchema),
    })
    .nullable(),
  measurements: MeasurementsSchema.nullable(),
  quality: z.array(LeadQualitySchema).nullable(),
  /** Median beats of the measured window; null when fewer than two beats were found (or not computed). */
  medianBeats: MedianBeatsSchema.nullable().optional(),
  /** One sentence per part that could not be computed (not available yet, record too short…). */
  unavailable: z.array(z.string()),
  advisory: z.string(),
  analysedAt: z.string(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const ReviewEntrySchema = z.object({
  id: z.number().int(),
  recordId: RecordId,
  /** 'confirmed': the reviewer agrees with the shown labels; 'edited': the reviewer corrected them. */
  action: z.enum(['confirmed', 'edited']),
  labels: z.array(z.string()),
  comment: z.string().nullable(),
  reviewer: z.string(),
  createdAt: z.string(),
  /** The analysis the reviewer looked at, when there was one. */
  analysisId: z.number().int().nullable(),
});
export type ReviewEntry = z.infer<typeof ReviewEntrySchema>;

export const ModelInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  active: z.boolean(),
  registeredAt: z.string(),
  /** Numeric metrics from the model's manifest / evaluation (macro F1, AUROC…). */
  metrics: z.record(z.number()),
  classes: z.array(z.string()),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const TrainingStateSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted']);
export const TrainingModeSchema = z.enum(['scratch', 'fine-tune', 'fine-tune-classifier']);
export type TrainingMode = z.infer<typeof TrainingModeSchema>;

export const TrainingJobSchema = z.object({
  jobId: z.number().int(),
  state: TrainingStateSchema,
  /** Fraction done, 0–1. */
  progress: z.number().min(0).max(1),
  epochsDone: z.number().int().nonnegative(),
  /** Metrics of the last finished epoch (loss, val_loss, macro F1…). */
  lastMetrics: z.record(z.number()),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  logTail: z.string(),
});
export type TrainingJob = z.infer<typeof TrainingJobSchema>;

export const CapabilitiesSchema = z.object({
  library: z.boolean(),
  import: z.boolean(),
  formats: z.array(z.string()),
  measurements: z.boolean(),
  quality: z.boolean(),
  denoise: z.boolean(),
  classification: z.boolean(),
  training: z.boolean(),
  shell: z.enum(['web', 'electron', 'test']),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

const Empty = z.object({}).strict();

/** The contract: call name → argument schema and result schema. Both shells validate against it. */
export const API = {
  capabilities: { args: Empty, result: CapabilitiesSchema },
  listRecords: {
    args: z
      .object({
        /** Free text on record name or source path. */
        text: z.string().max(200).optional(),
        /** Patient id (exact) or name (substring). */
        patient: z.string().max(200).optional(),
        format: z.string().max(40).optional(),
        /** A label the latest analysis gives ≥ 0.5 or the latest review lists. */
        diagnosis: Label.optional(),
        reviewStatus: z.enum(['unreviewed', 'confirmed', 'edited']).optional(),
        minQualityScore: z.number().min(0).max(1).optional(),
        acquiredFrom: z.string().max(40).optional(),
        acquiredTo: z.string().max(40).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    result: z.object({ total: z.number().int().nonnegative(), records: z.array(RecordSummarySchema) }),
  },
  getRecord: { args: z.object({ recordId: RecordId }).strict(), result: RecordDetailSchema },
  getSignals: {
    args: z
      .object({
        recordId: RecordId,
        variant: SignalVariantSchema.default('original'),
        startSec: z.number().min(0),
        durationSec: z.number().positive().max(86_400),
        /** At most this many values (samples, or min/max buckets) per lead; longer windows come back as buckets. */
        maxPoints: z.number().int().min(16).max(MAX_POINTS_PER_LEAD).default(4000),
        leads: z.array(z.string().max(40)).max(64).optional(),
      })
      .strict(),
    result: SignalWindowSchema,
  },
  /** Beat and event annotations (WFDB .atr, EDF+ TALs…) within a window, at most `limit`. */
  getAnnotations: {
    args: z
      .object({
        recordId: RecordId,
        startSec: z.number().min(0),
        durationSec: z.number().positive().max(86_400 * 7),
        limit: z.number().int().min(1).max(100_000).default(5000),
      })
      .strict(),
    result: z.object({
      annotations: z.array(
        z.object({ sampleIdx: z.number().int().nonnegative(), code: z.string(), aux: z.string().optional(), channel: z.number().int().optional() }),
      ),
      /** True when the window held more than `limit` annotations (the first `limit` are returned). */
      truncated: z.boolean(),
    }),
  },
  importFiles: {
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }).strict(),
    result: z.object({ outcomes: z.array(ImportOutcomeSchema) }),
  },
  /** Import files sent as bytes (the web shell's file picker and drag-and-drop); siblings travel together. */
  importUpload: {
    args: z
      .object({
        files: z
          .array(z.object({ name: z.string().min(1).max(255), dataBase64: z.string().max(700_000_000) }).strict())
          .min(1)
          .max(200),
      })
      .strict(),
    result: z.object({ outcomes: z.array(ImportOutcomeSchema) }),
  },
  analyse: { args: z.object({ recordId: RecordId }).strict(), result: AnalysisSchema },
  denoise: {
    args: z.object({ recordId: RecordId }).strict(),
    result: z.object({ recordId: RecordId, method: z.string() }),
  },
  addReview: {
    args: z
      .object({
        recordId: RecordId,
        /** The reviewer's labels; omitted = confirm what the reviewer was shown (latest review, else the model's). */
        labels: z.array(Label).min(1).max(50).optional(),
        comment: z.string().max(10_000).optional(),
        reviewer: z.string().min(1).max(100).default('local user'),
      })
      .strict(),
    result: ReviewEntrySchema,
  },
  reviewHistory: { args: z.object({ recordId: RecordId }).strict(), result: z.object({ entries: z.array(ReviewEntrySchema) }) },
  listModels: { args: Empty, result: z.object({ models: z.array(ModelInfoSchema) }) },
  activateModel: { args: z.object({ modelId: z.number().int().positive() }).strict(), result: ModelInfoSchema },
  startTraining: {
    args: z
      .object({
        baseModelId: z.number().int().positive().optional(),
        epochs: z.number().int().min(1).max(1000).default(10),
        useReviewedOnly: z.boolean().default(true),
        /**
         * 'scratch': a new network with the base model's labels and input; 'fine-tune': start from the base model's
         * weights, all of them train (learning rate ÷ 10); 'fine-tune-classifier': start from them, only the
         * classifier trains and the denoiser stays exactly the base model's.
         */
        mode: TrainingModeSchema.default('scratch'),
      })
      .strict(),
    result: TrainingJobSchema,
  },
  cancelTraining: { args: z.object({ jobId: z.number().int().positive() }).strict(), result: TrainingJobSchema },
  resumeTraining: { args: z.object({ jobId: z.number().int().positive() }).strict(), result: TrainingJobSchema },
  trainingJobs: { args: Empty, result: z.object({ jobs: z.array(TrainingJobSchema) }) },
  exportReport: {
    args: z
      .object({ recordId: RecordId, format: z.enum(['json', 'html', 'pdf']).default('pdf'), paper: z.enum(['a4', 'letter']).default('a4') })
      .strict(),
    /** `content` is text for json/html and base64 for pdf (`encoding`). */
    result: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), encoding: z.enum(['utf8', 'base64']).default('utf8') }),
  },
} as const;

export type ApiContract = typeof API;
export type ApiCallName = keyof ApiContract;
export const API_CALLS = Object.keys(API) as ApiCallName[];
/** Arguments as the caller may write them (defaults optional). */
export type ApiArgsIn<K extends ApiCallName> = z.input<ApiContract[K]['args']>;
/** Arguments after validation (defaults filled in). */
export type ApiArgs<K extends ApiCallName> = z.output<ApiContract[K]['args']>;
export type ApiResult<K extends ApiCallName> = z.output<ApiContract[K]['result']>;

/** The server side of the contract: one async handler per call, given validated arguments. */
export type ApiHandlers = { [K in ApiCallName]: (args: ApiArgs<K>) => Promise<ApiResult<K>> };

/** The client side: what the renderer calls, whichever shell carries it. */
export interface ApiClient {
  call<K extends ApiCallName>(name: K, args: ApiArgsIn<K>): Promise<ApiResult<K>>;
  /** Subscribes to progress events; returns an unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

export const ApiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('import'), done: z.number().int(), total: z.number().int(), file: z.string(), status: z.enum(['imported', 'duplicate', 'error', 'skipped']) }),
  z.object({ type: z.literal('training'), job: TrainingJobSchema }),
  z.object({ type: z.literal('library'), change: z.enum(['records', 'reviews', 'models']), recordId: z.number().int().optional() }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;

export const API_ERROR_CODES = ['not_available', 'invalid_argument', 'not_found', 'bad_file', 'unauthorized', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** A typed failure every shell passes through unchanged: code plus one sentence for the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The error for calls whose engine is not part of this build yet (never a made-up answer instead). */
export function notAvailable(what: string): ApiError {
  return new ApiError('not_available', `${what} is not available yet in this build of ECG Studio`);
}

export const ApiFailureSchema = z.object({ code: z.enum(API_ERROR_CODES), message: z.string() });
export type ApiFailure = z.infer<typeof ApiFailureSchema>;
/** What both shells carry back: a result or a typed failure. */
export type ApiResponse<K extends ApiCallName> = { ok: true; result: ApiResult<K> } | { ok: false; error: ApiFailure };

export function isApiCall(name: string): name is ApiCallName {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Validates arguments of a call; throws ApiError('invalid_argument') with the first problem. */
export function parseApiArgs<K extends ApiCallName>(name: K, raw: unknown): ApiArgs<K> {
  const parsed = API[name].args.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError('invalid_argument', `${name}: ${where}${issue?.message ?? 'invalid arguments'}`);
  }
  return parsed.data as ApiArgs<K>;
}

/** Validates a handler's result before it leaves a shell (a broken handler must not reach the UI). */
export function parseApiResult<K extends ApiCallName>(name: K, raw: unknown): ApiResult<K> {
  const parsed = API[name].result.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('internal', `${name} produced an invalid result (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
  }
  return parsed.data as ApiResult<K>;
}

/** Runs one call through validation → handler → result validation, turning any failure into ApiFailure. */
export async function dispatchApiCall(handlers: ApiHandlers, name: string, raw: unknown): Promise<ApiResponse<ApiCallName>> {
  try {
    if (!isApiCall(name)) throw new ApiError('not_found', `unknown API call '${name}'`);
    const args = parseApiArgs(name, raw);
    const handler = handlers[name] as (a: unknown) => Promise<unknown>;
    const result = parseApiResult(name, await handler(args));
    return { ok: true, result };
  } catch (err) {
    return { ok: false, error: toApiFailure(err) };
  }
}

/** Any thrown value → a typed failure with one sentence (internal errors lose their stack). */
export function toApiFailure(err: unknown): ApiFailure {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err instanceof Error && err.name === 'FormatError') return { code: 'bad_file', message: err.message };
  if (err instanceof Error && err.name === 'UsageError') return { code: 'invalid_argument', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export { ipcChannel, IPC_EVENT_CHANNEL, API_CALL_NAMES } from './apiChannels';

/** Compile-time check that src/shared/apiChannels.ts lists exactly the calls of the contract. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const API_CHANNELS_MATCH_CONTRACT: SameKeys<ApiCallNameList, ApiCallName> = true;

/** What the preload exposes on `window.ecgStudio` (one method per call plus the event subscription). */
export type PreloadApi = { [K in ApiCallName]: (args: ApiArgsIn<K>) => Promise<ApiResponse<K>> } & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

// ---------------------------------------------------------------------------------------------------------
// Ports the API implementation (src/pipeline/appApi.ts) is built from. Narrow on purpose: the SQLite store,
// the signal measurements and the model engine adapt to these at the edges.

/** The parts of the library (src/shared/storeContracts.ts) the app API uses. */
export type AppLibraryPort = Pick<
  LibraryReader,
  'getRecord' | 'listRecords' | 'loadRecord' | 'recordFacts' | 'annotationsOf' | 'readSignalWindow' | 'latestAnalysis' | 'reviewsOf' | 'listModels'
> &
  Pick<LibraryWriter, 'findByContentHash' | 'insertRecord' | 'addAnalysis' | 'addReview' | 'activateModel'> &
  Partial<Pick<LibraryReader, 'listTrainingRuns' | 'getTrainingRun'>>;

/** Signal analysis that needs no trained model (each part optional until its engine lands). */
export interface AppAnalysisPort {
  measure?(record: EcgRecord): Measurements;
  quality?(record: EcgRecord): LeadQuality[];
  medianBeats?(record: EcgRecord): MedianBeatsView | null;
  /** A model-based denoiser may be async; the filter one is not. */
  denoise?(record: EcgRecord): { record: EcgRecord; method: string } | Promise<{ record: EcgRecord; method: string }>;
}

export interface ClassificationOutput {
  model: { name: string; version: string };
  /** Compute backend that ran the model ('wasm', 'cpu', 'tensorflow'…). */
  backend: string;
  classes: { code: string; label: string; probability: number }[];
}

/** The model engine: classification with the active model (loading a model is async). */
export interface AppModelPort {
  classify(record: EcgRecord): Promise<ClassificationOutput>;
}

/** Retraining jobs (runs are rows of the library's training_runs); progress arrives through `onProgress`. */
export interface AppTrainingPort {
  start(args: { baseModelId?: number | undefined; epochs: number; useReviewedOnly: boolean; mode?: TrainingMode | undefined }): TrainingJob;
  cancel(jobId: number): TrainingJob;
  resume(jobId: number): TrainingJob;
  onProgress(listener: (job: TrainingJob) => void): () => void;
}
