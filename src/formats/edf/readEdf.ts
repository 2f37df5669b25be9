// EDF / EDF+ reader: header, 16-bit data records, EDF+C/EDF+D time-keeping and TAL annotations → EcgRecord.
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { ReadContext } from '../../shared/formatReader';
import { isStandardLead, normalizeLeadName } from '../../shared/leads';
import { normalizeUnit } from '../../shared/units';
import {
  ageInYears,
  parseEdfPlusPatient,
  parseEdfPlusRecording,
  parseEdfStart,
  parsePrefiltering,
  parseTals,
  type EdfTal,
} from './edfPlus';

/** One signal header (EDF spec, Kemp et al. 1992, table 1; ns × 256 bytes after the main header). */
export interface EdfSignalHeader {
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
  reserved: string;
  /** EDF+ 'EDF Annotations' signal (holds TALs, not samples). */
  isAnnotation: boolean;
}

export interface EdfHeader {
  version: string;
  patientField: string;
  recordingField: string;
  startDate: string;
  startTime: string;
  headerBytes: number;
  /** 'EDF+C', 'EDF+D' or blank for plain EDF. */
  reserved: string;
  /** As declared; -1 means unknown (being recorded). */
  numRecords: number;
  recordDurationSec: number;
  signals: EdfSignalHeader[];
}

/** Sample-index rate used for annotation-only files, which have no signal rate: milliseconds. */
export const ANNOTATION_ONLY_RATE_HZ = 1000;

/** Gap-filled EDF+D records larger than this (samples × leads × 4 bytes) are refused rather than allocated. */
const MAX_SAMPLE_BYTES = 2 ** 31;

const FORMAT = 'edf';

function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s.replace(/\0/g, ' ').trim();
}

/**
 * Parses the 256-byte EDF main header and the ns × 256-byte signal headers (EDF spec §2, EDF+ §2.1).
 * Throws FormatError for a short or malformed header.
 */
export function parseEdfHeader(bytes: Uint8Array, fileName?: string): EdfHeader {
  const fail = (reason: string, byteOffset?: number): never => {
    throw new FormatError({ format: FORMAT, file: fileName, reason, byteOffset });
  };
  if (bytes.length === 0) fail('the file is empty');
  if (bytes.length < 256) fail(`the file has ${bytes.length} bytes, fewer than the 256-byte EDF header`);
  if (bytes[0] === 0xff) fail('this is a BDF (24-bit BioSemi) file, which is not supported', 0);
  const version = latin1(bytes, 0, 8);
  if (version !== '0') fail(`version field is '${version}', expected '0'`, 0);

  const num = (offset: number, length: number, what: string, integer: boolean): number => {
    const text = latin1(bytes, offset, length).replace(',', '.');
    const value = text === '' ? NaN : Number(text);
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      fail(`${what} field '${text}' is not ${integer ? 'an integer' : 'a number'}`, offset);
    }
    return value;
  };

  const ns = num(252, 4, 'number-of-signals', true);
  if (ns < 1) fail(`number of signals is ${ns}`, 252);
  const headerBytes = 256 * (ns + 1);
  if (headerBytes > bytes.length) {
    fail(`header declares ${ns} signals (${headerBytes} header bytes) but the file has only ${bytes.length} bytes`, 252);
  }
  const numRecords = num(236, 8, 'number-of-data-records', true);
  if (numRecords < -1) fail(`number of data records is ${numRecords}`, 236);
  const recordDurationSec = num(244, 8, 'data-record-duration', false);
  if (recordDurationSec < 0) fail(`data record duration is ${recordDurationSec} s`, 244);

  const signals: EdfSignalHeader[] = [];
  let base = 256;
  const column = (width: number) => {
    const start = base;
    base += width * ns;
    return start;
  };
  const cLabel = column(16);
  const cTransducer = column(80);
  const cDim = column(8);
  const cPmin = column(8);
  const cPmax = column(8);
  const cDmin = column(8);
  const cDmax = column(8);
  const cPrefilter = column(80);
  const cSamples = column(8);
  const cReserved = column(32);
  for (let i = 0; i < ns; i++) {
    const label = latin1(bytes, cLabel + 16 * i, 16);
    const samplesPerRecord = num(cSamples + 8 * i, 8, `signal ${i + 1} samples-per-record`, true);
    if (samplesPerRecord < 0) fail(`signal ${i + 1} has ${samplesPerRecord} samples per record`, cSamples + 8 * i);
    signals.push({
      label,
      transducer: latin1(bytes, cTransducer + 80 * i, 80),
      physicalDimension: latin1(bytes, cDim + 8 * i, 8),
      physicalMin: num(cPmin + 8 * i, 8, `signal ${i + 1} physical-minimum`, false),
      physicalMax: num(cPmax + 8 * i, 8, `signal ${i + 1} physical-maximum`, false),
      digitalMin: num(cDmin + 8 * i, 8, `signal ${i + 1} digital-minimum`, true),
      digitalMax: num(cDmax + 8 * i, 8, `signal ${i + 1} digital-maximum`, true),
      prefiltering: latin1(bytes, cPrefilter + 80 * i, 80),
      samplesPerRecord,
      reserved: latin1(bytes, cReserved + 32 * i, 32),
      isAnnotation: label === 'EDF Annotations',
    });
  }
  return {
    version,
    patientField: latin1(bytes, 8, 80),
    recordingField: latin1(bytes, 88, 80),
    startDate: latin1(bytes, 168, 8),
    startTime: latin1(bytes, 176, 8),
    headerBytes: num(184, 8, 'header-bytes', true),
    reserved: latin1(bytes, 192, 44),
    numRecords,
    recordDurationSec,
    signals,
  };
}

/** Content sniffing for the registry: EDF version '0' plus a consistent header size. Never throws. */
export function sniffEdf(bytes: Uint8Array): number {
  if (bytes.length < 256) return 0;
  if (latin1(bytes, 0, 8) !== '0' || bytes[1] !== 0x20) return 0;
  const ns = Number(latin1(bytes, 252, 4));
  const headerBytes = Number(latin1(bytes, 184, 8));
  if (!Number.isInteger(ns) || ns < 1) return 0.1;
  return headerBytes === 256 * (ns + 1) ? 0.95 : 0.6;
}

function isEcgLike(signal: EdfSignalHeader): boolean {
  return isStandardLead(normalizeLeadName(signal.label)) || /\b(ECG|EKG)\b/i.test(signal.label) || /^ML/i.test(signal.label);
}

function recordNameOf(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

/** Rate of a signal: samples per record / record duration, with float noise from fractional durations removed. */
function rateOf(samplesPerRecord: number, recordDurationSec: number): number {
  return Math.round((samplesPerRecord / recordDurationSec) * 1e6) / 1e6;
}

/**
 * Reads an EDF or EDF+ file (EDF: Kemp et al. 1992, Electroenceph. Clin. Neurophysiol. 82:391–393;
 * EDF+: Kemp & Olivan 2003, Clin. Neurophysiol. 114:1755–1761, edfplus.info specs).
 * Physical value = (digital − digitalMin) × (physMax − physMin)/(digMax − digMin) + physMin.
 * Signals sampled at another rate than the chosen one are dropped with a warning (never resampled);
 * EDF+D gaps are NaN; 'EDF Annotations' TALs become annotations with code 'note'.
 */
export function readEdf(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  const fileName = ctx.fileName;
  const fail = (reason: string, byteOffset?: number): never => {
    throw new FormatError({ format: FORMAT, file: fileName, reason, byteOffset });
  };
  const header = parseEdfHeader(bytes, fileName);
  const warnings: string[] = [];
  const signals = header.signals;
  const headerBytes = 256 * (signals.length + 1);
  if (header.headerBytes !== headerBytes) {
    warnings.push(`header-bytes field says ${header.headerBytes}, but ${signals.length} signals need ${headerBytes}; used ${headerBytes}.`);
  }
  const isPlus = header.reserved.startsWith('EDF+');
  const discontinuous = header.reserved.startsWith('EDF+D');

  const sampleOffsets: number[] = [];
  let recordBytes = 0;
  for (const s of signals) {
    sampleOffsets.push(recordBytes);
    recordBytes += 2 * s.samplesPerRecord;
  }
  if (recordBytes === 0) fail('the data records hold no samples (every signal has 0 samples per record)');
  const dataBytes = bytes.length - headerBytes;
  const available = Math.floor(dataBytes / recordBytes);
  let numRecords = header.numRecords;
  if (numRecords === -1) {
    numRecords = available;
    warnings.push(`number of data records is -1 (unknown); ${available} complete records found from the file size.`);
  } else if (numRecords > available) {
    warnings.push(`the file is truncated: header declares ${header.numRecords} data records, only ${available} are complete; read those.`);
    numRecords = available;
  } else if (dataBytes > numRecords * recordBytes) {
    warnings.push(`${dataBytes - numRecords * recordBytes} bytes after the last declared data record were ignored.`);
  }

  const ordinary = signals.map((s, i) => ({ s, i })).filter(({ s }) => !s.isAnnotation);
  const annotationIdx = signals.map((s, i) => (s.isAnnotation ? i : -1)).filter((i) => i >= 0);
  if (ordinary.length > 0 && !(header.recordDurationSec > 0)) {
    fail(`data record duration is ${header.recordDurationSec} s, but the file has ordinary signals`, 244);
  }

  // Keep the signals that share the most common rate (among ECG-like signals when there are any).
  const dropped: string[] = [];
  const usable = ordinary.filter(({ s }) => {
    if (s.samplesPerRecord === 0) {
      dropped.push(`'${s.label}' (no samples)`);
      return false;
    }
    if (s.digitalMax <= s.digitalMin) {
      dropped.push(`'${s.label}' (digital maximum ${s.digitalMax} not above minimum ${s.digitalMin})`);
      return false;
    }
    return true;
  });
  const ecgLike = usable.filter(({ s }) => isEcgLike(s));
  const pool = ecgLike.length > 0 ? ecgLike : usable;
  const counts = new Map<number, number>();
  for (const { s } of pool) counts.set(s.samplesPerRecord, (counts.get(s.samplesPerRecord) ?? 0) + 1);
  let chosenSpr = 0;
  let chosenCount = 0;
  for (const [spr, count] of counts) {
    if (count > chosenCount || (count === chosenCount && spr > chosenSpr)) {
      chosenSpr = spr;
      chosenCount = count;
    }
  }
  const kept = usable.filter(({ s }) => s.samplesPerRecord === chosenSpr);
  for (const { s } of usable) {
    if (s.samplesPerRecord !== chosenSpr) dropped.push(`'${s.label}' (${rateOf(s.samplesPerRecord, header.recordDurationSec)} Hz)`);
  }
  const samplingRateHz = kept.length > 0 ? rateOf(chosenSpr, header.recordDurationSec) : ANNOTATION_ONLY_RATE_HZ;
  if (dropped.length > 0 && kept.length > 0) {
    warnings.push(`dropped ${dropped.length} signal(s) not sampled at ${samplingRateHz} Hz or unusable: ${dropped.join(', ')}.`);
  } else if (dropped.length > 0) {
    warnings.push(`dropped ${dropped.length} unusable signal(s): ${dropped.join(', ')}.`);
  }
  if (kept.length === 0) {
    warnings.push(`the file holds no signals, only annotations; annotation sample indices count milliseconds (${ANNOTATION_ONLY_RATE_HZ} Hz).`);
  }

  // Annotations and the start time of each data record (first TAL of the first annotation signal).
  const recordStartSec: number[] = [];
  const tals: EdfTal[] = [];
  let malformed = 0;
  let missingTimekeeping = 0;
  for (let r = 0; r < numRecords; r++) {
    let start: number | undefined;
    for (let a = 0; a < annotationIdx.length; a++) {
      const si = annotationIdx[a] as number;
      const off = headerBytes + r * recordBytes + (sampleOffsets[si] as number);
      const parsed = parseTals(bytes.subarray(off, off + 2 * (signals[si] as EdfSignalHeader).samplesPerRecord));
      malformed += parsed.malformed;
      parsed.tals.forEach((tal, k) => {
        if (a === 0 && k === 0 && isPlus) start = tal.onsetSec;
        if (tal.texts.length > 0) tals.push(tal);
      });
    }
    if (start === undefined && isPlus && annotationIdx.length > 0) missingTimekeeping++;
    recordStartSec.push(start ?? r * header.recordDurationSec);
  }
  if (malformed > 0) warnings.push(`${malformed} malformed EDF+ annotation(s) (TALs) were skipped.`);
  if (missingTimekeeping > 0) {
    warnings.push(`${missingTimekeeping} data record(s) lack the time-keeping annotation; assumed contiguous.`);
  }
  const originSec = recordStartSec[0] ?? 0;

  // Sample position of each data record on the gap-filled time axis.
  const positions: number[] = [];
  let samplesPerLead = numRecords * chosenSpr;
  if (kept.length > 0 && discontinuous) {
    let nextFree = 0;
    let gaps = 0;
    let overlaps = 0;
    for (let r = 0; r < numRecords; r++) {
      let pos = Math.round(((recordStartSec[r] as number) - originSec) * samplingRateHz);
      if (pos > nextFree) gaps++;
      if (pos < nextFree) {
        overlaps++;
        pos = nextFree;
      }
      positions.push(pos);
      nextFree = pos + chosenSpr;
    }
    samplesPerLead = nextFree;
    if (gaps > 0) warnings.push(`EDF+D: ${gaps} gap(s) between data records are filled with NaN.`);
    if (overlaps > 0) warnings.push(`EDF+D: ${overlaps} data record(s) start before the previous one ends; placed right after it.`);
    if (samplesPerLead * kept.length * 4 > MAX_SAMPLE_BYTES) {
      fail(`EDF+D record times span ${(samplesPerLead / samplingRateHz).toFixed(0)} s; too long to hold with gaps filled`);
    }
  } else {
    for (let r = 0; r < numRecords; r++) positions.push(r * chosenSpr);
    if (isPlus && annotationIdx.length > 0) {
      const off = recordStartSec.findIndex((t, r) => Math.abs(t - originSec - r * header.recordDurationSec) > 1e-3);
      if (off > 0) warnings.push(`EDF+C file, but data record ${off + 1} does not start where the previous one ends.`);
    }
  }
  if (kept.length === 0) samplesPerLead = 0;

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const leads: EcgLead[] = kept.map(({ s, i }) => {
    const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
    const offset = s.physicalMin - gain * s.digitalMin;
    const samples = new Float32Array(samplesPerLead);
    if (discontinuous) samples.fill(NaN);
    const sigOffset = sampleOffsets[i] as number;
    for (let r = 0; r < numRecords; r++) {
      const src = headerBytes + r * recordBytes + sigOffset;
      const dst = positions[r] as number;
      for (let k = 0; k < chosenSpr; k++) samples[dst + k] = view.getInt16(src + 2 * k, true) * gain + offset;
    }
    return {
      name: normalizeLeadName(s.label),
      originalName: s.label,
      unit: normalizeUnit(s.physicalDimension),
      samples,
      details: {
        transducer: s.transducer,
        prefiltering: s.prefiltering,
        physicalMin: s.physicalMin,
        physicalMax: s.physicalMax,
        digitalMin: s.digitalMin,
        digitalMax: s.digitalMax,
        /** Physical units per digital step. */
        gain,
        offset,
        samplesPerRecord: s.samplesPerRecord,
      },
    };
  });

  const annotations: EcgAnnotation[] = [];
  let beforeStart = 0;
  for (const tal of tals) {
    const sampleIdx = Math.round((tal.onsetSec - originSec) * samplingRateHz);
    if (sampleIdx < 0) {
      beforeStart++;
      continue;
    }
    for (const text of tal.texts) {
      const ann: EcgAnnotation = { sampleIdx, code: 'note', aux: text };
      if (tal.durationSec !== undefined) ann.durationSamples = Math.round(tal.durationSec * samplingRateHz);
      annotations.push(ann);
    }
  }
  if (beforeStart > 0) warnings.push(`${beforeStart} annotation(s) with onsets before the first data record were skipped.`);
  annotations.sort((a, b) => a.sampleIdx - b.sampleIdx);

  const record = emptyRecord({ format: 'edf', name: recordNameOf(fileName), samplingRateHz, samplesPerLead, leads });
  record.annotations = annotations;
  record.warnings = warnings;

  const recording = parseEdfPlusRecording(header.recordingField);
  let startTime = parseEdfStart(header.startDate, header.startTime);
  if (startTime === undefined) warnings.push(`start date/time '${header.startDate} ${header.startTime}' is malformed.`);
  // The 'Startdate dd-MMM-yyyy' field carries the 4-digit year (needed beyond 2084, EDF+ 2.1.3.3).
  if (recording?.startDate !== undefined && startTime !== undefined) startTime = `${recording.startDate}${startTime.slice(10)}`;
  if (startTime !== undefined) record.acquisition.startTime = startTime;
  if (recording?.equipment !== undefined) record.acquisition.device = recording.equipment;

  if (isPlus) {
    const { patient, additional } = parseEdfPlusPatient(header.patientField);
    const age = ageInYears(patient.birthDate, startTime);
    if (age !== undefined) patient.ageYears = age;
    if (ctx.anonymize === true) {
      delete patient.id;
      delete patient.name;
      delete patient.birthDate;
    }
    record.patient = patient;
    if (additional !== '') record.metadata['patientAdditional'] = additional;
  }

  const prefilters = [...new Set(kept.map(({ s }) => s.prefiltering))];
  if (prefilters.length === 1) record.filters = parsePrefiltering(prefilters[0] as string);
  else if (prefilters.length > 1) record.filters = { description: prefilters.filter((p) => p !== '').join(' | ') };

  record.metadata['edf'] = {
    variant: isPlus ? (discontinuous ? 'EDF+D' : 'EDF+C') : 'EDF',
    patientField: ctx.anonymize === true ? undefined : header.patientField,
    recordingField: header.recordingField,
    recordDurationSec: header.recordDurationSec,
    dataRecords: numRecords,
    declaredDataRecords: header.numRecords,
    annotationSignals: annotationIdx.length,
    firstRecordOnsetSec: originSec,
    ...(recording === undefined
      ? {}
      : { adminCode: recording.adminCode, technician: recording.technician, recordingAdditional: recording.additional }),
  };
  return record;
}
