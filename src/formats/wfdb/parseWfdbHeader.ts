// Parses WFDB header (.hea) text: record line, signal specification lines, segment lines and comments.
import { FormatError } from '../../shared/errors';

/** One signal specification line (WFDB header(5), "Signal specification lines"). */
export interface WfdbSignalSpec {
  /** Signal file name relative to the header ('~' marks a null signal in a layout header). */
  fileName: string;
  /** Storage format number (8, 16, 212, …; 0 = null signal). */
  format: number;
  samplesPerFrame: number;
  skew: number;
  byteOffset: number;
  /** ADC units per physical unit; 0 in the file becomes 200 (WFDB_DEFGAIN) and `gainWasZero` is set. */
  adcGain: number;
  gainWasZero: boolean;
  /** Digital value of 0 physical units; defaults to adcZero. */
  baseline: number;
  units: string;
  /** True when the header gave the units explicitly. */
  unitsGiven: boolean;
  adcResolutionBits: number;
  adcZero: number;
  initialValue: number;
  /** 16-bit checksum from the header, or undefined when absent. */
  checksum: number | undefined;
  blockSize: number;
  description: string;
}

/** One segment line of a multi-segment header. */
export interface WfdbSegmentSpec {
  /** Segment record name; '~' is a null (gap) segment. */
  name: string;
  samplesPerSignal: number;
}

export interface WfdbHeader {
  recordName: string;
  /** Number of segments for a multi-segment record, undefined for a single-segment record. */
  segmentCount: number | undefined;
  signalCount: number;
  /** Frame rate in Hz (default 250 when absent, as in the WFDB library). */
  samplingRateHz: number;
  counterFrequencyHz: number | undefined;
  baseCounterValue: number | undefined;
  /** Samples per signal, undefined when the header leaves it out (then inferred from the file size). */
  samplesPerSignal: number | undefined;
  /** Base time as written ('hh:mm:ss[.sss]'), if any. */
  baseTime: string | undefined;
  /** Base date as written ('dd/mm/yyyy'), if any. */
  baseDate: string | undefined;
  signals: WfdbSignalSpec[];
  segments: WfdbSegmentSpec[];
  /** Comment lines without the leading '#', in file order. */
  comments: string[];
}

/** Default ADC resolution (bits) per storage format, from WFDB signal(5). */
export function defaultAdcResolution(format: number): number {
  switch (format) {
    case 8:
    case 80:
    case 508:
      return 8;
    case 310:
    case 311:
      return 10;
    case 212:
      return 12;
    case 24:
    case 524:
      return 24;
    case 32:
      return 32;
    default:
      return 16;
  }
}

const INTEGER = /^[-+]?\d+$/;
const RECORD_NAME = /^[A-Za-z0-9_.\-~]+(?:\/\d+)?$/;
const FREQUENCY = /^([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)(?:\/([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)(?:\(([-+]?[0-9]*\.?[0-9]+)\))?)?$/;
const FORMAT_FIELD = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_FIELD = /^([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)(?:\(([-+]?\d+)\))?(?:\/(.*))?$/;
const TIME_FIELD = /^\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?$|^\d{1,2}(?:\.\d+)?$/;
const DATE_FIELD = /^\d{1,2}\/\d{1,2}\/\d{1,4}$/;

/** Decodes header bytes: UTF-8 when valid, otherwise Latin-1 (old headers write 'µV' as one byte). */
export function decodeHeaderText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * True when `text` starts (after comments and blank lines) with a line matching the WFDB record-line
 * grammar: name[/segments] signals [freq[/counter[(base)]] [samples …]]. Cheap; never throws.
 */
export function looksLikeWfdbHeader(text: string): boolean {
  for (const raw of text.split(/\r?\n/, 50)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    if (f.length < 2 || !RECORD_NAME.test(f[0] as string) || !/^\d+$/.test(f[1] as string)) return false;
    if (f.length >= 3 && !FREQUENCY.test(f[2] as string)) return false;
    if (f.length >= 4 && !/^\d+$/.test(f[3] as string)) return false;
    return true;
  }
  return false;
}

function toInt(field: string, what: string, fail: (reason: string) => never): number {
  if (!INTEGER.test(field)) fail(`${what} '${field}' is not an integer`);
  const v = Number(field);
  if (!Number.isSafeInteger(v)) fail(`${what} '${field}' is out of range`);
  return v;
}

function parseSignalLine(
  fields: string[],
  rest: string,
  fail: (reason: string) => never,
): WfdbSignalSpec {
  const fileName = fields[0] as string;
  const fmtMatch = FORMAT_FIELD.exec(fields[1] ?? '');
  if (fmtMatch === null) fail(`signal format field '${fields[1] ?? ''}' is not valid`);
  const format = Number(fmtMatch[1]);
  const samplesPerFrame = fmtMatch[2] === undefined ? 1 : Number(fmtMatch[2]);
  if (!(samplesPerFrame >= 1 && samplesPerFrame <= 1_000_000)) fail(`samples per frame '${fmtMatch[2]}' is not valid`);
  const skew = fmtMatch[3] === undefined ? 0 : Number(fmtMatch[3]);
  const byteOffset = fmtMatch[4] === undefined ? 0 : Number(fmtMatch[4]);
  if (!Number.isSafeInteger(skew) || !Number.isSafeInteger(byteOffset)) fail('skew or byte offset out of range');

  let adcGain = 200;
  let gainWasZero = false;
  let baselineField: number | undefined;
  let units = 'mV';
  let unitsGiven = false;
  if (fields[2] !== undefined) {
    const g = GAIN_FIELD.exec(fields[2]);
    if (g === null) fail(`ADC gain field '${fields[2]}' is not valid`);
    adcGain = Number(g[1]);
    if (!Number.isFinite(adcGain)) fail(`ADC gain '${g[1]}' is not a number`);
    if (adcGain === 0) {
      adcGain = 200;
      gainWasZero = true;
    }
    if (g[2] !== undefined) baselineField = toInt(g[2], 'baseline', fail);
    if (g[3] !== undefined && g[3] !== '') {
      units = g[3];
      unitsGiven = true;
    }
  }
  const adcRes = fields[3] === undefined ? 0 : toInt(fields[3], 'ADC resolution', fail);
  const adcZero = fields[4] === undefined ? 0 : toInt(fields[4], 'ADC zero', fail);
  const initialValue = fields[5] === undefined ? adcZero : toInt(fields[5], 'initial value', fail);
  const checksum = fields[6] === undefined ? undefined : toInt(fields[6], 'checksum', fail);
  const blockSize = fields[7] === undefined ? 0 : toInt(fields[7], 'block size', fail);
  return {
    fileName,
    format,
    samplesPerFrame,
    skew,
    byteOffset,
    adcGain,
    gainWasZero,
    baseline: baselineField ?? adcZero,
    units,
    unitsGiven,
    adcResolutionBits: adcRes > 0 ? adcRes : defaultAdcResolution(format),
    adcZero,
    initialValue,
    checksum,
    blockSize,
    description: rest,
  };
}

/** Text after the first `n` whitespace-separated fields of `line` (the free-text description). */
function textAfterFields(line: string, n: number): string {
  const m = new RegExp(`^\\s*(?:\\S+\\s+){${n}}(.*)$`).exec(line);
  return m === null ? '' : (m[1] as string).trim();
}

/**
 * Parses a WFDB header (PhysioNet WFDB header(5): https://physionet.org/physiotools/wag/header-5.htm).
 * Single-segment records get `signals`; multi-segment records (`name/n`) get `segments`.
 * Throws FormatError on anything that does not follow the grammar.
 */
export function parseWfdbHeader(input: Uint8Array | string, fileName = 'header.hea'): WfdbHeader {
  const text = typeof input === 'string' ? input : decodeHeaderText(input);
  let lineNo = 0;
  const fail = (reason: string): never => {
    throw new FormatError({ format: 'wfdb', file: fileName, reason: lineNo > 0 ? `header line ${lineNo}: ${reason}` : reason });
  };
  const lines = text.split(/\r\n|\n|\r/);
  const comments: string[] = [];
  let header: WfdbHeader | undefined;
  for (let i = 0; i < lines.length; i++) {
    lineNo = i + 1;
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.slice(1).trim());
      continue;
    }
    const line = raw;
    const fields = line.trim().split(/\s+/);
    if (header === undefined) {
      header = parseRecordLine(fields, fail);
      continue;
    }
    if (header.segmentCount !== undefined) {
      if (header.segments.length >= header.segmentCount) fail('more segment lines than the record line declares');
      if (fields.length < 2) fail('segment line needs a name and a length');
      header.segments.push({ name: fields[0] as string, samplesPerSignal: toInt(fields[1] as string, 'segment length', fail) });
      if ((header.segments.at(-1) as WfdbSegmentSpec).samplesPerSignal < 0) fail('segment length is negative');
    } else {
      if (header.signals.length >= header.signalCount) fail('more signal lines than the record line declares');
      if (fields.length < 2) fail('signal line needs at least a file name and a format');
      header.signals.push(parseSignalLine(fields, textAfterFields(line, 8), fail));
    }
  }
  lineNo = 0;
  if (header === undefined) fail('no record line found (the header is empty or only comments)');
  const h = header as WfdbHeader;
  if (h.segmentCount !== undefined) {
    if (h.segments.length !== h.segmentCount) fail(`record line declares ${h.segmentCount} segments, found ${h.segments.length}`);
  } else if (h.signals.length !== h.signalCount) {
    fail(`record line declares ${h.signalCount} signals, found ${h.signals.length} signal lines`);
  }
  h.comments = comments;
  return h;
}

function parseRecordLine(fields: string[], fail: (reason: string) => never): WfdbHeader {
  const nameField = fields[0] as string;
  if (!RECORD_NAME.test(nameField)) fail(`record name '${nameField}' is not valid`);
  const slash = nameField.indexOf('/');
  const recordName = slash < 0 ? nameField : nameField.slice(0, slash);
  const segmentCount = slash < 0 ? undefined : toInt(nameField.slice(slash + 1), 'segment count', fail);
  if (fields[1] === undefined) fail('record line has no signal count');
  const signalCount = toInt(fields[1] as string, 'signal count', fail);
  if (signalCount < 0 || signalCount > 10_000) fail(`signal count ${signalCount} is not plausible`);
  if (segmentCount !== undefined && (segmentCount < 1 || segmentCount > 1_000_000)) fail(`segment count ${segmentCount} is not plausible`);
  let samplingRateHz = 250;
  let counterFrequencyHz: number | undefined;
  let baseCounterValue: number | undefined;
  if (fields[2] !== undefined) {
    const m = FREQUENCY.exec(fields[2]);
    if (m === null) fail(`sampling frequency '${fields[2]}' is not valid`);
    samplingRateHz = Number(m[1]);
    if (!(samplingRateHz > 0) || !Number.isFinite(samplingRateHz)) fail(`sampling frequency '${fields[2]}' is not positive`);
    if (m[2] !== undefined) counterFrequencyHz = Number(m[2]);
    if (m[3] !== undefined) baseCounterValue = Number(m[3]);
  }
  const samplesPerSignal = fields[3] === undefined ? undefined : toInt(fields[3], 'samples per signal', fail);
  if (samplesPerSignal !== undefined && samplesPerSignal < 0) fail('samples per signal is negative');
  let baseTime: string | undefined;
  let baseDate: string | undefined;
  if (fields[4] !== undefined) {
    if (!TIME_FIELD.test(fields[4])) fail(`base time '${fields[4]}' is not valid`);
    baseTime = fields[4];
  }
  if (fields[5] !== undefined) {
    if (!DATE_FIELD.test(fields[5])) fail(`base date '${fields[5]}' is not valid`);
    baseDate = fields[5];
  }
  return {
    recordName,
    segmentCount,
    signalCount,
    samplingRateHz,
    counterFrequencyHz,
    baseCounterValue,
    samplesPerSignal,
    baseTime,
    baseDate,
    signals: [],
    segments: [],
    comments: [],
  };
}
