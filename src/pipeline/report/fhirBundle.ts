// An ECG analysis as an HL7 FHIR R4 Bundle: DiagnosticReport (LOINC 11524-6) + measurement Observations + Patient.
import { ADVISORY_TEXT, productLine } from '../../shared/about';
import type { AnalysisExportInput } from './analysisJson';
import type { ReportReview } from './reportInput';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const DIAGNOSTIC_SERVICE = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const DATA_ABSENT = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

/** LOINC codes of the EKG study and its measurements (LOINC 2.7x; displays are the LOINC short names). */
export const ECG_LOINC = {
  study: { code: '11524-6', display: 'EKG study' },
  heartRate: { code: '8867-4', display: 'Heart rate' },
  pr: { code: '8625-6', display: 'P-R Interval' },
  qrs: { code: '8633-0', display: 'QRS duration' },
  qt: { code: '8634-8', display: 'Q-T interval' },
  qtc: { code: '8636-3', display: 'Q-T interval corrected' },
  pAxis: { code: '8626-4', display: 'P axis' },
  qrsAxis: { code: '8632-2', display: 'QRS axis' },
  tAxis: { code: '8638-9', display: 'T axis' },
} as const;

/** FHIR R4 dateTime: a time part needs a zone, so a zoneless local time is cut to its date (datatypes.html#dateTime). */
const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function fhirDateTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (DATE_TIME.test(v)) return v;
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return date ? date[1] : undefined;
}

type Json = Record<string, unknown>;

export interface FhirBundleInput extends AnalysisExportInput {
  /** Returns a fresh UUID (crypto.randomUUID at the edges; a counter in tests). */
  newUuid: () => string;
  /** PDF of the report, base64, attached as the DiagnosticReport's presentedForm. */
  pdfBase64?: string;
}

interface ObservationSpec {
  key: keyof typeof ECG_LOINC;
  value: number | null;
  unit: '/min' | 'ms' | 'deg';
  reasonKey: string;
  method?: string;
}

/** DiagnosticReport status: a clinician's review makes it final; model and algorithm output alone is preliminary. */
export function reportStatus(review: ReportReview | null | undefined): 'final' | 'preliminary' {
  return review && review.status !== 'unreviewed' ? 'final' : 'preliminary';
}

/**
 * The analysis as a FHIR R4 Bundle of type 'collection' (http://hl7.org/fhir/R4/bundle.html): a Patient (anonymised
 * unless asked otherwise), one Observation per measurement (LOINC code, UCUM unit; a measurement that could not be
 * made gets dataAbsentReason with the reason as text), and a DiagnosticReport (code LOINC 11524-6, category v2-0074
 * 'EC', result → the Observations, conclusion from the review and the model's diagnoses). Entries are linked by
 * urn:uuid full URLs (http://hl7.org/fhir/R4/bundle.html#references).
 */
export function analysisFhirBundle(input: FhirBundleInput): Json {
  const status = reportStatus(input.review);
  const patientUrl = `urn:uuid:${input.newUuid()}`;
  const subject = { reference: patientUrl };
  const effective = input.anonymize ? undefined : fhirDateTime(input.record.acquisition.startTime);
  const p = input.record.patient;
  const gender = p.sex === 'M' ? 'male' : p.sex === 'F' ? 'female' : p.sex === 'U' ? 'unknown' : undefined;
  const patient: Json = { resourceType: 'Patient', id: patientUrl.slice(9) };
  if (!input.anonymize) {
    if (p.id) patient['identifier'] = [{ value: p.id }];
    if (p.name) patient['name'] = [{ text: p.name.replace(/\^+/g, ' ').trim() }];
  }
  if (gender) patient['gender'] = gender;
  if (!input.anonymize && p.birthDate && DATE.test(p.birthDate)) patient['birthDate'] = p.birthDate;

  const m = input.measurements;
  const specs: ObservationSpec[] = [
    { key: 'heartRate', value: m.hrBpm, unit: '/min', reasonKey: 'hrBpm' },
    { key: 'pr', value: m.prMs, unit: 'ms', reasonKey: 'prMs' },
    { key: 'qrs', value: m.qrsMs, unit: 'ms', reasonKey: 'qrsMs' },
    { key: 'qt', value: m.qtMs, unit: 'ms', reasonKey: 'qtMs' },
    { key: 'qtc', value: m.qtcMs.bazett, unit: 'ms', reasonKey: 'qtcMs', method: 'Bazett (QT / sqrt(RR))' },
    { key: 'pAxis', value: m.axesDeg.p, unit: 'deg', reasonKey: 'axesDeg.p' },
    { key: 'qrsAxis', value: m.axesDeg.qrs, unit: 'deg', reasonKey: 'axesDeg.qrs' },
    { key: 'tAxis', value: m.axesDeg.t, unit: 'deg', reasonKey: 'axesDeg.t' },
  ];
  const observations = specs.map((s) => {
    const url = `urn:uuid:${input.newUuid()}`;
    const code = ECG_LOINC[s.key];
    const obs: Json = {
      resourceType: 'Observation',
      id: url.slice(9),
      status,
      category: [
        {
          coding: [
            s.key === 'heartRate'
              ? { system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }
              : { system: OBSERVATION_CATEGORY, code: 'procedure', display: 'Procedure' },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: code.code, display: code.display }], text: code.display },
      subject,
    };
    if (effective) obs['effectiveDateTime'] = effective;
    if (s.value !== null && Number.isFinite(s.value)) {
      obs['valueQuantity'] = {
        value: Math.round(s.value * 10) / 10,
        unit: s.unit,
        system: UCUM,
        code: s.unit,
      };
    } else {
      const why = m.reasons[s.reasonKey] ?? 'not measured';
      obs['dataAbsentReason'] = {
        coding: [{ system: DATA_ABSENT, code: 'unknown', display: 'Unknown' }],
        text: why,
      };
    }
    obs['method'] = { text: s.method ? `${s.method}; ${m.method}` : m.method };
    return { fullUrl: url, resource: obs };
  });

  const reportUrl = `urn:uuid:${input.newUuid()}`;
  const conclusion: string[] = [];
  const conclusionCode: Json[] = [];
  const review = input.review;
  if (review && review.status !== 'unreviewed') {
    conclusion.push(
      `Reviewed (${review.status})${review.reviewer ? ` by ${review.reviewer}` : ''}${review.labels?.length ? `: ${review.labels.join(', ')}` : ''}.`,
    );
    for (const label of review.labels ?? []) conclusionCode.push({ text: label });
  }
  const d = input.diagnoses;
  if (d) {
    const sorted = [...d.classes].sort((a, b) => b.probability - a.probability);
    conclusion.push(
      `Model ${d.model.name} ${d.model.version}: ${sorted.map((c) => `${c.label || c.code} (${c.code}) ${(c.probability * 100).toFixed(0)} %`).join('; ') || 'no classes'}.`,
    );
    if (!review || review.status === 'unreviewed') {
      for (const c of sorted.filter((x) => x.probability >= 0.5))
        conclusionCode.push({
          text: `${c.label || c.code} (${c.code}), model probability ${c.probability.toFixed(2)}`,
        });
    }
  }
  conclusion.push(
    input.traces.variant === 'denoised' ? `Traces denoised (${input.traces.method}).` : 'Traces as recorded.',
  );
  conclusion.push(ADVISORY_TEXT);
  const report: Json = {
    resourceType: 'DiagnosticReport',
    id: reportUrl.slice(9),
    status,
    category: [
      {
        coding: [
          { system: DIAGNOSTIC_SERVICE, code: 'EC', display: 'Electrocardiac (e.g., EKG, EEC, Holter)' },
        ],
      },
    ],
    code: {
      coding: [{ system: LOINC, code: ECG_LOINC.study.code, display: ECG_LOINC.study.display }],
      text: 'Resting ECG',
    },
    subject,
  };
  if (effective) report['effectiveDateTime'] = effective;
  report['issued'] = input.generatedAt;
  if (review?.reviewer && review.status !== 'unreviewed')
    report['resultsInterpreter'] = [{ display: review.reviewer }];
  report['result'] = observations.map((o) => ({
    reference: o.fullUrl,
    display: (o.resource['code'] as { text: string }).text,
  }));
  report['conclusion'] = conclusion.join(' ');
  if (conclusionCode.length > 0) report['conclusionCode'] = conclusionCode;
  if (input.pdfBase64)
    report['presentedForm'] = [
      { contentType: 'application/pdf', data: input.pdfBase64, title: 'ECG report (PDF)' },
    ];

  return {
    resourceType: 'Bundle',
    id: input.newUuid(),
    meta: {
      tag: [{ system: 'urn:ecg-studio:generator', code: productLine(input.appVersion).replace(/\s+/g, '-') }],
    },
    type: 'collection',
    timestamp: input.generatedAt,
    entry: [
      { fullUrl: reportUrl, resource: report },
      ...observations,
      { fullUrl: patientUrl, resource: patient },
    ],
  };
}
