// HL7 v3 annotated ECG (aECG, HL7 Annotated ECG R1 / FDA XML) reader: rhythm + representative beat, annotations.
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord, type RepresentativeBeats } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { FormatReader, ReadContext } from '../../shared/formatReader';
import { normalizeLeadName } from '../../shared/leads';
import { normalizeUnit } from '../../shared/units';
import { parseHl7Timestamp, timeQuantitySec } from './hl7Time';
import { xmlHead } from './sniffXmlRoot';
import { attrOf, child, children, decodeXmlBytes, descendants, numberOf, parseXml, textOf, type XmlNode } from './xmlDocument';

const FORMAT = 'hl7-aecg';

/** One decoded sequenceSet: a time axis and its simultaneously recorded leads. */
interface DecodedSequenceSet {
  samplingRateHz: number;
  /** Absolute start (GLIST_TS head) in epoch ms, when the time axis is absolute. */
  startEpochMs?: number;
  startIso?: string;
  /** Relative start (GLIST_PQ head) in seconds. */
  startOffsetSec: number;
  leads: EcgLead[];
  samplesPerLead: number;
  warnings: string[];
}

/** Device measurements, keyed as record.metadata.deviceMeasurements expects. */
const MEASUREMENT_KEYS: ReadonlyMap<string, string> = new Map([
  ['MDC_ECG_TIME_PD_P', 'pDurationMs'],
  ['MDC_ECG_TIME_PD_PR', 'prMs'],
  ['MDC_ECG_TIME_PD_QRS', 'qrsMs'],
  ['MDC_ECG_TIME_PD_QT', 'qtMs'],
  ['MDC_ECG_TIME_PD_QTc', 'qtcMs'],
  ['MDC_ECG_TIME_PD_RR', 'rrMs'],
  ['MDC_ECG_ANGLE_P_FRONT', 'pAxisDeg'],
  ['MDC_ECG_ANGLE_QRS_FRONT', 'qrsAxisDeg'],
  ['MDC_ECG_ANGLE_T_FRONT', 'tAxisDeg'],
  ['MDC_ECG_HEART_RATE', 'ventricularRateBpm'],
]);

/** Wave codes (MDC_ECG_WAVC_*WAVE) → the onset/offset annotation codes of EcgAnnotation. */
const WAVE_LABELS: ReadonlyMap<string, [string, string]> = new Map([
  ['PWAVE', ['Pon', 'Poff']],
  ['QRSWAVE', ['QRSon', 'QRSoff']],
  ['TWAVE', ['Ton', 'Toff']],
  ['UWAVE', ['Uon', 'Uoff']],
  ['QRSTWAVE', ['QRSon', 'Toff']],
  ['RWAVE', ['Ron', 'Roff']],
  ['QWAVE', ['Qon', 'Qoff']],
  ['SWAVE', ['Son', 'Soff']],
]);

function fail(ctx: ReadContext, reason: string): never {
  throw new FormatError({ format: FORMAT, file: ctx.fileName, reason });
}

function leadNameFromCode(code: string): string {
  const name = normalizeLeadName(code);
  return name === code && code.startsWith('MDC_ECG_LEAD_') ? code.slice('MDC_ECG_LEAD_'.length) : name;
}

/** Microvolts per unit of a PQ voltage unit, or undefined for other units. */
function uvPerUnit(unit: string): number | undefined {
  const u = normalizeUnit(unit);
  return u === 'uV' ? 1 : u === 'mV' ? 1e3 : u === 'V' ? 1e6 : u === 'nV' ? 1e-3 : undefined;
}

/** Whitespace-separated decimal digits of an SLIST → numbers; any other token → FormatError. */
function parseDigits(text: string, ctx: ReadContext, leadName: string): Float64Array {
  const tokens = text.trim() === '' ? [] : text.trim().split(/\s+/);
  const out = new Float64Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const v = numberOf(tokens[i]);
    if (v === undefined) fail(ctx, `lead ${leadName}: digit ${i} '${String(tokens[i]).slice(0, 20)}' is not a number`);
    out[i] = v;
  }
  return out;
}

/**
 * Decodes one sequenceSet (HL7 aECG R1 §4: a GLIST_TS/GLIST_PQ time sequence plus SLIST_PQ lead
 * sequences, physical value = digit × scale + origin). Leads are returned in µV when their unit is a voltage.
 */
function decodeSequenceSet(set: XmlNode, ctx: ReadContext, what: string): DecodedSequenceSet {
  const warnings: string[] = [];
  let samplingRateHz: number | undefined;
  let startEpochMs: number | undefined;
  let startIso: string | undefined;
  let startOffsetSec = 0;
  const leads: EcgLead[] = [];
  for (const seq of children(set, 'component').flatMap((c) => children(c, 'sequence'))) {
    const code = attrOf(child(seq, 'code'), 'code') ?? '';
    const value = child(seq, 'value');
    const type = attrOf(value, 'type') ?? '';
    if (code.startsWith('TIME_')) {
      if (type !== 'GLIST_TS' && type !== 'GLIST_PQ') fail(ctx, `${what}: time sequence of type '${type}' is not supported`);
      const inc = child(value, 'increment');
      const incSec = timeQuantitySec(attrOf(inc, 'value'), attrOf(inc, 'unit'));
      if (incSec === undefined || !(incSec > 0)) fail(ctx, `${what}: the time increment is missing or not a positive time`);
      samplingRateHz = 1 / incSec;
      // 0.002 s → 500 Hz exactly, not 499.99999999999994.
      const rounded = Math.round(samplingRateHz * 1e6) / 1e6;
      samplingRateHz = rounded;
      const head = child(value, 'head');
      if (type === 'GLIST_TS') {
        const ts = parseHl7Timestamp(attrOf(head, 'value'));
        if (ts) {
          startEpochMs = ts.epochMs;
          startIso = ts.iso;
        }
      } else {
        startOffsetSec = timeQuantitySec(attrOf(head, 'value'), attrOf(head, 'unit')) ?? 0;
      }
      continue;
    }
    if (type !== 'SLIST_PQ' && type !== 'SLIST_INT') {
      warnings.push(`${what}: sequence ${code || '(no code)'} of type '${type}' skipped (only SLIST_PQ is decoded)`);
      continue;
    }
    const name = leadNameFromCode(code);
    const origin = child(value, 'origin');
    const scale = child(value, 'scale');
    const scaleUnit = attrOf(scale, 'unit') ?? attrOf(origin, 'unit') ?? '';
    const scaleValue = type === 'SLIST_INT' ? 1 : numberOf(attrOf(scale, 'value'));
    const originValue = numberOf(attrOf(origin, 'value') ?? '0') ?? 0;
    if (scaleValue === undefined) fail(ctx, `${what}: lead ${name} has no numeric scale`);
    const originUnit = attrOf(origin, 'unit') ?? scaleUnit;
    const scaleToUv = uvPerUnit(scaleUnit);
    const originToUv = uvPerUnit(originUnit);
    const digits = parseDigits(textOf(value, 'digits') ?? '', ctx, name);
    const samples = new Float32Array(digits.length);
    let unit = scaleUnit === '' ? 'NU' : normalizeUnit(scaleUnit);
    if (scaleToUv !== undefined && originToUv !== undefined) {
      unit = 'uV';
      for (let i = 0; i < digits.length; i++) samples[i] = (digits[i] as number) * scaleValue * scaleToUv + originValue * originToUv;
    } else {
      for (let i = 0; i < digits.length; i++) samples[i] = (digits[i] as number) * scaleValue + originValue;
    }
    leads.push({
      name,
      originalName: code,
      unit,
      samples,
      details: { origin: originValue, originUnit, scale: scaleValue, scaleUnit, digits: Int32Array.from(digits) },
    });
  }
  if (samplingRateHz === undefined) fail(ctx, `${what}: no time sequence (GLIST_TS/GLIST_PQ) found`);
  if (leads.length === 0) fail(ctx, `${what}: no lead sequences found`);
  const samplesPerLead = Math.max(...leads.map((l) => l.samples.length));
  for (const lead of leads) {
    if (lead.samples.length < samplesPerLead) {
      warnings.push(`${what}: lead ${lead.name} has ${lead.samples.length} samples, padded with NaN to ${samplesPerLead}`);
      const padded = new Float32Array(samplesPerLead).fill(NaN);
      padded.set(lead.samples);
      lead.samples = padded;
    }
  }
  return {
    samplingRateHz,
    startOffsetSec,
    leads,
    samplesPerLead,
    warnings,
    ...(startEpochMs !== undefined ? { startEpochMs } : {}),
    ...(startIso !== undefined ? { startIso } : {}),
  };
}

/** A time boundary of an ROI in seconds from the series start (absolute TS or relative PQ). */
function boundarySec(value: XmlNode | undefined, base: DecodedSequenceSet, which: 'low' | 'high' | 'value'): number | undefined {
  const el = which === 'value' ? value : child(value, which);
  if (el === undefined) return undefined;
  const raw = attrOf(el, 'value');
  const ts = attrOf(el, 'unit') === undefined ? parseHl7Timestamp(raw) : undefined;
  if (ts !== undefined && base.startEpochMs !== undefined) return (ts.epochMs - base.startEpochMs) / 1000;
  const sec = timeQuantitySec(raw, attrOf(el, 'unit'));
  return sec === undefined ? undefined : sec - base.startOffsetSec;
}

interface AnnotationHarvest {
  annotations: EcgAnnotation[];
  measurements: Map<string, number>;
  rhythmStatements: string[];
}

/** Walks an annotationSet (HL7 aECG R1 §5): wave ROIs → onset/offset annotations, PQ values → measurements. */
function harvestAnnotations(set: XmlNode, base: DecodedSequenceSet, harvest: AnnotationHarvest): void {
  const toIdx = (sec: number) => Math.round(sec * base.samplingRateHz);
  const leadIdx = new Map(base.leads.map((l, i) => [l.originalName, i]));
  const visit = (ann: XmlNode, parentWave: string | undefined): void => {
    const code = attrOf(child(ann, 'code'), 'code') ?? '';
    const value = child(ann, 'value');
    const valueCode = attrOf(value, 'code') ?? '';
    const measureKey = MEASUREMENT_KEYS.get(code);
    const measured = numberOf(attrOf(value, 'value'));
    if (measureKey !== undefined && measured !== undefined && !harvest.measurements.has(measureKey)) {
      harvest.measurements.set(measureKey, measured);
    }
    const boundaries = children(child(ann, 'support', 'supportingROI'), 'component').map((c) => child(c, 'boundary'));
    let timeValue: XmlNode | undefined;
    let channel: number | undefined;
    for (const b of boundaries) {
      const bCode = attrOf(child(b, 'code'), 'code') ?? '';
      if (bCode.startsWith('TIME_')) timeValue = child(b, 'value');
      else if (leadIdx.has(bCode)) channel = leadIdx.get(bCode);
    }
    const wave = /^MDC_ECG_WAVC_(\w+WAVE)$/.exec(valueCode)?.[1];
    if (timeValue !== undefined) {
      const isPoint = attrOf(timeValue, 'type') === 'PQ' || attrOf(timeValue, 'type') === 'TS';
      const low = isPoint ? boundarySec(timeValue, base, 'value') : boundarySec(timeValue, base, 'low');
      const high = isPoint ? undefined : boundarySec(timeValue, base, 'high');
      const extra = channel === undefined ? {} : { channel };
      if (wave !== undefined) {
        const [on, off] = WAVE_LABELS.get(wave) ?? [`${wave}on`, `${wave}off`];
        if (low !== undefined) {
          harvest.annotations.push({
            sampleIdx: toIdx(low),
            code: on,
            ...extra,
            ...(high !== undefined ? { durationSamples: toIdx(high) - toIdx(low) } : {}),
          });
        }
        if (high !== undefined) harvest.annotations.push({ sampleIdx: toIdx(high), code: off, ...extra });
      } else if (valueCode === 'MDC_ECG_WAVC_PEAK' && low !== undefined) {
        const peakOf = parentWave?.replace(/WAVE$/, '') ?? '';
        harvest.annotations.push({ sampleIdx: toIdx(low), code: `${peakOf}peak`, ...extra });
      } else if (code === 'MDC_ECG_RHY' && low !== undefined) {
        const label = valueCode.replace(/^MDC_ECG_RHY_/, '');
        harvest.rhythmStatements.push(label);
        harvest.annotations.push({
          sampleIdx: toIdx(low),
          code: '+',
          aux: `(${label}`,
          ...(high !== undefined ? { durationSamples: toIdx(high) - toIdx(low) } : {}),
        });
      }
    }
    for (const sub of children(ann, 'component').flatMap((c) => children(c, 'annotation'))) visit(sub, wave ?? parentWave);
  };
  for (const ann of children(set, 'component').flatMap((c) => children(c, 'annotation'))) visit(ann, undefined);
}

/** Device filter settings from a series' controlVariables (MDC_ECG_CTL_VBL_ATTR_FILTER_*). */
function readFilters(series: XmlNode, record: EcgRecord): void {
  const descriptions: string[] = [];
  for (const outer of children(series, 'controlVariable')) {
    for (const cv of children(outer, 'controlVariable')) {
      const kind = attrOf(child(cv, 'code'), 'code') ?? '';
      const parts = children(cv, 'component').map((c) => child(c, 'controlVariable'));
      let freqHz: number | undefined;
      for (const p of parts) {
        const pCode = attrOf(child(p, 'code'), 'code') ?? '';
        const v = child(p, 'value');
        if (pCode.endsWith('_FREQ')) freqHz = numberOf(attrOf(v, 'value'));
        if (pCode.endsWith('_DESCRIPTION')) {
          const d = textOf(v);
          if (d) descriptions.push(`${kind.replace('MDC_ECG_CTL_VBL_ATTR_FILTER_', '').toLowerCase()}: ${d}`);
        }
      }
      if (freqHz === undefined) continue;
      if (kind.endsWith('LOW_PASS')) record.filters.lowPassHz = freqHz;
      else if (kind.endsWith('HIGH_PASS')) record.filters.highPassHz = freqHz;
      else if (kind.endsWith('NOTCH')) record.filters.notchHz = freqHz;
    }
  }
  if (descriptions.length) record.filters.description = descriptions.join('; ');
}

function readPatient(root: XmlNode, record: EcgRecord, ctx: ReadContext): void {
  const subject = descendants(root, 'trialSubject')[0];
  const person = child(subject, 'subjectDemographicPerson');
  const sex = attrOf(child(person, 'administrativeGenderCode'), 'code');
  if (sex === 'M' || sex === 'F') record.patient.sex = sex;
  else if (sex !== undefined) record.patient.sex = 'U';
  for (const obs of descendants(root, 'relatedObservation')) {
    // LOINC 21612-7 "Reported Age".
    if (attrOf(child(obs, 'code'), 'code') !== '21612-7') continue;
    const v = child(obs, 'value');
    const age = numberOf(attrOf(v, 'value'));
    if (age !== undefined) record.patient.ageYears = attrOf(v, 'unit') === 'mo' ? age / 12 : age;
  }
  if (ctx.anonymize) return;
  const id = attrOf(child(subject, 'id'), 'extension');
  if (id) record.patient.id = id;
  const name = textOf(person, 'name');
  if (name) record.patient.name = name;
  const birth = parseHl7Timestamp(attrOf(child(person, 'birthTime'), 'value'));
  if (birth) record.patient.birthDate = birth.iso.slice(0, 10);
}

function decodeSeries(series: XmlNode, ctx: ReadContext, what: string): DecodedSequenceSet {
  const sets = children(series, 'component').flatMap((c) => children(c, 'sequenceSet'));
  const first = sets[0];
  if (first === undefined) fail(ctx, `${what}: no sequenceSet`);
  const decoded = decodeSequenceSet(first, ctx, what);
  if (sets.length > 1) decoded.warnings.push(`${what}: ${sets.length - 1} further sequenceSet(s) not read`);
  return decoded;
}

/** Reads an HL7 aECG document (HL7 Version 3 Standard: Annotated ECG, Release 1, 2004). */
export function readHl7Aecg(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  const text = decodeXmlBytes(bytes, FORMAT, ctx.fileName);
  const root = parseXml(text, 'AnnotatedECG', FORMAT, ctx.fileName);
  const allSeries = children(root, 'component').flatMap((c) => children(c, 'series'));
  const rhythmSeries = allSeries.find((s) => attrOf(child(s, 'code'), 'code') === 'RHYTHM') ?? allSeries[0];
  if (rhythmSeries === undefined) fail(ctx, 'no component/series element holds waveforms');
  const rhythm = decodeSeries(rhythmSeries, ctx, 'rhythm series');

  const record = emptyRecord({
    format: FORMAT,
    name: ctx.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    samplingRateHz: rhythm.samplingRateHz,
    samplesPerLead: rhythm.samplesPerLead,
    leads: rhythm.leads,
  });
  record.warnings.push(...rhythm.warnings);
  record.metadata.seriesCode = attrOf(child(rhythmSeries, 'code'), 'code');

  const start =
    parseHl7Timestamp(attrOf(child(rhythmSeries, 'effectiveTime', 'low'), 'value'))?.iso ??
    rhythm.startIso ??
    parseHl7Timestamp(attrOf(child(root, 'effectiveTime', 'center'), 'value'))?.iso ??
    parseHl7Timestamp(attrOf(child(root, 'effectiveTime', 'low'), 'value'))?.iso;
  if (start) record.acquisition.startTime = start;
  const device = child(rhythmSeries, 'author', 'seriesAuthor');
  const model = textOf(device, 'manufacturedSeriesDevice', 'manufacturerModelName');
  if (model) record.acquisition.device = model;
  const maker = textOf(device, 'manufacturerOrganization', 'name');
  if (maker) record.acquisition.manufacturer = maker;
  const software = textOf(device, 'manufacturedSeriesDevice', 'softwareName');
  if (software) record.metadata.deviceSoftware = software;
  const site = textOf(child(root, 'location', 'testingSite', 'location'), 'name') ?? textOf(descendants(root, 'trialSite')[0], 'location', 'name');
  if (site) record.acquisition.site = site;
  readFilters(rhythmSeries, record);
  readPatient(root, record, ctx);

  const harvest: AnnotationHarvest = { annotations: [], measurements: new Map(), rhythmStatements: [] };
  const beatHarvest: AnnotationHarvest = { annotations: [], measurements: new Map(), rhythmStatements: [] };
  for (const set of children(rhythmSeries, 'subjectOf').flatMap((s) => children(s, 'annotationSet'))) {
    harvestAnnotations(set, rhythm, harvest);
  }

  const derived = children(rhythmSeries, 'derivation')
    .flatMap((d) => children(d, 'derivedSeries'))
    .find((s) => attrOf(child(s, 'code'), 'code') === 'REPRESENTATIVE_BEAT');
  if (derived !== undefined) {
    const beat = decodeSeries(derived, ctx, 'representative beat');
    record.warnings.push(...beat.warnings);
    const representativeBeats: RepresentativeBeats = {
      samplingRateHz: beat.samplingRateHz,
      samplesPerLead: beat.samplesPerLead,
      leads: beat.leads,
    };
    record.representativeBeats = representativeBeats;
    for (const set of children(derived, 'subjectOf').flatMap((s) => children(s, 'annotationSet'))) {
      harvestAnnotations(set, beat, beatHarvest);
    }
    if (beatHarvest.annotations.length) record.metadata.representativeBeatAnnotations = beatHarvest.annotations;
  }

  record.annotations = harvest.annotations.sort((a, b) => a.sampleIdx - b.sampleIdx);
  // Global (representative-beat) measurements win over the first beat's.
  const measurements = new Map([...harvest.measurements, ...beatHarvest.measurements]);
  if (measurements.size) record.metadata.deviceMeasurements = Object.fromEntries(measurements);
  if (harvest.rhythmStatements.length) record.metadata.deviceStatements = harvest.rhythmStatements;
  return record;
}

export const hl7AecgReader: FormatReader = {
  format: FORMAT,
  title: 'HL7 aECG (annotated ECG XML)',
  extensions: ['.xml'],
  sniff(bytes) {
    const head = xmlHead(bytes);
    if (/<(\w+:)?AnnotatedECG[\s>]/.test(head)) return 0.95;
    return head.trimStart().startsWith('<') ? 0.05 : 0;
  },
  read: readHl7Aecg,
};
