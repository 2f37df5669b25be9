// The words of an ECG report: patient and acquisition lines, measurements, diagnoses, review, trace source, footer.
import { ADVISORY_TEXT, modelDataAttribution, productLine } from '../../shared/about';
import { recordDurationSec, type EcgRecord } from '../../shared/ecgRecord';
import type { ReportDiagnoses, ReportReview, TraceSource } from './reportInput';
import type { ReportMeasurements } from './reportMeasurements';

/** Diagnoses listed on the page: the most probable first, at most this many. */
export const MAX_LISTED_DIAGNOSES = 6;

export interface ReportText {
  title: string;
  /** Patient and acquisition, one item per line. */
  recordLines: string[];
  measurementLines: string[];
  /** Model and diagnoses, then the review; empty model part when no analysis was given. */
  diagnosisLines: string[];
  reviewLines: string[];
  traceLine: string;
  footer: string;
  /** PTB-XL attribution, present only when a model's diagnoses appear. */
  attribution: string | null;
}

const SEX: Record<string, string> = { M: 'male', F: 'female', U: 'unknown' };

function fmt(value: number | null | undefined, unit: string, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '-'
    : `${value.toFixed(digits)} ${unit}`;
}

function deg(value: number | null): string {
  return value === null ? '-' : `${Math.round(value)}°`;
}

/** The lines describing patient (or its absence when anonymised) and acquisition. */
export function recordLines(record: EcgRecord, anonymize: boolean): string[] {
  const p = record.patient;
  const lines: string[] = [];
  const sexAge = [
    p.sex ? `sex ${SEX[p.sex] ?? p.sex}` : '',
    p.ageYears !== undefined ? `age ${p.ageYears} y` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (anonymize) {
    lines.push(`Patient: anonymised${sexAge ? ` (${sexAge})` : ''}`);
  } else {
    lines.push(`Patient: ${p.name ?? '-'}   ID: ${p.id ?? '-'}`);
    lines.push(
      [p.birthDate ? `born ${p.birthDate}` : '', sexAge].filter(Boolean).join(', ') ||
        'birth date, sex, age: -',
    );
  }
  const acq = record.acquisition;
  lines.push(
    `Acquired: ${acq.startTime && !anonymize ? acq.startTime : acq.startTime ? 'date withheld (anonymised)' : '-'}`,
  );
  const device = [acq.manufacturer, acq.device].filter(Boolean).join(' ');
  if (device) lines.push(`Device: ${device}${acq.site && !anonymize ? `, ${acq.site}` : ''}`);
  lines.push(
    `Record: ${record.name} (${record.format}), ${record.leads.length} leads, ${record.samplingRateHz} Hz, ${recordDurationSec(record).toFixed(1)} s`,
  );
  const f = record.filters;
  const band =
    f.highPassHz !== undefined || f.lowPassHz !== undefined
      ? `${f.highPassHz ?? '-'}–${f.lowPassHz ?? '-'} Hz`
      : '';
  const filters = [band, f.notchHz !== undefined ? `notch ${f.notchHz} Hz` : '', f.description ?? '']
    .filter(Boolean)
    .join(', ');
  if (filters) lines.push(`Device filters: ${filters}`);
  return lines;
}

export function measurementLines(m: ReportMeasurements): string[] {
  const lowQuality = m.quality.filter((q) => q.score < 0.5).map((q) => q.lead);
  const lines = [
    `Heart rate: ${fmt(m.hrBpm, 'bpm')}`,
    `PR: ${fmt(m.prMs, 'ms')}    QRS: ${fmt(m.qrsMs, 'ms')}`,
    `QT: ${fmt(m.qtMs, 'ms')}    QTc: ${fmt(m.qtcMs.bazett, 'ms')} (Bazett)`,
    `QTc Fridericia: ${fmt(m.qtcMs.fridericia, 'ms')}`,
    `Axes P / QRS / T: ${deg(m.axesDeg.p)} / ${deg(m.axesDeg.qrs)} / ${deg(m.axesDeg.t)}`,
    `Signal quality: ${m.quality.length === 0 ? '-' : lowQuality.length === 0 ? 'all leads acceptable' : `poor in ${lowQuality.join(', ')}`}`,
  ];
  const missing = Object.entries(m.reasons);
  if (missing.length > 0) {
    const [field, why] = missing[0] as [string, string];
    lines.push(`Not measured: ${field}: ${why}${missing.length > 1 ? ` (+${missing.length - 1} more)` : ''}`);
  }
  return lines;
}

export function diagnosisLines(diagnoses: ReportDiagnoses | null | undefined): string[] {
  if (!diagnoses) return ['Model diagnoses: no analysis supplied'];
  const sorted = [...diagnoses.classes]
    .sort((a, b) => b.probability - a.probability)
    .slice(0, MAX_LISTED_DIAGNOSES);
  return [
    `Model: ${diagnoses.model.name} ${diagnoses.model.version} (advisory)`,
    ...sorted.map(
      (c) =>
        `${c.probability >= 0.5 ? '• ' : '   '}${c.label || c.code}${c.label && c.label !== c.code ? ` (${c.code})` : ''}: ${(c.probability * 100).toFixed(0)} %`,
    ),
  ];
}

export function reviewLines(review: ReportReview | null | undefined): string[] {
  if (!review || review.status === 'unreviewed') return ['Review: not reviewed'];
  const by = review.reviewer ? ` by ${review.reviewer}` : '';
  const when = review.reviewedAt ? ` on ${review.reviewedAt.slice(0, 10)}` : '';
  const lines = [`Review: ${review.status}${by}${when}`];
  if (review.labels && review.labels.length > 0) lines.push(`Reviewed labels: ${review.labels.join(', ')}`);
  return lines;
}

export function traceLine(traces: TraceSource): string {
  return traces.variant === 'original'
    ? 'Traces: original (as recorded)'
    : `Traces: denoised (${traces.method})`;
}

/** All text of a report. */
export function reportText(args: {
  record: EcgRecord;
  measurements: ReportMeasurements;
  diagnoses?: ReportDiagnoses | null | undefined;
  review?: ReportReview | null | undefined;
  traces: TraceSource;
  anonymize: boolean;
  appVersion: string;
  generatedAt: string;
}): ReportText {
  return {
    title: '12-lead ECG report',
    recordLines: recordLines(args.record, args.anonymize),
    measurementLines: measurementLines(args.measurements),
    diagnosisLines: diagnosisLines(args.diagnoses),
    reviewLines: reviewLines(args.review),
    traceLine: traceLine(args.traces),
    footer: `${productLine(args.appVersion)}, printed ${args.generatedAt.slice(0, 16).replace('T', ' ')} UTC. ${ADVISORY_TEXT}`,
    attribution: args.diagnoses ? modelDataAttribution() : null,
  };
}
