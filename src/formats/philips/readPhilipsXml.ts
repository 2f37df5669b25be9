// Philips Sierra / PageWriter ECG XML reader (SierraECG 1.03, PhilipsECG 1.04, 1.04.01; XLI or raw waveforms).
import { emptyRecord, type EcgLead, type EcgRecord, type RepresentativeBeats } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { FormatReader, ReadContext } from '../../shared/formatReader';
import { normalizeLeadName, STANDARD_LEADS } from '../../shared/leads';
import { xmlHead } from '../hl7aecg/sniffXmlRoot';
import { attrOf, child, children, decodeXmlBytes, descendants, numberOf, parseXml, textOf, type XmlNode } from '../hl7aecg/xmlDocument';
import { decodeBase64 } from './decodeBase64';
import { decodeXli, XliDecodeError } from './decodeXli';

const FORMAT = 'philips-xml';
const SUPPORTED_VERSIONS = ['1.03', '1.04', '1.04.01'];

function fail(ctx: ReadContext, reason: string): never {
  throw new FormatError({ format: FORMAT, file: ctx.fileName, reason });
}

/**
 * Rebuilds the limb leads of an XLI record. The device stores III, aVR, aVL and aVF as residuals
 * against values derived from I and II (sierra-ecg-tools' decoders): III = II − I − s3,
 * aVR = −s_aVR − ⌊(I+II)/2⌋, aVL = ⌊(I−III)/2⌋ − s_aVL, aVF = ⌊(II+III)/2⌋ − s_aVF.
 */
export function reconstructPhilipsLimbLeads(leads: Int16Array[]): void {
  const [i, ii, iii, avr, avl, avf] = leads;
  if (!i || !ii || !iii || !avr || !avl || !avf) return;
  const n = Math.min(i.length, ii.length, iii.length, avr.length, avl.length, avf.length);
  for (let k = 0; k < n; k++) {
    const l1 = i[k] as number;
    const l2 = ii[k] as number;
    iii[k] = l2 - l1 - (iii[k] as number);
    const l3 = iii[k] as number;
    avr[k] = -(avr[k] as number) - Math.floor((l1 + l2) / 2);
    avl[k] = Math.floor((l1 - l3) / 2) - (avl[k] as number);
    avf[k] = Math.floor((l2 + l3) / 2) - (avf[k] as number);
  }
}

function firstNumber(nodes: (XmlNode | undefined)[], ...names: string[]): number | undefined {
  for (const node of nodes) {
    for (const name of names) {
      const v = numberOf(textOf(node, name));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Device global measurements: 1.04 interpretation/globalmeasurements, 1.03 measurements, internal ones last. */
function readMeasurements(root: XmlNode, record: EcgRecord): void {
  const interpretation = child(root, 'interpretations', 'interpretation');
  const sources = [
    child(interpretation, 'globalmeasurements'),
    child(interpretation, 'interpretationmeasurements'),
    child(root, 'measurements', 'globalmeasurements'),
    child(root, 'internalmeasurements', 'crossleadmeasurements'),
  ].filter((n): n is XmlNode => n !== undefined);
  const m: Record<string, number> = {};
  const put = (key: string, v: number | undefined) => {
    if (v !== undefined) m[key] = v;
  };
  put('prMs', firstNumber(sources, 'print', 'meanprint'));
  put('qrsMs', firstNumber(sources, 'qrsdur', 'meanqrsdur'));
  put('qtMs', firstNumber(sources, 'qtint', 'meanqtint'));
  put('qtcMs', firstNumber(sources, 'qtcb', 'meanqtc'));
  put('pAxisDeg', firstNumber(sources, 'pfrontaxis'));
  put('qrsAxisDeg', firstNumber(sources, 'qrsfrontaxis'));
  put('tAxisDeg', firstNumber(sources, 'tfrontaxis'));
  put('ventricularRateBpm', firstNumber(sources, 'heartrate', 'meanventrate'));
  put('pDurationMs', firstNumber(sources, 'pdur'));
  put('rrMs', firstNumber(sources, 'rrint'));
  put('qtcfMs', firstNumber(sources, 'qtcf'));
  if (Object.keys(m).length) record.metadata.deviceMeasurements = m;
  const statements = children(interpretation, 'statement')
    .map((s) => [textOf(s, 'leftstatement'), textOf(s, 'rightstatement')].filter((t) => t).join(' — '))
    .filter((s) => s);
  if (statements.length) record.metadata.deviceStatements = statements;
  const severity = textOf(interpretation, 'severity');
  if (severity) record.metadata.deviceSeverity = severity;
}

function readPatient(root: XmlNode, record: EcgRecord, ctx: ReadContext): void {
  const p = child(root, 'patient', 'generalpatientdata');
  const sex = textOf(p, 'sex')?.toLowerCase();
  if (sex) record.patient.sex = sex.startsWith('m') ? 'M' : sex.startsWith('f') ? 'F' : 'U';
  const age = numberOf(textOf(p, 'age', 'years'));
  if (age !== undefined) record.patient.ageYears = age;
  const height = numberOf(textOf(p, 'height', 'cm'));
  if (height !== undefined) record.patient.heightCm = height;
  const weight = numberOf(textOf(p, 'weight', 'kg'));
  if (weight !== undefined) record.patient.weightKg = weight;
  if (ctx.anonymize) return;
  const id = textOf(p, 'patientid');
  if (id) record.patient.id = id;
  const name = [textOf(p, 'name', 'firstname'), textOf(p, 'name', 'lastname')].filter((s) => s).join(' ');
  if (name) record.patient.name = name;
  const dob = textOf(p, 'age', 'dateofbirth');
  if (dob) record.patient.birthDate = dob;
}

/** Fill value of unused representative-beat samples (the stored beat is shorter than its buffer). */
const REPBEAT_FILL = 32767;

/** 1.04 <repbeats>: one uncompressed base64 int16 waveform per lead, at its own rate and resolution. */
function readRepresentativeBeats(root: XmlNode, warnings: string[]): RepresentativeBeats | undefined {
  const repbeats = child(root, 'waveforms', 'repbeats');
  const beats = children(repbeats, 'repbeat');
  const samplingRateHz = numberOf(attrOf(repbeats, 'samplespersec'));
  const resolutionUv = numberOf(attrOf(repbeats, 'resolution'));
  if (beats.length === 0 || !samplingRateHz || !resolutionUv) return undefined;
  if ((attrOf(repbeats, 'dataencoding') ?? 'Base64').toLowerCase() !== 'base64') {
    warnings.push('representative beats are not base64; not read');
    return undefined;
  }
  const digital: Int16Array[] = [];
  try {
    for (const beat of beats) {
      const raw = decodeBase64(textOf(beat, 'waveform') ?? '');
      const d = new Int16Array(raw.length >> 1);
      for (let k = 0; k < d.length; k++) d[k] = (raw[2 * k] as number) | ((raw[2 * k + 1] as number) << 8);
      digital.push(d);
    }
  } catch {
    warnings.push('representative beats are not valid base64; not read');
    return undefined;
  }
  let length = 0;
  for (const d of digital) {
    let end = d.length;
    while (end > 0 && d[end - 1] === REPBEAT_FILL) end--;
    length = Math.max(length, end);
  }
  const leads: EcgLead[] = beats.map((beat, i) => {
    const d = digital[i] as Int16Array;
    const samples = new Float32Array(length).fill(NaN);
    for (let k = 0; k < Math.min(length, d.length); k++) if (d[k] !== REPBEAT_FILL) samples[k] = (d[k] as number) * resolutionUv;
    const originalName = attrOf(beat, 'leadname') ?? `Channel ${i + 1}`;
    return { name: normalizeLeadName(originalName), originalName, unit: 'uV', samples };
  });
  return { samplingRateHz, samplesPerLead: length, leads };
}

function labelsFor(waveforms: XmlNode, signal: XmlNode | undefined, count: number): string[] {
  const declared = attrOf(waveforms, 'leadlabels')?.trim().split(/\s+/).filter((s) => s);
  if (declared && declared.length >= count) return declared.slice(0, count);
  const type = textOf(signal, 'acquisitiontype') ?? textOf(signal, 'leadset') ?? '';
  if (count <= 12 && /STD-12|10-WIRE/i.test(type)) return STANDARD_LEADS.slice(0, count);
  return Array.from({ length: count }, (_, i) => `Channel ${i + 1}`);
}

/** Reads a Philips Sierra ECG XML document (SierraECG/PhilipsECG schema 1.03–1.04.01). */
export function readPhilipsXml(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  const text = decodeXmlBytes(bytes, FORMAT, ctx.fileName);
  const root = parseXml(text, 'restingecgdata', FORMAT, ctx.fileName);
  const docType = textOf(root, 'documentinfo', 'documenttype');
  const version = textOf(root, 'documentinfo', 'documentversion');
  const warnings: string[] = [];
  if (!version || !SUPPORTED_VERSIONS.includes(version) || (docType !== 'SierraECG' && docType !== 'PhilipsECG')) {
    warnings.push(`document ${docType ?? '?'} ${version ?? '?'} is not one of the tested versions (${SUPPORTED_VERSIONS.join(', ')})`);
  }
  const acquisition = child(root, 'dataacquisition');
  const signal = child(acquisition, 'signalcharacteristics');
  const waveforms = child(root, 'waveforms', 'parsedwaveforms');
  if (waveforms === undefined) fail(ctx, 'no <waveforms><parsedwaveforms> element');
  const samplingRateHz = numberOf(attrOf(waveforms, 'samplespersecond')) ?? numberOf(textOf(signal, 'samplingrate'));
  if (samplingRateHz === undefined || !(samplingRateHz > 0)) fail(ctx, 'no positive sampling rate (samplingrate / samplespersecond)');
  const resolutionUv = numberOf(attrOf(waveforms, 'resolution')) ?? numberOf(textOf(signal, 'signalresolution')) ?? numberOf(textOf(signal, 'resolution'));
  if (resolutionUv === undefined || !(resolutionUv > 0)) fail(ctx, 'no positive signal resolution (µV per unit)');
  const durationMs = numberOf(attrOf(waveforms, 'durationperchannel'));
  if (durationMs === undefined || !(durationMs > 0)) fail(ctx, 'no positive durationperchannel');
  const samplesPerLead = Math.round((durationMs * samplingRateHz) / 1000);
  const leadCount = numberOf(attrOf(waveforms, 'numberofleads')) ?? numberOf(textOf(signal, 'numberchannelsvalid')) ?? numberOf(textOf(signal, 'numberchannelsallocated'));
  if (leadCount === undefined || !(leadCount >= 1) || leadCount > 64) fail(ctx, 'the number of leads is missing or implausible');
  const encoding = attrOf(waveforms, 'dataencoding') ?? 'Base64';
  if (encoding.toLowerCase() !== 'base64') fail(ctx, `waveform data encoding '${encoding}' is not supported (only Base64)`);
  const compression = attrOf(waveforms, 'compression') ?? attrOf(waveforms, 'compressmethod') ?? 'Uncompressed';
  const labels = labelsFor(waveforms, signal, leadCount);

  let raw: Uint8Array;
  try {
    raw = decodeBase64(textOf(waveforms) ?? '');
  } catch (err) {
    return fail(ctx, `waveform data are not valid base64 (${(err as Error).message})`);
  }
  let series: Int16Array[];
  let xliChunkCount: number | undefined;
  if (compression.toUpperCase() === 'XLI') {
    try {
      series = decodeXli(raw, samplesPerLead + 64);
    } catch (err) {
      if (err instanceof XliDecodeError) fail(ctx, `XLI waveform data are corrupt: ${err.message}`);
      throw err;
    }
    if (series.length < leadCount) fail(ctx, `XLI data hold ${series.length} lead chunks, ${leadCount} declared`);
    xliChunkCount = series.length;
    series = series.slice(0, leadCount);
  } else if (/^(uncompressed|none|false)$/i.test(compression)) {
    if (raw.length < leadCount * samplesPerLead * 2) fail(ctx, `uncompressed waveform data hold ${raw.length} bytes, ${leadCount * samplesPerLead * 2} expected`);
    series = [];
    for (let l = 0; l < leadCount; l++) {
      const s = new Int16Array(samplesPerLead);
      for (let k = 0; k < samplesPerLead; k++) {
        const o = (l * samplesPerLead + k) * 2;
        s[k] = (raw[o] as number) | ((raw[o + 1] as number) << 8);
      }
      series.push(s);
    }
  } else {
    return fail(ctx, `waveform compression '${compression}' is not supported (XLI or uncompressed)`);
  }
  const limbOrder = labels.slice(0, 6).map((l) => normalizeLeadName(l)).join(' ');
  if (limbOrder === 'I II III aVR aVL aVF') reconstructPhilipsLimbLeads(series);
  else if (compression.toUpperCase() === 'XLI') warnings.push('limb leads not in the order I II III aVR aVL aVF; derived-lead reconstruction skipped');

  const leads: EcgLead[] = series.map((s, idx) => {
    const samples = new Float32Array(samplesPerLead).fill(NaN);
    const n = Math.min(samplesPerLead, s.length);
    for (let k = 0; k < n; k++) samples[k] = (s[k] as number) * resolutionUv;
    const originalName = labels[idx] ?? `Channel ${idx + 1}`;
    return { name: normalizeLeadName(originalName), originalName, unit: 'uV', samples, details: { storedSamples: s.length } };
  });
  const shortLeads = leads.filter((l) => (l.details?.storedSamples as number) < samplesPerLead).map((l) => l.name);
  if (shortLeads.length) warnings.push(`leads ${shortLeads.join(', ')} hold fewer than ${samplesPerLead} samples; the rest is NaN`);

  const record = emptyRecord({
    format: FORMAT,
    name: ctx.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    samplingRateHz,
    samplesPerLead,
    leads,
  });
  record.warnings = warnings;
  record.metadata.documentType = docType;
  record.metadata.documentVersion = version;
  record.metadata.compression = compression;
  record.metadata.resolutionUv = resolutionUv;
  if (xliChunkCount !== undefined) record.metadata.xliChunkCount = xliChunkCount;
  const date = attrOf(acquisition, 'date');
  const time = attrOf(acquisition, 'time');
  if (date) record.acquisition.startTime = time ? `${date}T${time}` : date;
  const machine = child(acquisition, 'machine');
  const model = textOf(machine);
  if (model) record.acquisition.device = model;
  record.acquisition.manufacturer = 'Philips';
  const site = textOf(acquisition, 'acquirer', 'institutionname');
  if (site) record.acquisition.site = site;
  const hp = numberOf(attrOf(waveforms, 'hipass')) ?? numberOf(textOf(signal, 'hipass')) ?? numberOf(textOf(root, 'reportinfo', 'reportbandwidth', 'highpassfiltersetting'));
  const lp = numberOf(attrOf(waveforms, 'lowpass')) ?? numberOf(textOf(signal, 'lowpass')) ?? numberOf(textOf(root, 'reportinfo', 'reportbandwidth', 'lowpassfiltersetting'));
  if (hp !== undefined) record.filters.highPassHz = hp;
  if (lp !== undefined) record.filters.lowPassHz = lp;
  const notchFiltered = attrOf(waveforms, 'notchfiltered') ?? textOf(signal, 'notchfiltered');
  const notch = numberOf(textOf(root, 'reportinfo', 'reportbandwidth', 'notchfiltersetting'));
  if (notchFiltered !== 'False' && notch !== undefined && notch > 0) record.filters.notchHz = notch;
  const bandwidth = textOf(signal, 'signalbandwidth');
  if (bandwidth) record.filters.description = `signal bandwidth ${bandwidth} Hz`;
  readPatient(root, record, ctx);
  readMeasurements(root, record);
  const beats = readRepresentativeBeats(root, record.warnings);
  if (beats) record.representativeBeats = beats;
  record.metadata.acquisitionType = textOf(signal, 'acquisitiontype');
  // Keep a count only: the per-lead <leadmeasurement> blocks are large and device-specific.
  record.metadata.leadMeasurementCount = descendants(root, 'leadmeasurement').length;
  return record;
}

export const philipsXmlReader: FormatReader = {
  format: FORMAT,
  title: 'Philips Sierra / PageWriter ECG XML',
  extensions: ['.xml'],
  sniff(bytes) {
    const head = xmlHead(bytes, 4096);
    if (/<restingecgdata[\s>]/.test(head)) return /SierraECG|PhilipsECG|medical\.philips\.com/.test(head) ? 0.95 : 0.7;
    return head.trimStart().startsWith('<') ? 0.05 : 0;
  },
  read: readPhilipsXml,
};
