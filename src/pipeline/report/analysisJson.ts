// An ECG analysis as plain JSON (ECG Studio's own export format), with the zod schema that reads it back.
import { z } from 'zod';
import { ADVISORY_TEXT, PTB_XL_LICENCE, productLine } from '../../shared/about';
import { recordDurationSec, type EcgRecord } from '../../shared/ecgRecord';
import {
  ReportDiagnosesSchema,
  type ReportDiagnoses,
  type ReportReview,
  type TraceSource,
} from './reportInput';
import type { ReportMeasurements } from './reportMeasurements';

const nullableNumber = z.number().nullable();

export const AnalysisExportSchema = z.object({
  format: z.literal('ecg-studio-analysis'),
  formatVersion: z.literal(1),
  generator: z.string(),
  generatedAt: z.string(),
  record: z.object({
    name: z.string(),
    format: z.string(),
    samplingRateHz: z.number().positive(),
    leads: z.array(z.string()),
    samplesPerLead: z.number().int().nonnegative(),
    durationSec: z.number().nonnegative(),
    acquisitionTime: z.string().nullable(),
    device: z.string().nullable(),
    patient: z.object({
      anonymised: z.boolean(),
      sex: z.enum(['M', 'F', 'U']).nullable(),
      ageYears: nullableNumber,
      id: z.string().optional(),
      name: z.string().optional(),
      birthDate: z.string().optional(),
    }),
  }),
  traces: z.object({ variant: z.enum(['original', 'denoised']), method: z.string().optional() }),
  measurements: z.object({
    windowStartSec: z.number(),
    windowDurationSec: z.number(),
    hrBpm: nullableNumber,
    prMs: nullableNumber,
    qrsMs: nullableNumber,
    qtMs: nullableNumber,
    qtcMs: z.object({
      bazett: nullableNumber,
      fridericia: nullableNumber,
      framingham: nullableNumber,
      hodges: nullableNumber,
    }),
    axesDeg: z.object({ p: nullableNumber, qrs: nullableNumber, t: nullableNumber }),
    rrMeanMs: nullableNumber,
    beats: z.number().int().nonnegative(),
    detectionLead: z.string().nullable(),
    reasons: z.record(z.string()),
    quality: z.array(z.object({ lead: z.string(), score: z.number(), flags: z.array(z.string()) })),
    method: z.string(),
  }),
  classification: ReportDiagnosesSchema.nullable(),
  review: z
    .object({
      status: z.enum(['unreviewed', 'confirmed', 'edited']),
      reviewer: z.string().optional(),
      labels: z.array(z.string()).optional(),
      reviewedAt: z.string().optional(),
      comment: z.string().optional(),
    })
    .nullable(),
  advisory: z.string(),
  /** Attribution of the data the model was trained on, present when a classification is. */
  modelDataLicence: z
    .object({ dataset: z.string(), licence: z.string(), attribution: z.string() })
    .nullable(),
});
export type AnalysisExport = z.infer<typeof AnalysisExportSchema>;

/** What an analysis export (JSON here, FHIR in fhirBundle.ts) is made from. */
export interface AnalysisExportInput {
  record: EcgRecord;
  measurements: ReportMeasurements;
  diagnoses?: ReportDiagnoses | null;
  review?: ReportReview | null;
  traces: TraceSource;
  /** Anonymised: patient identifiers (and, in FHIR, the acquisition time) are left out. */
  anonymize: boolean;
  appVersion: string;
  /** ISO 8601 instant with zone, e.g. new Date().toISOString(). */
  generatedAt: string;
}

/** The export object; patient identifiers only when not anonymised, NaN/Infinity scores become null-free numbers. */
export function analysisExport(args: AnalysisExportInput): AnalysisExport {
  const r = args.record;
  const p = r.patient;
  const patient: AnalysisExport['record']['patient'] = {
    anonymised: args.anonymize,
    sex: p.sex ?? null,
    ageYears: p.ageYears ?? null,
  };
  if (!args.anonymize) {
    if (p.id !== undefined) patient.id = p.id;
    if (p.name !== undefined) patient.name = p.name;
    if (p.birthDate !== undefined) patient.birthDate = p.birthDate;
  }
  const device = [r.acquisition.manufacturer, r.acquisition.device].filter(Boolean).join(' ');
  const m = args.measurements;
  return {
    format: 'ecg-studio-analysis',
    formatVersion: 1,
    generator: productLine(args.appVersion),
    generatedAt: args.generatedAt,
    record: {
      name: r.name,
      format: r.format,
      samplingRateHz: r.samplingRateHz,
      leads: r.leads.map((l) => l.name),
      samplesPerLead: r.samplesPerLead,
      durationSec: recordDurationSec(r),
      acquisitionTime: args.anonymize ? null : (r.acquisition.startTime ?? null),
      device: device || null,
      patient,
    },
    traces:
      args.traces.variant === 'original'
        ? { variant: 'original' }
        : { variant: 'denoised', method: args.traces.method },
    measurements: {
      ...m,
      quality: m.quality.map((q) => ({ ...q, score: Number.isFinite(q.score) ? q.score : 0 })),
    },
    classification: args.diagnoses ?? null,
    review: args.review ?? null,
    advisory: ADVISORY_TEXT,
    modelDataLicence: args.diagnoses
      ? {
          dataset: PTB_XL_LICENCE.dataset,
          licence: PTB_XL_LICENCE.licence,
          attribution: PTB_XL_LICENCE.attribution,
        }
      : null,
  };
}
