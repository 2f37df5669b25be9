// What a report or an analysis export is made from: a record, its measurements, optional diagnoses and review.
import { z } from 'zod';
import type { EcgRecord } from '../../shared/ecgRecord';
import type { ReviewStatus } from '../../shared/storeContracts';

/** A model's diagnoses: the shape of `Analysis.classification` in src/shared/api.ts and of the model port's answer. */
export const ReportDiagnosesSchema = z.object({
  model: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  classes: z.array(
    z.object({ code: z.string().min(1), label: z.string(), probability: z.number().min(0).max(1) }),
  ),
});
export type ReportDiagnoses = z.infer<typeof ReportDiagnosesSchema>;

/** The latest review of the record, when there is one. */
export interface ReportReview {
  status: ReviewStatus;
  reviewer?: string;
  labels?: string[];
  /** ISO 8601 time of the review. */
  reviewedAt?: string;
  comment?: string;
}

/** Whether the printed traces are the samples as read, or a denoised version (and how it was made). */
export type TraceSource = { variant: 'original' } | { variant: 'denoised'; method: string };

export interface ReportInput {
  /** The record whose traces are printed (already denoised when `traces.variant` is 'denoised'). */
  record: EcgRecord;
  traces: TraceSource;
  /** The record measured (the original when the traces are denoised); `record` when absent. */
  measuredRecord?: EcgRecord;
  diagnoses?: ReportDiagnoses | null;
  review?: ReportReview | null;
  /** Leave out patient name, id and birth date (age and sex stay). */
  anonymize: boolean;
  /** Start of the printed 10-s window, s (0 when absent). */
  startSec?: number;
  /** ECG Studio version for the footer (package.json is read at the edges). */
  appVersion: string;
  /** ISO 8601 time the report is made (passed in so that output is reproducible). */
  generatedAt: string;
}

/**
 * Diagnoses from a JSON value: an API `Analysis` (`{classification: {...}}`), the classification itself, or the
 * output of `ecg-studio analyze --json` (`{model, diagnoses: [...]}`). Returns null for an analysis without a
 * model; throws a one-line Error when the value fits none of them.
 */
export function parseDiagnosesJson(value: unknown): ReportDiagnoses | null {
  if (value !== null && typeof value === 'object' && 'classification' in value) {
    const inner = (value as { classification: unknown }).classification;
    if (inner === null) return null;
    value = inner;
  } else if (value !== null && typeof value === 'object' && 'diagnoses' in value && 'model' in value) {
    const cli = value as { model: unknown; diagnoses: unknown };
    if (cli.model === null) return null;
    value = { model: cli.model, classes: cli.diagnoses };
  }
  const parsed = ReportDiagnosesSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not an analysis with model diagnoses (${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}
