// Reads DICOM ECG waveform objects (12-lead, general, ambulatory ECG; ECG channels of hemodynamic) into an EcgRecord.
import * as dicomParser from 'dicom-parser';
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord, type PatientInfo } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { ReadContext } from '../../shared/formatReader';
import { normalizeUnit } from '../../shared/units';
import { SOP_CLASS, SOP_CLASS_NAMES, TRANSFER_SYNTAX, isEcgLeadCode, leadNameFromCode, type CodedConcept } from './dicomCodes';

const FORMAT = 'dicom';
const ECG_SOP_CLASSES: ReadonlySet<string> = new Set(Object.values(SOP_CLASS));

/** Tags used here, as dicom-parser spells them ('x' + group + element). */
const T = {
  transferSyntax: 'x00020010',
  mediaSopClass: 'x00020002',
  specificCharacterSet: 'x00080005',
  sopClass: 'x00080016',
  sopInstance: 'x00080018',
  studyDate: 'x00080020',
  contentDate: 'x00080023',
  acquisitionDateTime: 'x0008002a',
  studyTime: 'x00080030',
  contentTime: 'x00080033',
  manufacturer: 'x00080070',
  institution: 'x00080080',
  modelName: 'x00081090',
  codeValue: 'x00080100',
  codingScheme: 'x00080102',
  codeMeaning: 'x00080104',
  patientName: 'x00100010',
  patientId: 'x00100020',
  birthDate: 'x00100030',
  sex: 'x00100040',
  age: 'x00101010',
  size: 'x00101020',
  weight: 'x00101030',
  softwareVersions: 'x00181020',
  studyInstance: 'x0020000d',
  seriesInstance: 'x0020000e',
  numberOfChannels: 'x003a0005',
  numberOfSamples: 'x003a0010',
  samplingFrequency: 'x003a001a',
  multiplexGroupLabel: 'x003a0020',
  channelDefinitions: 'x003a0200',
  channelLabel: 'x003a0203',
  channelSource: 'x003a0208',
  sensitivity: 'x003a0210',
  sensitivityUnits: 'x003a0211',
  correctionFactor: 'x003a0212',
  baseline: 'x003a0213',
  sampleSkew: 'x003a0215',
  bitsStored: 'x003a021a',
  filterLow: 'x003a0220',
  filterHigh: 'x003a0221',
  notch: 'x003a0222',
  originality: 'x003a0004',
  measurementUnits: 'x004008ea',
  referencedChannels: 'x0040a0b0',
  conceptName: 'x0040a043',
  temporalRangeType: 'x0040a130',
  referencedSamplePositions: 'x0040a132',
  referencedTimeOffsets: 'x0040a138',
  annotationGroup: 'x0040a180',
  numericValue: 'x0040a30a',
  annotationSequence: 'x0040b020',
  unformattedText: 'x00700006',
  waveformSequence: 'x54000100',
  bitsAllocated: 'x54001004',
  sampleInterpretation: 'x54001006',
  paddingValue: 'x5400100a',
  waveformData: 'x54001010',
} as const;

type DataSet = dicomParser.DataSet;

function fail(ctx: ReadContext, reason: string, byteOffset?: number): never {
  throw new FormatError({ format: FORMAT, file: ctx.fileName, reason, byteOffset });
}

/** dicom-parser throws strings, Errors or { exception, dataSet }; one sentence out of any of them. */
function parserMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (err !== null && typeof err === 'object' && 'exception' in err) return parserMessage((err as { exception: unknown }).exception);
  return String(err);
}

const hasDicmPrefix = (b: Uint8Array): boolean => b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
const isUpper = (c: number | undefined): boolean => c !== undefined && c >= 0x41 && c <= 0x5a;

/** Parses Part 10 files with or without the 128-byte preamble, and bare data sets (implicit or explicit VR). */
function parseDataSet(bytes: Uint8Array, ctx: ReadContext): { ds: DataSet; transferSyntax: string } {
  let input = bytes;
  const options: dicomParser.ParseDicomOptions = {};
  if (!hasDicmPrefix(bytes)) {
    if (bytes.length >= 8 && bytes[0] === 0x02 && bytes[1] === 0x00 && isUpper(bytes[4]) && isUpper(bytes[5])) {
      // A file meta group without the preamble: put the preamble back so dicom-parser reads it as Part 10.
      input = new Uint8Array(132 + bytes.length);
      input.set([0x44, 0x49, 0x43, 0x4d], 128);
      input.set(bytes, 132);
    } else if (bytes.length >= 8 && bytes[1] === 0x00 && bytes[0] === 0x08) {
      options.TransferSyntaxUID = isUpper(bytes[4]) && isUpper(bytes[5]) ? TRANSFER_SYNTAX.explicitLittle : TRANSFER_SYNTAX.implicitLittle;
    } else {
      fail(ctx, 'not a DICOM file (no DICM prefix and no data set at the start)', 0);
    }
  }
  let transferSyntax = options.TransferSyntaxUID ?? TRANSFER_SYNTAX.explicitLittle;
  if (hasDicmPrefix(input)) {
    let meta: DataSet;
    try {
      meta = dicomParser.readPart10Header(input);
    } catch (err) {
      fail(ctx, `unreadable DICOM file meta information: ${parserMessage(err)}`);
    }
    const syntax = meta.string(T.transferSyntax);
    if (syntax === undefined) fail(ctx, 'the file meta information has no Transfer Syntax UID (0002,0010)');
    if (syntax === TRANSFER_SYNTAX.deflatedExplicitLittle) fail(ctx, 'deflated transfer syntax is not supported');
    if (!(Object.values(TRANSFER_SYNTAX) as string[]).includes(syntax)) {
      fail(ctx, `transfer syntax ${syntax} is not supported for waveforms (expected implicit or explicit VR)`);
    }
    transferSyntax = syntax;
  }
  try {
    return { ds: dicomParser.parseDicom(input, options), transferSyntax };
  } catch (err) {
    return fail(ctx, `malformed DICOM data: ${parserMessage(err)}`);
  }
}

/** Text decoder per parsed byte array, from Specific Character Set (UTF-8 for ISO_IR 192, else Latin-1). */
const DECODERS = new WeakMap<object, TextDecoder>();
const LATIN1 = new TextDecoder('latin1');

/** A string value, decoded in the file's character set and trimmed of padding; undefined when empty or absent. */
const str = (ds: DataSet, tag: string): string | undefined => {
  const el = ds.elements[tag];
  if (el === undefined || el.length === 0 || el.dataOffset + el.length > ds.byteArray.length) return undefined;
  const decoder = DECODERS.get(ds.byteArray) ?? LATIN1;
  const s = decoder.decode(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length)).replace(/^[ ]+|[ \0]+$/g, '');
  return s === '' ? undefined : s;
};
const num = (ds: DataSet, tag: string): number | undefined => {
  const s = str(ds, tag);
  if (s === undefined) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};
const items = (ds: DataSet, tag: string): DataSet[] =>
  (ds.elements[tag]?.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined);

function firstCode(ds: DataSet, tag: string): Partial<CodedConcept> | undefined {
  const item = items(ds, tag)[0];
  if (item === undefined) return undefined;
  const out: Partial<CodedConcept> = {};
  const value = str(item, T.codeValue);
  const scheme = str(item, T.codingScheme);
  const meaning = str(item, T.codeMeaning);
  if (value !== undefined) out.value = value;
  if (scheme !== undefined) out.scheme = scheme;
  if (meaning !== undefined) out.meaning = meaning;
  return out;
}

/** All values of a US/UL element, bounded by its length. */
function uintValues(ds: DataSet, tag: string, bytesEach: 2 | 4): number[] {
  const el = ds.elements[tag];
  if (el === undefined) return [];
  const n = Math.floor(el.length / bytesEach);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = bytesEach === 2 ? ds.uint16(tag, i) : ds.uint32(tag, i);
    if (v !== undefined) out.push(v);
  }
  return out;
}

interface ChannelInfo {
  name: string;
  originalName: string;
  code: Partial<CodedConcept>;
  isEcg: boolean;
  unit: string;
  sensitivity: number | undefined;
  correction: number;
  baseline: number;
  details: Record<string, unknown>;
}

interface MultiplexGroup {
  index: number;
  label: string;
  samplingRateHz: number;
  samples: number;
  channels: ChannelInfo[];
  item: DataSet;
}

function readChannel(ds: DataSet): ChannelInfo {
  const code = firstCode(ds, T.channelSource) ?? {};
  const label = str(ds, T.channelLabel);
  const name = leadNameFromCode(code, label);
  const unitCode = firstCode(ds, T.sensitivityUnits);
  const sensitivity = num(ds, T.sensitivity);
  const details: Record<string, unknown> = {
    channelSourceCode: code,
    channelSensitivity: sensitivity,
    channelSensitivityCorrectionFactor: num(ds, T.correctionFactor) ?? 1,
    channelBaseline: num(ds, T.baseline) ?? 0,
  };
  const extras: [string, number | undefined][] = [
    ['channelSampleSkew', num(ds, T.sampleSkew)],
    ['waveformBitsStored', ds.uint16(T.bitsStored)],
    ['filterLowFrequencyHz', num(ds, T.filterLow)],
    ['filterHighFrequencyHz', num(ds, T.filterHigh)],
    ['notchFilterFrequencyHz', num(ds, T.notch)],
  ];
  for (const [k, v] of extras) if (v !== undefined) details[k] = v;
  if (label !== undefined) details['channelLabel'] = label;
  return {
    name,
    originalName: code.meaning ?? label ?? code.value ?? name,
    code,
    isEcg: isEcgLeadCode(code),
    unit: sensitivity === undefined ? 'adu' : normalizeUnit(unitCode?.value ?? unitCode?.meaning ?? 'adu'),
    sensitivity,
    correction: num(ds, T.correctionFactor) ?? 1,
    baseline: num(ds, T.baseline) ?? 0,
    details,
  };
}

function readGroups(ds: DataSet, ctx: ReadContext): MultiplexGroup[] {
  const groups = items(ds, T.waveformSequence).map((item, index): MultiplexGroup => {
    const samplingRateHz = num(item, T.samplingFrequency);
    const samples = item.uint32(T.numberOfSamples);
    const nChannels = item.uint16(T.numberOfChannels);
    const where = `multiplex group ${index + 1}`;
    if (samplingRateHz === undefined || !(samplingRateHz > 0)) fail(ctx, `${where} has no valid Sampling Frequency`);
    if (samples === undefined) fail(ctx, `${where} has no Number of Waveform Samples`);
    if (nChannels === undefined || nChannels === 0) fail(ctx, `${where} has no Number of Waveform Channels`);
    const channels = items(item, T.channelDefinitions).map(readChannel);
    if (channels.length !== nChannels) {
      fail(ctx, `${where} declares ${nChannels} channels but defines ${channels.length}`);
    }
    return { index, label: str(item, T.multiplexGroupLabel) ?? '', samplingRateHz, samples, channels, item };
  });
  if (groups.length === 0) fail(ctx, 'no Waveform Sequence (5400,0100) items: the file holds no waveform');
  return groups;
}

/** Decodes one multiplex group's interleaved samples (PS3.3 C.10.9.1.3) into physical values per channel. */
function decodeGroup(group: MultiplexGroup, keep: readonly number[], bigEndian: boolean, ctx: ReadContext): EcgLead[] {
  const { item, samples, channels } = group;
  const where = `multiplex group ${group.index + 1}`;
  const bits = item.uint16(T.bitsAllocated);
  const interp = str(item, T.sampleInterpretation);
  if (bits !== 8 && bits !== 16) fail(ctx, `${where}: Waveform Bits Allocated ${bits ?? 'missing'} is not supported (8 or 16)`);
  const valid16 = bits === 16 && (interp === 'SS' || interp === 'US');
  const valid8 = bits === 8 && (interp === 'SB' || interp === 'UB');
  if (!valid16 && !valid8) fail(ctx, `${where}: Waveform Sample Interpretation '${interp ?? 'missing'}' is not supported with ${bits} bits`);
  const el = item.elements[T.waveformData];
  if (el === undefined) fail(ctx, `${where} has no Waveform Data (5400,1010)`);
  const bytesPer = bits / 8;
  const nCh = channels.length;
  const needed = samples * nCh * bytesPer;
  if (el.dataOffset + el.length > item.byteArray.length) {
    fail(ctx, `${where}: Waveform Data runs past the end of the file (truncated?)`, el.dataOffset);
  }
  if (needed > el.length) {
    fail(ctx, `${where}: ${samples} samples × ${nCh} channels × ${bytesPer} bytes = ${needed} bytes declared, but Waveform Data holds ${el.length}`, el.dataOffset);
  }
  const view = new DataView(item.byteArray.buffer, item.byteArray.byteOffset + el.dataOffset, needed);
  const padEl = item.elements[T.paddingValue];
  const padding = padEl === undefined || padEl.length < bytesPer ? undefined : readSample(new DataView(item.byteArray.buffer, item.byteArray.byteOffset + padEl.dataOffset, bytesPer), 0, interp as string, bigEndian);
  return keep.map((c) => {
    const ch = channels[c] as ChannelInfo;
    const out = new Float32Array(samples);
    const digital = bits === 16 ? (interp === 'SS' ? new Int16Array(samples) : new Uint16Array(samples)) : interp === 'SB' ? new Int8Array(samples) : new Uint8Array(samples);
    const scale = (ch.sensitivity ?? 1) * ch.correction;
    const offset = ch.sensitivity === undefined ? 0 : ch.baseline;
    for (let s = 0; s < samples; s++) {
      const raw = readSample(view, (s * nCh + c) * bytesPer, interp as string, bigEndian);
      digital[s] = raw;
      // Channel Baseline is in sensitivity units (PS3.3 table C.10-10), so it is added after scaling.
      out[s] = raw === padding ? NaN : raw * scale + offset;
    }
    return {
      name: ch.name,
      originalName: ch.originalName,
      unit: ch.unit,
      samples: out,
      details: { ...ch.details, digitalSamples: digital, waveformBitsAllocated: bits, waveformSampleInterpretation: interp },
    };
  });
}

function readSample(view: DataView, offset: number, interp: string, bigEndian: boolean): number {
  switch (interp) {
    case 'SS':
      return view.getInt16(offset, !bigEndian);
    case 'US':
      return view.getUint16(offset, !bigEndian);
    case 'SB':
      return view.getInt8(offset);
    default:
      return view.getUint8(offset);
  }
}

const isMedianLabel = (label: string): boolean => /median|representative|average/i.test(label);

/** Rhythm = the longest non-median group with ECG channels; median = a 'MEDIAN' group or, failing that, a shorter one. */
function pickGroups(groups: MultiplexGroup[], ecgOnly: boolean): { rhythm: MultiplexGroup; median?: MultiplexGroup } | undefined {
  const usable = groups.filter((g) => !ecgOnly || g.channels.some((c) => c.isEcg));
  if (usable.length === 0) return undefined;
  const duration = (g: MultiplexGroup): number => g.samples / g.samplingRateHz;
  const byLength = [...usable].sort((a, b) => duration(b) - duration(a));
  const rhythm = byLength.find((g) => !isMedianLabel(g.label)) ?? (byLength[0] as MultiplexGroup);
  const median = usable.find((g) => g !== rhythm && isMedianLabel(g.label)) ?? byLength.find((g) => g !== rhythm && duration(g) < duration(rhythm));
  return median === undefined ? { rhythm } : { rhythm, median };
}

function isoDate(da: string | undefined): string | undefined {
  const m = da === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function isoTime(tm: string | undefined): string | undefined {
  const m = tm === undefined ? null : /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?$/.exec(tm.trim());
  return m ? `${m[1]}:${m[2] ?? '00'}:${m[3] ?? '00'}${m[4] ?? ''}` : undefined;
}

/** DT 'YYYYMMDDHHMMSS.FFFFFF&ZZXX' → ISO 8601. */
function isoDateTime(dt: string | undefined): string | undefined {
  const m = dt === undefined ? null : /^(\d{8})(\d{2,6}(?:\.\d+)?)?([+-]\d{4})?$/.exec(dt.trim());
  if (!m) return undefined;
  const date = isoDate(m[1]);
  const time = isoTime(m[2] ?? '000000');
  const zone = m[3] ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : '';
  return date && time ? `${date}T${time}${zone}` : undefined;
}

function readPatient(ds: DataSet, anonymize: boolean): PatientInfo {
  const patient: PatientInfo = {};
  if (!anonymize) {
    const name = str(ds, T.patientName);
    if (name) patient.name = name.split('=')[0]?.split('^').filter(Boolean).join(' ') ?? name;
    const id = str(ds, T.patientId);
    if (id) patient.id = id;
    const birth = isoDate(str(ds, T.birthDate));
    if (birth) patient.birthDate = birth;
  }
  const sex = str(ds, T.sex)?.toUpperCase();
  if (sex === 'M' || sex === 'F') patient.sex = sex;
  else if (sex !== undefined) patient.sex = 'U';
  const age = /^(\d{3})([DWMY])$/.exec(str(ds, T.age) ?? '');
  if (age) patient.ageYears = Number(age[1]) / ({ D: 365.25, W: 52.1775, M: 12, Y: 1 } as const)[age[2] as 'D' | 'W' | 'M' | 'Y'];
  const sizeM = num(ds, T.size);
  if (sizeM !== undefined && sizeM > 0) patient.heightCm = sizeM * 100;
  const weight = num(ds, T.weight);
  if (weight !== undefined && weight > 0) patient.weightKg = weight;
  return patient;
}

/** Waveform Annotation module (PS3.3 C.10.10): text, coded measurements and fiducial points. */
function readAnnotations(ds: DataSet, rhythm: MultiplexGroup, median: MultiplexGroup | undefined) {
  const statements: string[] = [];
  const measurements: { name: string; value: number; unit?: string; code?: string }[] = [];
  const annotations: EcgAnnotation[] = [];
  const medianAnnotations: EcgAnnotation[] = [];
  for (const item of items(ds, T.annotationSequence)) {
    const text = str(item, T.unformattedText)?.trim();
    const concept = firstCode(item, T.conceptName);
    const value = num(item, T.numericValue);
    const refs = uintValues(item, T.referencedChannels, 2);
    const groupNo = refs[0];
    const channel = refs[1];
    const unit = firstCode(item, T.measurementUnits)?.value;
    if (value !== undefined && concept?.meaning) {
      measurements.push({ name: concept.meaning, value, ...(unit ? { unit } : {}), ...(concept.value ? { code: concept.value } : {}) });
      continue;
    }
    const target = groupNo === undefined || groupNo === rhythm.index + 1 ? rhythm : median !== undefined && groupNo === median.index + 1 ? median : undefined;
    const code = fiducialCode(concept?.meaning ?? '') ?? concept?.meaning ?? (text ? 'NOTE' : undefined);
    const positions = uintValues(item, T.referencedSamplePositions, 4).map((p) => p - 1);
    const offsets = item.elements[T.referencedTimeOffsets];
    if (positions.length === 0 && offsets !== undefined && target !== undefined) {
      for (let i = 0; i < (item.numStringValues(T.referencedTimeOffsets) ?? 0); i++) {
        const t = item.floatString(T.referencedTimeOffsets, i);
        if (t !== undefined) positions.push(Math.round(t * target.samplingRateHz));
      }
    }
    if (positions.length === 0 || code === undefined || target === undefined) {
      if (text) statements.push(text);
      continue;
    }
    const list = target === rhythm ? annotations : medianAnnotations;
    const range = str(item, T.temporalRangeType) ?? 'POINT';
    const base: Omit<EcgAnnotation, 'sampleIdx'> = {
      code,
      ...(channel !== undefined && channel > 0 ? { channel: channel - 1 } : {}),
      ...(text ? { aux: text } : {}),
      ...(item.uint16(T.annotationGroup) !== undefined ? { num: item.uint16(T.annotationGroup) as number } : {}),
    };
    if ((range === 'SEGMENT' || range === 'BEGIN') && positions.length >= 2) {
      list.push({ ...base, sampleIdx: positions[0] as number, durationSamples: (positions[1] as number) - (positions[0] as number) });
    } else {
      for (const p of positions) list.push({ ...base, sampleIdx: p });
    }
  }
  annotations.sort((a, b) => a.sampleIdx - b.sampleIdx);
  return { statements, measurements, annotations, medianAnnotations };
}

const FIDUCIALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^p\s*onset$/i, 'Pon'], [/^p\s*offset$/i, 'Poff'], [/^qrs\s*onset$/i, 'QRSon'], [/^qrs\s*offset$/i, 'QRSoff'],
  [/^t\s*onset$/i, 'Ton'], [/^t\s*offset$/i, 'Toff'],
];
const fiducialCode = (meaning: string): string | undefined => FIDUCIALS.find(([re]) => re.test(meaning.trim()))?.[1];

/** Device measurements from the coded annotation measurements, by concept meaning (SCPECG / MDC names). */
function deviceMeasurements(measurements: { name: string; value: number }[]): Record<string, number> {
  const keys: ReadonlyArray<readonly [RegExp, string]> = [
    [/^pr\s*interval/i, 'prMs'], [/^qrs\s*duration/i, 'qrsMs'], [/^qt\s*interval/i, 'qtMs'], [/^qtc/i, 'qtcMs'],
    [/^p\s*axis/i, 'pAxisDeg'], [/^qrs\s*axis/i, 'qrsAxisDeg'], [/^t\s*axis/i, 'tAxisDeg'], [/^rr\s*interval/i, 'rrMs'],
    [/^pp\s*interval/i, 'ppMs'], [/ventricular\s*(heart\s*)?rate|^heart\s*rate/i, 'ventricularRateBpm'], [/atrial\s*(heart\s*)?rate/i, 'atrialRateBpm'],
  ];
  const out: Record<string, number> = {};
  for (const m of measurements) {
    const key = keys.find(([re]) => re.test(m.name))?.[1];
    if (key !== undefined && out[key] === undefined) out[key] = m.value;
  }
  if (out['ventricularRateBpm'] === undefined && out['rrMs'] !== undefined && out['rrMs'] > 0) {
    out['ventricularRateBpm'] = Math.round(60000 / out['rrMs']);
  }
  return out;
}

/** Uniform per-channel filter settings become record.filters; differing ones are described in words. */
function groupFilters(leads: EcgLead[]): EcgRecord['filters'] {
  const pick = (key: string): number | undefined | 'mixed' => {
    const values = new Set(leads.map((l) => l.details?.[key] as number | undefined));
    if (values.size > 1) return 'mixed';
    return [...values][0];
  };
  const filters: EcgRecord['filters'] = {};
  const low = pick('filterLowFrequencyHz');
  const high = pick('filterHighFrequencyHz');
  const notch = pick('notchFilterFrequencyHz');
  if (typeof low === 'number' && low > 0) filters.highPassHz = low;
  if (typeof high === 'number' && high > 0) filters.lowPassHz = high;
  if (typeof notch === 'number' && notch > 0) filters.notchHz = notch;
  if (low === 'mixed' || high === 'mixed' || notch === 'mixed') filters.description = 'filter settings differ between channels (see lead details)';
  return filters;
}

const baseName = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

/**
 * Reads a DICOM waveform object per PS3.3 C.10.9 (Waveform module) and C.10.10 (Waveform Annotation module):
 * the longest non-median multiplex group becomes the record, a median-beat group its representativeBeats.
 */
export function readDicomWaveform(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  try {
    return readWaveformObject(bytes, ctx);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    // A corrupt file can still trip an unforeseen path; the contract is a FormatError, never a crash.
    return fail(ctx, `malformed DICOM data (${parserMessage(err)})`);
  }
}

function readWaveformObject(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  if (bytes.length === 0) fail(ctx, 'the file is empty');
  const { ds, transferSyntax } = parseDataSet(bytes, ctx);
  if (/ISO_IR 192/.test(str(ds, T.specificCharacterSet) ?? '')) DECODERS.set(ds.byteArray, new TextDecoder('utf-8'));
  const sopClass = str(ds, T.sopClass) ?? str(ds, T.mediaSopClass);
  if (sopClass === undefined) fail(ctx, 'no SOP Class UID: not a DICOM object');
  if (!ECG_SOP_CLASSES.has(sopClass)) {
    fail(ctx, `SOP class ${sopClass} is not an ECG waveform (expected 12-lead, general or ambulatory ECG, or hemodynamic)`);
  }
  const bigEndian = transferSyntax === TRANSFER_SYNTAX.explicitBig;
  const groups = readGroups(ds, ctx);
  const hemodynamic = sopClass === SOP_CLASS.hemodynamic;
  const picked = pickGroups(groups, hemodynamic);
  if (picked === undefined) fail(ctx, 'no multiplex group holds ECG channels');
  const { rhythm, median } = picked;
  const channelsToKeep = (g: MultiplexGroup): number[] =>
    g.channels.map((c, i) => (hemodynamic && !c.isEcg ? -1 : i)).filter((i) => i >= 0);

  const leads = decodeGroup(rhythm, channelsToKeep(rhythm), bigEndian, ctx);
  const record = emptyRecord({
    format: 'dicom',
    name: baseName(ctx.fileName),
    samplingRateHz: rhythm.samplingRateHz,
    samplesPerLead: rhythm.samples,
    leads,
  });
  if (median !== undefined) {
    record.representativeBeats = {
      samplingRateHz: median.samplingRateHz,
      samplesPerLead: median.samples,
      leads: decodeGroup(median, channelsToKeep(median), bigEndian, ctx),
    };
  }
  record.patient = readPatient(ds, ctx.anonymize === true);
  const start = isoDateTime(str(ds, T.acquisitionDateTime));
  const contentDate = isoDate(str(ds, T.contentDate));
  const contentTime = isoTime(str(ds, T.contentTime));
  const studyDate = isoDate(str(ds, T.studyDate));
  const studyTime = isoTime(str(ds, T.studyTime));
  const startTime = start ?? (contentDate && contentTime ? `${contentDate}T${contentTime}` : studyDate && studyTime ? `${studyDate}T${studyTime}` : contentDate ?? studyDate);
  if (startTime) record.acquisition.startTime = startTime;
  const manufacturer = str(ds, T.manufacturer);
  if (manufacturer) record.acquisition.manufacturer = manufacturer;
  const model = str(ds, T.modelName);
  if (model) record.acquisition.device = model;
  const site = str(ds, T.institution);
  if (site) record.acquisition.site = site;
  record.filters = groupFilters(leads);

  const notes = readAnnotations(ds, rhythm, median);
  record.annotations = notes.annotations;
  const measured = deviceMeasurements(notes.measurements);
  if (Object.keys(measured).length > 0) record.metadata['deviceMeasurements'] = measured;
  if (notes.statements.length > 0) record.metadata['deviceStatements'] = notes.statements;
  if (notes.measurements.length > 0) record.metadata['dicomMeasurements'] = notes.measurements;
  if (notes.medianAnnotations.length > 0) record.metadata['medianBeatAnnotations'] = notes.medianAnnotations;
  record.metadata['dicom'] = {
    sopClassUid: sopClass,
    sopClassName: SOP_CLASS_NAMES.get(sopClass),
    transferSyntaxUid: transferSyntax,
    ...(ctx.anonymize ? {} : { sopInstanceUid: str(ds, T.sopInstance), studyInstanceUid: str(ds, T.studyInstance), seriesInstanceUid: str(ds, T.seriesInstance) }),
    softwareVersions: str(ds, T.softwareVersions),
    multiplexGroups: groups.map((g) => ({
      label: g.label,
      samplingRateHz: g.samplingRateHz,
      samples: g.samples,
      channels: g.channels.length,
      originality: str(g.item, T.originality),
      role: g === rhythm ? 'rhythm' : g === median ? 'median' : 'unused',
    })),
  };
  if (hemodynamic && leads.length < rhythm.channels.length) {
    record.warnings.push(`kept ${leads.length} ECG channels of ${rhythm.channels.length}; the other channels are not ECG`);
  }
  if (leads.some((l) => l.unit === 'adu')) record.warnings.push('some channels have no Channel Sensitivity; their samples are raw digital values');
  for (const w of ds.warnings ?? []) record.warnings.push(`DICOM parser: ${w}`);
  return record;
}
