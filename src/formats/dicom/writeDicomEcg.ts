// Writes an EcgRecord as a DICOM ECG waveform object (12-lead, else general or ambulatory ECG Waveform Storage).
import type { EcgLead, EcgRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import { millivoltsPerUnit } from '../../shared/units';
import { SOP_CLASS, TRANSFER_SYNTAX, codeForLead, type CodedConcept } from './dicomCodes';
import {
  dsElement,
  formatDs,
  part10File,
  rawElement,
  sequenceElement,
  stringElement,
  tag,
  ulElement,
  usElement,
  type DicomElement,
} from './dicomEncoder';

/**
 * UID root: the UUID-derived form 2.25.<128-bit UUID as a decimal integer> (PS3.5 B.2, ISO/IEC 9834-8),
 * which needs no registered organisation root. The implementation class UID is one fixed UUID of this kind.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.15104093969492499077958072662297309921';
export const IMPLEMENTATION_VERSION_NAME = 'ECGSTUDIO_0_1';

/** Padding value written for NaN samples; real samples are clamped to ±32767 so it stays unambiguous. */
const PADDING = -32768;

export interface DicomWriteOptions {
  /** Leave out patient name, ID and birth date (they are written empty, as type 2 attributes must be present). */
  anonymize?: boolean;
  /** Clock for Instance Creation (and Content Date/Time when the record has no start time); tests pass a fixed one. */
  now?: Date;
  /** UID source; defaults to random 2.25 UUID-derived UIDs. */
  newUid?: () => string;
}

/** A fresh UUID-derived UID (2.25.<decimal>), from 122 random bits with the version-4 and variant bits set. */
export function newUuidUid(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  let n = 0n;
  for (const byte of b) n = (n << 8n) | BigInt(byte);
  return `2.25.${n.toString()}`;
}

export interface SopClassChoice {
  sopClassUid: string;
  /** Why the 12-lead class was not used, when it was not. */
  reason?: string;
}

const STANDARD_12 = new Set(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);

/**
 * Picks the IOD whose constraints (PS3.3 A.34.3.4, A.34.4.4, A.34.5.4) the record satisfies:
 * 12-lead ECG needs 200–1000 Hz, 1–13 channels of the standard leads and at most 16384 samples;
 * general ECG needs 200–1000 Hz and 1–24 channels; ambulatory ECG needs 50–1000 Hz and 1–12 channels.
 */
export function chooseSopClass(samplingRateHz: number, leadNames: readonly string[], samplesPerLead: number): SopClassChoice {
  const n = leadNames.length;
  const rateOk = samplingRateHz >= 200 && samplingRateHz <= 1000;
  const problems: string[] = [];
  if (!rateOk) problems.push(`sampling rate ${samplingRateHz} Hz is outside 200–1000 Hz`);
  if (n > 13) problems.push(`${n} channels are more than 13`);
  if (samplesPerLead > 16384) problems.push(`${samplesPerLead} samples per lead are more than 16384 (${(16384 / samplingRateHz).toFixed(1)} s)`);
  const odd = leadNames.filter((l) => !STANDARD_12.has(l));
  if (odd.length > 0) problems.push(`leads ${odd.join(', ')} are not among the 12 standard leads`);
  if (problems.length === 0) return { sopClassUid: SOP_CLASS.twelveLeadEcg };
  const reason = `12-lead ECG IOD not applicable: ${problems.join('; ')}`;
  if (rateOk && n <= 24) return { sopClassUid: SOP_CLASS.generalEcg, reason };
  if (samplingRateHz >= 50 && samplingRateHz <= 1000 && n <= 12) return { sopClassUid: SOP_CLASS.ambulatoryEcg, reason };
  throw new FormatError({
    format: 'dicom',
    reason: `no DICOM ECG waveform IOD fits ${n} channels at ${samplingRateHz} Hz (general ECG needs 200–1000 Hz and ≤ 24 channels, ambulatory 50–1000 Hz and ≤ 12)`,
  });
}

interface QuantisedLead {
  name: string;
  code: CodedConcept;
  sensitivityUv: number;
  digital: Int16Array;
}

/** Samples of a voltage lead in µV (NaN kept). */
function leadMicrovolts(lead: EcgLead): Float64Array {
  const toMv = millivoltsPerUnit(lead.unit) as number;
  const out = new Float64Array(lead.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = (lead.samples[i] as number) * toMv * 1000;
  return out;
}

/**
 * Sensitivity in µV per digital step: the lead's own DICOM sensitivity when it still fits 16 bits (so a
 * DICOM → DICOM round trip is exact), else 1 µV when the range fits, else the smallest 3-digit step that fits.
 */
function chooseSensitivityUv(lead: EcgLead, uv: Float64Array): number {
  let maxAbs = 0;
  for (const v of uv) if (Number.isFinite(v) && Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const d = lead.details ?? {};
  const sens = d['channelSensitivity'];
  const corr = d['channelSensitivityCorrectionFactor'] ?? 1;
  const toMv = millivoltsPerUnit(lead.unit) as number;
  if (typeof sens === 'number' && typeof corr === 'number' && sens * corr > 0 && d['channelBaseline'] === 0) {
    const own = sens * corr * toMv * 1000;
    if (maxAbs / own <= 32767) return own;
  }
  if (maxAbs <= 32767) return 1;
  const raw = maxAbs / 32767;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return (Math.ceil((raw / magnitude) * 100) / 100) * magnitude;
}

function quantise(lead: EcgLead): QuantisedLead {
  const uv = leadMicrovolts(lead);
  const sensitivityUv = chooseSensitivityUv(lead, uv);
  const digital = new Int16Array(uv.length);
  for (let i = 0; i < uv.length; i++) {
    const v = uv[i] as number;
    digital[i] = Number.isFinite(v) ? Math.max(-32767, Math.min(32767, Math.round(v / sensitivityUv))) : PADDING;
  }
  return { name: lead.name, code: codeForLead(lead.name), sensitivityUv, digital };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

interface DicomDateTime {
  da: string;
  tm: string;
  dt: string;
}

/** ISO 8601 ('2013-01-25T10:59:19.5+01:00') → DA / TM / DT; undefined when not a date-time. */
function fromIso(iso: string | undefined): DicomDateTime | undefined {
  const m = iso === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  if (!m) return undefined;
  const da = `${m[1]}${m[2]}${m[3]}`;
  const tm = `${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}${m[7] ?? ''}`;
  const zone = m[8] === undefined ? '' : m[8] === 'Z' ? '+0000' : m[8].replace(':', '');
  return { da, tm, dt: `${da}${tm}${zone}` };
}

function fromDate(d: Date): DicomDateTime {
  const da = `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
  const tm = `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
  return { da, tm, dt: `${da}${tm}+0000` };
}

function ageString(years: number | undefined): string | undefined {
  if (years === undefined || !(years >= 0) || years > 999) return undefined;
  if (years >= 2) return `${String(Math.floor(years)).padStart(3, '0')}Y`;
  return `${String(Math.floor(years * 12)).padStart(3, '0')}M`;
}

const codeItem = (c: CodedConcept): DicomElement[] => [
  stringElement(tag(0x0008, 0x0100), 'SH', c.value),
  stringElement(tag(0x0008, 0x0102), 'SH', c.scheme),
  ...(c.schemeVersion ? [stringElement(tag(0x0008, 0x0103), 'SH', c.schemeVersion)] : []),
  stringElement(tag(0x0008, 0x0104), 'LO', c.meaning),
];

const MICROVOLT: CodedConcept = { value: 'uV', scheme: 'UCUM', schemeVersion: '1.4', meaning: 'microvolt' };

function channelDefinition(q: QuantisedLead, filters: EcgRecord['filters']): DicomElement[] {
  const els: DicomElement[] = [
    stringElement(tag(0x003a, 0x0203), 'SH', q.name.slice(0, 16)),
    sequenceElement(tag(0x003a, 0x0208), [codeItem(q.code)]),
    stringElement(tag(0x003a, 0x0210), 'DS', formatDs(q.sensitivityUv)),
    sequenceElement(tag(0x003a, 0x0211), [codeItem(MICROVOLT)]),
    dsElement(tag(0x003a, 0x0212), 1),
    dsElement(tag(0x003a, 0x0213), 0),
    dsElement(tag(0x003a, 0x0215), 0),
    usElement(tag(0x003a, 0x021a), 16),
  ];
  if (filters.highPassHz !== undefined) els.push(dsElement(tag(0x003a, 0x0220), filters.highPassHz));
  if (filters.lowPassHz !== undefined) els.push(dsElement(tag(0x003a, 0x0221), filters.lowPassHz));
  if (filters.notchHz !== undefined) els.push(dsElement(tag(0x003a, 0x0222), filters.notchHz));
  return els;
}

/** Interleaves channels sample by sample (PS3.3 C.10.9.1.3) as little-endian int16. */
function interleave(leads: readonly QuantisedLead[], samples: number): Uint8Array {
  const out = new Uint8Array(samples * leads.length * 2);
  const view = new DataView(out.buffer);
  let off = 0;
  for (let s = 0; s < samples; s++) {
    for (const q of leads) {
      view.setInt16(off, q.digital[s] as number, true);
      off += 2;
    }
  }
  return out;
}

const utf8 = new TextEncoder();
const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

/** PS3.5 6.2 value lengths in characters for the string VRs written from record text. */
const clip = (s: string | undefined, max: number): string => (s ?? '').slice(0, max);

/**
 * Encodes `record` as a DICOM ECG Waveform Storage object (PS3.3 A.34.3 12-lead ECG IOD, falling back to
 * A.34.4 general ECG or A.34.5 ambulatory ECG when the record breaks the 12-lead constraints): explicit VR
 * little endian, Part 10 preamble and file meta, one multiplex group of SS 16-bit samples in µV.
 */
export function writeDicomEcg(record: EcgRecord, options: DicomWriteOptions = {}): Uint8Array {
  const voltageLeads = record.leads.filter((l) => millivoltsPerUnit(l.unit) !== undefined);
  if (voltageLeads.length === 0) {
    throw new FormatError({ format: 'dicom', reason: 'the record has no voltage leads to write as an ECG waveform' });
  }
  if (record.samplesPerLead === 0) throw new FormatError({ format: 'dicom', reason: 'the record has no samples' });
  const choice = chooseSopClass(record.samplingRateHz, voltageLeads.map((l) => l.name), record.samplesPerLead);
  const newUid = options.newUid ?? newUuidUid;
  const now = fromDate(options.now ?? new Date());
  const acquired = fromIso(record.acquisition.startTime) ?? now;
  const anonymize = options.anonymize === true;
  const quantised = voltageLeads.map(quantise);
  const sopInstanceUid = newUid();
  const patient = record.patient;

  const texts = [patient.name, patient.id, record.acquisition.manufacturer, record.acquisition.device, record.acquisition.site, ...quantised.map((q) => q.name)];
  const needsUtf8 = texts.some((t) => t !== undefined && !isAscii(t));
  const str = (group: number, element: number, vr: string, value: string): DicomElement =>
    rawElement(tag(group, element), vr, utf8.encode(value), vr === 'UI' ? 0x00 : 0x20);

  const multiplexGroup: DicomElement[] = [
    stringElement(tag(0x003a, 0x0004), 'CS', 'ORIGINAL'),
    usElement(tag(0x003a, 0x0005), quantised.length),
    ulElement(tag(0x003a, 0x0010), record.samplesPerLead),
    stringElement(tag(0x003a, 0x001a), 'DS', formatDs(record.samplingRateHz)),
    stringElement(tag(0x003a, 0x0020), 'SH', 'RHYTHM'),
    sequenceElement(tag(0x003a, 0x0200), quantised.map((q) => channelDefinition(q, record.filters))),
    usElement(tag(0x5400, 0x1004), 16),
    stringElement(tag(0x5400, 0x1006), 'CS', 'SS'),
    rawElement(tag(0x5400, 0x100a), 'OW', new Uint8Array([PADDING & 0xff, (PADDING >> 8) & 0xff])),
    rawElement(tag(0x5400, 0x1010), 'OW', interleave(quantised, record.samplesPerLead)),
  ];

  const body: DicomElement[] = [
    ...(needsUtf8 ? [stringElement(tag(0x0008, 0x0005), 'CS', 'ISO_IR 192')] : []),
    stringElement(tag(0x0008, 0x0012), 'DA', now.da),
    stringElement(tag(0x0008, 0x0013), 'TM', now.tm),
    stringElement(tag(0x0008, 0x0016), 'UI', choice.sopClassUid),
    stringElement(tag(0x0008, 0x0018), 'UI', sopInstanceUid),
    stringElement(tag(0x0008, 0x0020), 'DA', acquired.da),
    stringElement(tag(0x0008, 0x0023), 'DA', acquired.da),
    stringElement(tag(0x0008, 0x002a), 'DT', acquired.dt),
    stringElement(tag(0x0008, 0x0030), 'TM', acquired.tm),
    stringElement(tag(0x0008, 0x0033), 'TM', acquired.tm),
    stringElement(tag(0x0008, 0x0050), 'SH', ''),
    stringElement(tag(0x0008, 0x0060), 'CS', 'ECG'),
    str(0x0008, 0x0070, 'LO', clip(record.acquisition.manufacturer, 64)),
    stringElement(tag(0x0008, 0x0090), 'PN', ''),
    str(0x0010, 0x0010, 'PN', anonymize ? '' : clip(patient.name, 64)),
    str(0x0010, 0x0020, 'LO', anonymize ? '' : clip(patient.id, 64)),
    stringElement(tag(0x0010, 0x0030), 'DA', anonymize ? '' : (fromIso(patient.birthDate)?.da ?? '')),
    stringElement(tag(0x0010, 0x0040), 'CS', patient.sex === 'M' || patient.sex === 'F' ? patient.sex : ''),
    stringElement(tag(0x0020, 0x000d), 'UI', newUid()),
    stringElement(tag(0x0020, 0x000e), 'UI', newUid()),
    stringElement(tag(0x0020, 0x0010), 'SH', ''),
    stringElement(tag(0x0020, 0x0011), 'IS', '1'),
    stringElement(tag(0x0020, 0x0013), 'IS', '1'),
    sequenceElement(tag(0x0040, 0x0555), []),
    sequenceElement(tag(0x5400, 0x0100), [multiplexGroup]),
  ];
  const age = ageString(patient.ageYears);
  if (age !== undefined) body.push(stringElement(tag(0x0010, 0x1010), 'AS', age));
  if (patient.heightCm !== undefined && patient.heightCm > 0) body.push(dsElement(tag(0x0010, 0x1020), patient.heightCm / 100));
  if (patient.weightKg !== undefined && patient.weightKg > 0) body.push(dsElement(tag(0x0010, 0x1030), patient.weightKg));
  if (record.acquisition.device) body.push(str(0x0008, 0x1090, 'LO', clip(record.acquisition.device, 64)));
  if (record.acquisition.site) body.push(str(0x0008, 0x0080, 'LO', clip(record.acquisition.site, 64)));

  const meta: DicomElement[] = [
    rawElement(tag(0x0002, 0x0001), 'OB', new Uint8Array([0x00, 0x01])),
    stringElement(tag(0x0002, 0x0002), 'UI', choice.sopClassUid),
    stringElement(tag(0x0002, 0x0003), 'UI', sopInstanceUid),
    stringElement(tag(0x0002, 0x0010), 'UI', TRANSFER_SYNTAX.explicitLittle),
    stringElement(tag(0x0002, 0x0012), 'UI', IMPLEMENTATION_CLASS_UID),
    stringElement(tag(0x0002, 0x0013), 'SH', IMPLEMENTATION_VERSION_NAME),
  ];
  return part10File(meta, body);
}
