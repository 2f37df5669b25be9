// Reads GE MUSE RestingECG XML exports (base64 int16 rhythm and median waveforms, device measurements, statements).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord, type PatientInfo } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { ReadContext } from '../../shared/formatReader';
import { normalizeLeadName, STANDARD_LEADS } from '../../shared/leads';
import { normalizeUnit } from '../../shared/units';
import { crc32 } from './crc32';

const FORMAT = 'ge-muse-xml';

type XmlNode = Record<string, unknown>;

function fail(ctx: ReadContext, reason: string): never {
  throw new FormatError({ format: FORMAT, file: ctx.fileName, reason });
}

/** Text decoding by BOM, then by the XML declaration's encoding (MUSE writes ISO-8859-1). */
export function decodeXmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  let head = '';
  for (let i = 0; i < Math.min(200, bytes.length); i++) head += String.fromCharCode(bytes[i] as number);
  const enc = /encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  const latin1 = enc !== undefined && /^(iso-8859-1|latin-?1|windows-1252|us-ascii)$/.test(enc);
  return new TextDecoder(latin1 ? 'latin1' : 'utf-8').decode(bytes);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Strict base64 (RFC 4648 §4) with whitespace ignored; returns undefined on any other character or bad padding. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0) return undefined;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let acc = 0;
    for (let k = 0; k < 4; k++) {
      const c = clean.charCodeAt(i + k);
      const isPad = c === 0x3d && i + 4 === clean.length && k >= 4 - pad;
      const v = isPad ? 0 : c < 128 ? (B64_INDEX[c] as number) : -1;
      if (v < 0) return undefined;
      acc = (acc << 6) | v;
    }
    if (o < out.length) out[o++] = (acc >> 16) & 0xff;
    if (o < out.length) out[o++] = (acc >> 8) & 0xff;
    if (o < out.length) out[o++] = acc & 0xff;
  }
  return out;
}

const text = (node: unknown): string | undefined => {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string' || typeof node === 'number') return String(node).trim();
  if (typeof node === 'object' && '#text' in (node as XmlNode)) return String((node as XmlNode)['#text']).trim();
  return undefined;
};
const numberOf = (node: unknown): number | undefined => {
  const t = text(node);
  if (t === undefined || t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
};
const child = (node: unknown, key: string): unknown => (node !== null && typeof node === 'object' ? (node as XmlNode)[key] : undefined);
const children = (node: unknown, key: string): unknown[] => {
  const v = child(node, key);
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

interface DecodedWaveform {
  type: string;
  samplingRateHz: number;
  samplesPerLead: number;
  leads: EcgLead[];
  filters: { highPassRaw?: number; lowPassRaw?: number; acRaw?: number };
  crcMismatches: string[];
}

/** One <Waveform>: each <LeadData> is base64 little-endian int16 scaled by LeadAmplitudeUnitsPerBit. */
function decodeWaveform(wf: unknown, ctx: ReadContext): DecodedWaveform {
  const type = text(child(wf, 'WaveformType')) ?? 'unknown';
  const where = `${type} waveform`;
  const base = numberOf(child(wf, 'SampleBase'));
  const exponent = numberOf(child(wf, 'SampleExponent')) ?? 0;
  if (base === undefined || !(base > 0)) fail(ctx, `${where}: missing or invalid SampleBase`);
  const samplingRateHz = base * 10 ** exponent;
  const leadNodes = children(wf, 'LeadData');
  if (leadNodes.length === 0) fail(ctx, `${where} has no LeadData`);
  const crcMismatches: string[] = [];
  let samplesPerLead: number | undefined;
  const leads = leadNodes.map((ld, i): EcgLead => {
    const id = text(child(ld, 'LeadID')) ?? `lead ${i + 1}`;
    const whereLead = `${where}, lead ${id}`;
    const sampleSize = numberOf(child(ld, 'LeadSampleSize')) ?? 2;
    if (sampleSize !== 2) fail(ctx, `${whereLead}: LeadSampleSize ${sampleSize} is not supported (2-byte samples expected)`);
    const count = numberOf(child(ld, 'LeadSampleCountTotal'));
    const byteCount = numberOf(child(ld, 'LeadByteCountTotal'));
    const unitsPerBit = numberOf(child(ld, 'LeadAmplitudeUnitsPerBit'));
    if (unitsPerBit === undefined || !(unitsPerBit > 0)) fail(ctx, `${whereLead}: missing or invalid LeadAmplitudeUnitsPerBit`);
    const data = decodeBase64(text(child(ld, 'WaveFormData')) ?? '');
    if (data === undefined) fail(ctx, `${whereLead}: WaveFormData is not valid base64`);
    if (count !== undefined && data.length !== count * 2) {
      fail(ctx, `${whereLead}: LeadSampleCountTotal ${count} needs ${count * 2} bytes, WaveFormData holds ${data.length}`);
    }
    if (byteCount !== undefined && data.length !== byteCount) {
      fail(ctx, `${whereLead}: LeadByteCountTotal ${byteCount} but WaveFormData holds ${data.length} bytes`);
    }
    if (data.length % 2 !== 0) fail(ctx, `${whereLead}: WaveFormData has an odd byte count ${data.length}`);
    const n = data.length / 2;
    if (samplesPerLead === undefined) samplesPerLead = n;
    else if (n !== samplesPerLead) fail(ctx, `${where}: lead ${id} has ${n} samples, earlier leads ${samplesPerLead}`);
    const expectedCrc = numberOf(child(ld, 'LeadDataCRC32'));
    if (expectedCrc !== undefined && crc32(data) !== expectedCrc) crcMismatches.push(id);
    // As BRAVEHEART's load_musexml.m: FirstSampleBaseline is an offset in digital units (0 in the BRAVEHEART example).
    const baseline = numberOf(child(ld, 'FirstSampleBaseline')) ?? 0;
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    const digital = new Int16Array(n);
    const samples = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      const raw = view.getInt16(s * 2, true);
      digital[s] = raw;
      samples[s] = (raw + baseline) * unitsPerBit;
    }
    return {
      name: normalizeLeadName(id),
      originalName: id,
      unit: normalizeUnit(text(child(ld, 'LeadAmplitudeUnits')) ?? 'uV'),
      samples,
      details: { unitsPerBit, firstSampleBaseline: baseline, digitalSamples: digital, stored: true },
    };
  });
  const filters: DecodedWaveform['filters'] = {};
  const hp = numberOf(child(wf, 'HighPassFilter'));
  const lp = numberOf(child(wf, 'LowPassFilter'));
  const ac = numberOf(child(wf, 'ACFilter'));
  if (hp !== undefined) filters.highPassRaw = hp;
  if (lp !== undefined) filters.lowPassRaw = lp;
  if (ac !== undefined) filters.acRaw = ac;
  return { type, samplingRateHz, samplesPerLead: samplesPerLead ?? 0, leads, filters, crcMismatches };
}

/**
 * Adds the limb leads MUSE leaves out, from Einthoven's and Goldberger's relations:
 * III = II − I, aVR = −(I + II)/2, aVL = I − II/2, aVF = II − I/2. Stored leads are kept as stored.
 */
export function deriveLimbLeads(leads: EcgLead[]): EcgLead[] {
  const byName = new Map(leads.map((l) => [l.name, l]));
  const lead1 = byName.get('I');
  const lead2 = byName.get('II');
  const out = [...leads];
  if (lead1 !== undefined && lead2 !== undefined && lead1.unit === lead2.unit) {
    const formulas: [string, string, (a: number, b: number) => number][] = [
      ['III', 'II - I', (a, b) => b - a],
      ['aVR', '-(I + II) / 2', (a, b) => -(a + b) / 2],
      ['aVL', 'I - II / 2', (a, b) => a - b / 2],
      ['aVF', 'II - I / 2', (a, b) => b - a / 2],
    ];
    for (const [name, formula, f] of formulas) {
      if (byName.has(name)) continue;
      const s = new Float32Array(lead1.samples.length);
      for (let i = 0; i < s.length; i++) s[i] = f(lead1.samples[i] as number, lead2.samples[i] as number);
      out.push({ name, originalName: name, unit: lead1.unit, samples: s, details: { derived: true, formula } });
    }
  }
  const order = (name: string): number => {
    const i = (STANDARD_LEADS as readonly string[]).indexOf(name);
    return i < 0 ? STANDARD_LEADS.length : i;
  };
  return out.map((l, i) => ({ l, i })).sort((a, b) => order(a.l.name) - order(b.l.name) || a.i - b.i).map(({ l }) => l);
}

const MEASUREMENT_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['VentricularRate', 'ventricularRateBpm'], ['AtrialRate', 'atrialRateBpm'], ['PRInterval', 'prMs'],
  ['QRSDuration', 'qrsMs'], ['QTInterval', 'qtMs'], ['QTCorrected', 'qtcMs'], ['PAxis', 'pAxisDeg'],
  ['RAxis', 'qrsAxisDeg'], ['TAxis', 'tAxisDeg'], ['QRSCount', 'qrsCount'], ['QTcFrederica', 'qtcFridericiaMs'],
];

function statements(node: unknown): string[] {
  const out: string[] = [];
  for (const stmt of children(node, 'DiagnosisStatement')) {
    const t = children(stmt, 'StmtText').map(text).filter((s): s is string => !!s).join(' ');
    if (t) out.push(t);
  }
  return out;
}

/** MUSE dates are MM-DD-YYYY; times HH:MM:SS. */
function museDate(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
}

function readPatient(demo: unknown, anonymize: boolean): PatientInfo {
  const patient: PatientInfo = {};
  if (!anonymize) {
    const id = text(child(demo, 'PatientID'));
    if (id) patient.id = id;
    const name = [text(child(demo, 'PatientFirstName')), text(child(demo, 'PatientLastName'))].filter(Boolean).join(' ');
    if (name) patient.name = name;
    const birth = museDate(text(child(demo, 'DateofBirth')));
    if (birth) patient.birthDate = birth;
  }
  const gender = text(child(demo, 'Gender'))?.toUpperCase();
  if (gender === 'MALE' || gender === 'M') patient.sex = 'M';
  else if (gender === 'FEMALE' || gender === 'F') patient.sex = 'F';
  else if (gender) patient.sex = 'U';
  const age = numberOf(child(demo, 'PatientAge'));
  const ageUnits = text(child(demo, 'AgeUnits'))?.toUpperCase() ?? 'YEARS';
  if (age !== undefined) {
    const perYear: Record<string, number> = { YEARS: 1, MONTHS: 12, WEEKS: 52.1775, DAYS: 365.25, HOURS: 8766 };
    patient.ageYears = age / (perYear[ageUnits] ?? 1);
  }
  const heightCm = numberOf(child(demo, 'HeightCM')) ?? (numberOf(child(demo, 'HeightIN')) ?? NaN) * 2.54;
  if (heightCm > 0) patient.heightCm = heightCm;
  const weightKg = numberOf(child(demo, 'WeightKG')) ?? (numberOf(child(demo, 'WeightLBS')) ?? NaN) * 0.45359237;
  if (weightKg > 0) patient.weightKg = weightKg;
  return patient;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ['Waveform', 'LeadData', 'DiagnosisStatement', 'QRS', 'StmtText'].includes(name),
});

const baseName = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

/**
 * Reads a GE MUSE RestingECG XML export (MUSE restecg.dtd): the 'Rhythm' waveform becomes the record and
 * 'Median' its representative beats, each with III, aVR, aVL, aVF derived from I and II when not stored.
 */
export function readGeMuseXml(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  try {
    return readRestingEcg(bytes, ctx);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    // A corrupt file can still trip an unforeseen path; the contract is a FormatError, never a crash.
    return fail(ctx, `malformed GE MUSE XML (${err instanceof Error ? err.message : String(err)})`);
  }
}

function readRestingEcg(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  if (bytes.length === 0) fail(ctx, 'the file is empty');
  const xml = decodeXmlText(bytes);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail(ctx, `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    fail(ctx, `malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = doc['RestingECG'];
  if (root === undefined || root === null || typeof root !== 'object') fail(ctx, 'no <RestingECG> root element: not a GE MUSE resting ECG');

  const waveforms = children(root, 'Waveform').map((w) => decodeWaveform(w, ctx));
  const rhythm = waveforms.find((w) => /^rhythm$/i.test(w.type)) ?? waveforms.find((w) => !/^median$/i.test(w.type));
  if (rhythm === undefined) fail(ctx, 'no Rhythm <Waveform> in the file');
  const median = waveforms.find((w) => w !== rhythm && /^median$/i.test(w.type));

  const record = emptyRecord({
    format: 'ge-muse-xml',
    name: baseName(ctx.fileName),
    samplingRateHz: rhythm.samplingRateHz,
    samplesPerLead: rhythm.samplesPerLead,
    leads: deriveLimbLeads(rhythm.leads),
  });
  if (median !== undefined) {
    record.representativeBeats = { samplingRateHz: median.samplingRateHz, samplesPerLead: median.samplesPerLead, leads: deriveLimbLeads(median.leads) };
  }

  record.patient = readPatient(child(root, 'PatientDemographics'), ctx.anonymize === true);
  const test = child(root, 'TestDemographics');
  const date = museDate(text(child(test, 'AcquisitionDate')));
  const time = text(child(test, 'AcquisitionTime'));
  if (date) record.acquisition.startTime = time && /^\d{2}:\d{2}(:\d{2})?$/.test(time) ? `${date}T${time.length === 5 ? `${time}:00` : time}` : date;
  const device = text(child(test, 'AcquisitionDevice'));
  if (device) record.acquisition.device = device;
  const site = text(child(test, 'SiteName')) ?? text(child(test, 'LocationName'));
  if (site) record.acquisition.site = site;

  // MUSE gives the high-pass corner in hundredths of a hertz (16 → 0.16 Hz, GE's usual setting); the others in Hz.
  const f = rhythm.filters;
  if (f.highPassRaw !== undefined && f.highPassRaw > 0) record.filters.highPassHz = f.highPassRaw / 100;
  if (f.lowPassRaw !== undefined && f.lowPassRaw > 0) record.filters.lowPassHz = f.lowPassRaw;
  if (f.acRaw !== undefined && f.acRaw > 0) record.filters.notchHz = f.acRaw;

  const measNode = child(root, 'RestingECGMeasurements') ?? child(root, 'OriginalRestingECGMeasurements');
  const measured: Record<string, number> = {};
  for (const [xmlKey, key] of MEASUREMENT_KEYS) {
    const v = numberOf(child(measNode, xmlKey));
    if (v !== undefined) measured[key] = v;
  }
  if (Object.keys(measured).length > 0) record.metadata['deviceMeasurements'] = measured;
  const stmts = statements(child(root, 'Diagnosis'));
  const original = statements(child(root, 'OriginalDiagnosis'));
  if (stmts.length > 0 || original.length > 0) record.metadata['deviceStatements'] = stmts.length > 0 ? stmts : original;

  const annotations: EcgAnnotation[] = [];
  for (const qrs of children(child(root, 'QRSTimesTypes'), 'QRS')) {
    const timeMs = numberOf(child(qrs, 'Time'));
    const type = numberOf(child(qrs, 'Type'));
    if (timeMs === undefined) continue;
    // QRS times are in milliseconds from the start of the rhythm strip.
    const sampleIdx = Math.round((timeMs * rhythm.samplingRateHz) / 1000);
    if (sampleIdx < 0 || sampleIdx >= rhythm.samplesPerLead) continue;
    annotations.push({ sampleIdx, code: 'QRS', ...(type !== undefined ? { subtype: type, aux: `GE QRS type ${type}` } : {}) });
  }
  record.annotations = annotations;

  const medianFiducials: Record<string, number> = {};
  for (const key of ['POnset', 'POffset', 'QOnset', 'QOffset', 'TOffset'] as const) {
    const v = numberOf(child(measNode, key));
    if (v !== undefined) medianFiducials[`${key.charAt(0).toLowerCase()}${key.slice(1)}SampleIdx`] = v;
  }
  record.metadata['geMuse'] = {
    museVersion: text(child(child(root, 'MuseInfo'), 'MuseVersion')),
    waveforms: waveforms.map((w) => ({ type: w.type, samplingRateHz: w.samplingRateHz, samplesPerLead: w.samplesPerLead, leads: w.leads.map((l) => l.originalName) })),
    filtersRaw: f,
    ...(Object.keys(medianFiducials).length > 0 ? { medianFiducials } : {}),
    ...(original.length > 0 ? { originalStatements: original } : {}),
  };
  for (const w of waveforms) {
    if (w.crcMismatches.length > 0) record.warnings.push(`${w.type} waveform: LeadDataCRC32 does not match the data of lead(s) ${w.crcMismatches.join(', ')}`);
  }
  return record;
}
