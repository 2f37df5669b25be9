// SCP-ECG reader (EN 1064:2005+A1:2007 / ISO 11073-91064): sections 0-8, Huffman, reference beats, bimodal.
import { emptyRecord, type EcgAnnotation, type EcgLead, type EcgRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { FormatReader, ReadContext } from '../../shared/formatReader';
import { normalizeLeadName } from '../../shared/leads';
import { bimodalStoredCount, undoBimodal, type ProtectedZone } from './scpBimodal';
import { crcCcitt } from './scpCrc';
import { DEFAULT_HUFFMAN_TABLE, HuffmanDecodeError, huffmanDecode, undoDifferences, type HuffmanTable } from './scpHuffman';
import { scpLeadName } from './scpLeadNames';
import { readScpSection1 } from './scpSection1';

const FORMAT = 'scp-ecg';
const SECTION_HEADER_BYTES = 16;
/** Section 2's table count meaning "the default Huffman table" (EN 1064 §5.4.2). */
const DEFAULT_TABLE_MARK = 19999;
/** Section 7 values meaning "not computed" (EN 1064 §5.10). */
const UNDEFINED_MS = 29999;
const UNDEFINED_AXIS = 999;

interface Section {
  id: number;
  /** 0-based offset of the section header in the file. */
  offset: number;
  length: number;
  version: number;
  protocol: number;
  body: Uint8Array;
}

interface LeadDefinition {
  code: number;
  /** 1-based first and last sample numbers (EN 1064 §5.6). */
  start: number;
  end: number;
}

interface QrsLocations {
  refBeatLengthMs: number;
  /** 1-based fiducial of the reference beat. */
  refFiducial: number;
  beats: { type: number; start: number; fiducial: number; end: number }[];
  protectedZones: ProtectedZone[];
}

const u16 = (b: Uint8Array, o: number) => (b[o] as number) | ((b[o + 1] as number) << 8);
const i16 = (b: Uint8Array, o: number) => (u16(b, o) << 16) >> 16;
const u32 = (b: Uint8Array, o: number) => (u16(b, o) + u16(b, o + 2) * 65536) >>> 0;

class ScpContext {
  readonly warnings: string[] = [];
  constructor(readonly ctx: ReadContext) {}
  fail(reason: string, byteOffset?: number): never {
    throw new FormatError({ format: FORMAT, file: this.ctx.fileName, reason, byteOffset });
  }
}

/** Reads section 0's pointer table and every section it names, checking bounds, IDs and CRCs. */
function readSections(bytes: Uint8Array, recordLength: number, sc: ScpContext): Map<number, Section> {
  const s0 = readSectionAt(bytes, 6, recordLength, 0, sc);
  if (s0 === undefined) sc.fail('section 0 (pointers) is missing or malformed', 6);
  const sections = new Map<number, Section>([[0, s0]]);
  const pointerCount = Math.floor(s0.body.length / 10);
  for (let p = 0; p < pointerCount; p++) {
    const o = p * 10;
    const id = u16(s0.body, o);
    const length = u32(s0.body, o + 2);
    const index = u32(s0.body, o + 6);
    if (id === 0 || length === 0 || index === 0) continue;
    if (index - 1 + length > recordLength || length < SECTION_HEADER_BYTES) {
      sc.warnings.push(`section ${id}: pointer (index ${index}, ${length} bytes) lies outside the record; section ignored`);
      continue;
    }
    const section = readSectionAt(bytes, index - 1, recordLength, id, sc);
    if (section) sections.set(id, section);
  }
  return sections;
}

function readSectionAt(bytes: Uint8Array, offset: number, recordLength: number, expectId: number, sc: ScpContext): Section | undefined {
  if (offset + SECTION_HEADER_BYTES > recordLength) return undefined;
  const id = u16(bytes, offset + 2);
  const length = u32(bytes, offset + 4);
  if (id !== expectId) {
    sc.warnings.push(`section ${expectId}: header at byte ${offset} carries id ${id}; section ignored`);
    return undefined;
  }
  if (length < SECTION_HEADER_BYTES || offset + length > recordLength) {
    sc.warnings.push(`section ${id}: declared length ${length} runs past the record; section ignored`);
    return undefined;
  }
  const storedCrc = u16(bytes, offset);
  if (crcCcitt(bytes, offset + 2, offset + length) !== storedCrc) {
    sc.warnings.push(`section ${id}: CRC mismatch (stored 0x${storedCrc.toString(16)})`);
  }
  return {
    id,
    offset,
    length,
    version: bytes[offset + 8] as number,
    protocol: bytes[offset + 9] as number,
    body: bytes.subarray(offset + SECTION_HEADER_BYTES, offset + length),
  };
}

/** Section 2: Huffman tables (EN 1064 §5.4). Returns undefined when the data are not Huffman coded. */
function readHuffmanTables(section: Section | undefined, sc: ScpContext): HuffmanTable[] | undefined {
  if (section === undefined) return undefined;
  const b = section.body;
  if (b.length < 2) sc.fail('section 2 is too short to hold a table count', section.offset);
  const count = u16(b, 0);
  if (count === DEFAULT_TABLE_MARK) return [DEFAULT_HUFFMAN_TABLE];
  const tables: HuffmanTable[] = [];
  let o = 2;
  for (let t = 0; t < count; t++) {
    if (o + 2 > b.length) sc.fail(`section 2: Huffman table ${t + 1} of ${count} runs past the section`, section.offset);
    const codes = u16(b, o);
    o += 2;
    if (o + codes * 9 > b.length) sc.fail(`section 2: Huffman table ${t + 1} declares ${codes} codes, more than the section holds`, section.offset);
    const table: HuffmanTable = [];
    for (let c = 0; c < codes; c++, o += 9) {
      table.push({
        prefixBits: b[o] as number,
        totalBits: b[o + 1] as number,
        tableModeSwitch: b[o + 2] as number,
        baseValue: i16(b, o + 3),
        baseCode: u32(b, o + 5),
      });
    }
    tables.push(table);
  }
  if (tables.length === 0) sc.fail('section 2 holds no Huffman tables', section.offset);
  return tables;
}

/** Section 3: lead definitions and flags (EN 1064 §5.6). */
function readLeadDefinitions(section: Section | undefined, sc: ScpContext) {
  if (section === undefined) sc.fail('section 3 (lead definition) is missing');
  const b = section.body;
  const count = b[0] ?? 0;
  const flags = b[1] ?? 0;
  if (count === 0) sc.fail('section 3 declares no leads', section.offset);
  if (2 + count * 9 > b.length) sc.fail(`section 3 declares ${count} leads but holds ${b.length} bytes`, section.offset);
  const leads: LeadDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const o = 2 + i * 9;
    const start = u32(b, o);
    const end = u32(b, o + 4);
    if (start < 1 || end < start) sc.fail(`section 3: lead ${i + 1} has sample range ${start}–${end}`, section.offset);
    leads.push({ start, end, code: b[o + 8] as number });
  }
  return {
    leads,
    referenceBeatSubtraction: (flags & 1) !== 0,
    allSimultaneous: (flags & 4) !== 0,
    simultaneousLeadCount: flags >> 3,
  };
}

/** Section 4: reference-beat fiducial, QRS locations and protected zones (EN 1064 §5.8). */
function readQrsLocations(section: Section | undefined, sc: ScpContext): QrsLocations | undefined {
  if (section === undefined) return undefined;
  const b = section.body;
  if (b.length < 6) {
    sc.warnings.push('section 4 is too short; QRS locations ignored');
    return undefined;
  }
  const n = u16(b, 4);
  const result: QrsLocations = { refBeatLengthMs: u16(b, 0), refFiducial: u16(b, 2), beats: [], protectedZones: [] };
  if (6 + n * 14 > b.length) {
    sc.warnings.push(`section 4 declares ${n} QRS complexes but holds ${b.length} bytes; QRS locations ignored`);
    return result;
  }
  for (let i = 0; i < n; i++) {
    const o = 6 + i * 14;
    result.beats.push({ type: u16(b, o), start: u32(b, o + 2), fiducial: u32(b, o + 6), end: u32(b, o + 10) });
  }
  if (6 + n * 22 <= b.length) {
    for (let i = 0; i < n; i++) {
      const o = 6 + n * 14 + i * 8;
      const start = u32(b, o);
      const end = u32(b, o + 4);
      if (start > 0 && end >= start) result.protectedZones.push({ start, end });
    }
  }
  return result;
}

interface EncodedData {
  avmNv: number;
  intervalUs: number;
  difference: number;
  bimodal: boolean;
  perLead: Uint8Array[];
}

/** Sections 5 and 6 share a layout: AVM, interval, difference flag, one byte, per-lead byte counts, data. */
function readEncodedData(section: Section, leadCount: number, sc: ScpContext): EncodedData {
  const b = section.body;
  const name = `section ${section.id}`;
  if (b.length < 6) sc.fail(`${name} is too short`, section.offset);
  const avmNv = u16(b, 0);
  const intervalUs = u16(b, 2);
  if (avmNv === 0) sc.fail(`${name}: amplitude value multiplier is 0`, section.offset);
  if (intervalUs === 0) sc.fail(`${name}: sample time interval is 0`, section.offset);
  // Counts are 2 bytes per lead (4 in some version-3 writers); use the width whose total fits.
  for (const width of section.protocol >= 30 || section.version >= 30 ? [2, 4] : [2]) {
    const dataStart = 6 + leadCount * width;
    if (dataStart > b.length) continue;
    const counts: number[] = [];
    for (let i = 0; i < leadCount; i++) counts.push(width === 2 ? u16(b, 6 + i * 2) : u32(b, 6 + i * 4));
    const total = counts.reduce((s, c) => s + c, 0);
    if (dataStart + total > b.length) continue;
    const perLead: Uint8Array[] = [];
    let o = dataStart;
    for (const c of counts) {
      perLead.push(b.subarray(o, o + c));
      o += c;
    }
    return { avmNv, intervalUs, difference: b[4] as number, bimodal: b[5] === 1, perLead };
  }
  return sc.fail(`${name}: per-lead byte counts exceed the ${b.length}-byte section (wrong lengths or truncated data)`, section.offset);
}

/** Decodes one lead's bytes to integers: Huffman (section 2) or, without section 2, 16-bit little-endian. */
function decodeLead(data: Uint8Array, tables: HuffmanTable[] | undefined, count: number, difference: number, what: string, sc: ScpContext): Float64Array {
  let ints: Int32Array;
  if (tables === undefined) {
    const available = Math.min(count, Math.floor(data.length / 2));
    ints = new Int32Array(available);
    for (let i = 0; i < available; i++) ints[i] = i16(data, i * 2);
  } else {
    // Each value needs at least one bit: a count beyond 8 × bytes cannot be honest.
    const possible = Math.min(count, data.length * 8);
    const stats = { bitsUsed: 0 };
    try {
      ints = huffmanDecode(data, tables, possible, stats);
    } catch (err) {
      if (err instanceof HuffmanDecodeError) sc.fail(`${what}: ${err.message}`);
      throw err;
    }
    // Writers pad each lead to an even byte count; more slack means the lengths disagree.
    const unusedBytes = data.length - Math.ceil(stats.bitsUsed / 8);
    if (ints.length === count && unusedBytes > 2) sc.warnings.push(`${what}: ${unusedBytes} bytes left after the declared ${count} samples`);
  }
  if (ints.length < count) sc.warnings.push(`${what}: data end after ${ints.length} of ${count} samples; the rest is NaN`);
  const out = new Float64Array(count).fill(NaN);
  const decoded = Float64Array.from(ints);
  undoDifferences(decoded, difference);
  out.set(decoded);
  return out;
}

/**
 * Section 7 global measurements (EN 1064 §5.10): header (reference-beat types + 1, spike count, mean RR,
 * mean PP), then 16-byte blocks (P on/off, QRS on/off, T off in ms from the reference-beat start, then
 * P/QRS/T axes), pacemaker spikes, QRS types, and ventricular rate / QTc.
 */
function readGlobalMeasurements(section: Section | undefined, record: EcgRecord): void {
  if (section === undefined || section.body.length < 6 + 16) return;
  const b = section.body;
  const blocks = b[0] as number;
  if (blocks === 0) return;
  const ms = (o: number) => {
    const v = u16(b, o);
    return v === UNDEFINED_MS || v === 0xffff ? undefined : v;
  };
  const axis = (o: number) => {
    const v = i16(b, o);
    return v === UNDEFINED_AXIS ? undefined : v;
  };
  const base = 6;
  const pOn = ms(base);
  const pOff = ms(base + 2);
  const qrsOn = ms(base + 4);
  const qrsOff = ms(base + 6);
  const tOff = ms(base + 8);
  const m: Record<string, number> = {};
  if (pOn !== undefined && pOff !== undefined && pOff > pOn) m.pDurationMs = pOff - pOn;
  if (pOn !== undefined && qrsOn !== undefined && qrsOn > pOn) m.prMs = qrsOn - pOn;
  if (qrsOn !== undefined && qrsOff !== undefined && qrsOff > qrsOn) m.qrsMs = qrsOff - qrsOn;
  if (qrsOn !== undefined && tOff !== undefined && tOff > qrsOn) m.qtMs = tOff - qrsOn;
  const pAxis = axis(base + 10);
  const qrsAxis = axis(base + 12);
  const tAxis = axis(base + 14);
  if (pAxis !== undefined) m.pAxisDeg = pAxis;
  if (qrsAxis !== undefined) m.qrsAxisDeg = qrsAxis;
  if (tAxis !== undefined) m.tAxisDeg = tAxis;
  const meanRrMs = ms(2);
  const spikes = b[1] as number;
  let o = base + blocks * 16 + spikes * 10;
  if (o + 2 <= b.length) {
    const qrsCount = u16(b, o);
    o += 2 + qrsCount;
    if (o + 6 <= b.length) {
      const vRate = u16(b, o);
      const qtc = u16(b, o + 4);
      if (vRate > 0 && vRate < 1000) m.ventricularRateBpm = vRate;
      if (qtc > 0 && qtc < 2000) m.qtcMs = qtc;
    }
  }
  if (m.ventricularRateBpm === undefined && meanRrMs !== undefined && meanRrMs > 0) m.ventricularRateBpm = Math.round(60000 / meanRrMs);
  if (Object.keys(m).length) record.metadata.deviceMeasurements = m;
  record.metadata.referenceBeatFiducialsMs = { pOn, pOff, qrsOn, qrsOff, tOff };
}

/** Section 8: the device's interpretation statements. */
function readStatements(section: Section | undefined, record: EcgRecord): void {
  if (section === undefined || section.body.length < 9) return;
  const b = section.body;
  const n = b[8] as number;
  const statements: string[] = [];
  for (let i = 0, o = 9; i < n && o + 3 <= b.length; i++) {
    const len = u16(b, o + 1);
    const text = b.subarray(o + 3, Math.min(b.length, o + 3 + len));
    let s = '';
    for (const c of text) if (c !== 0) s += String.fromCharCode(c);
    if (s.trim()) statements.push(s.trim());
    o += 3 + len;
  }
  if (statements.length) record.metadata.deviceStatements = statements;
}

function makeLead(code: number, samplesNv: Float64Array, index: number): EcgLead {
  const raw = scpLeadName(code);
  // '-aVR' is the inverted aVR and must keep its sign in the name.
  const name = raw.startsWith('-') ? raw : normalizeLeadName(raw);
  const samples = new Float32Array(samplesNv.length);
  for (let i = 0; i < samples.length; i++) samples[i] = (samplesNv[i] as number) / 1000;
  return { name, originalName: raw, unit: 'uV', samples, details: { scpLeadCode: code, index } };
}

/** Reads an SCP-ECG record (EN 1064:2005+A1:2007, versions 1.x–3.0) into an EcgRecord in µV. */
export function readScpEcg(bytes: Uint8Array, ctx: ReadContext): EcgRecord {
  const sc: ScpContext = new ScpContext(ctx);
  if (bytes.length === 0) sc.fail('the file is empty');
  if (bytes.length < 6 + SECTION_HEADER_BYTES) sc.fail(`the file has ${bytes.length} bytes, too few for an SCP-ECG record`);
  const declared = u32(bytes, 2);
  if (declared > bytes.length) {
    const hasIdent = String.fromCharCode(...bytes.subarray(16, 22)) === 'SCPECG';
    sc.fail(
      hasIdent
        ? `the record declares ${declared} bytes but the file has ${bytes.length} (truncated)`
        : `the record declares ${declared} bytes but the file has ${bytes.length}, and section 0 lacks the 'SCPECG' identifier: not a standard SCP-ECG record (vendor-specific layout?)`,
      2,
    );
  }
  if (declared < 6 + SECTION_HEADER_BYTES) sc.fail(`the record length field (${declared}) is too small`, 2);
  if (declared < bytes.length) sc.warnings.push(`${bytes.length - declared} bytes after the declared record end ignored`);
  const storedCrc = u16(bytes, 0);
  if (crcCcitt(bytes, 2, declared) !== storedCrc) sc.warnings.push(`record CRC mismatch (stored 0x${storedCrc.toString(16)})`);

  const sections = readSections(bytes, declared, sc);
  const s0 = sections.get(0) as Section;
  const record = emptyRecord({ format: FORMAT, name: ctx.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''), samplingRateHz: 1, samplesPerLead: 0, leads: [] });
  record.metadata.scpProtocolVersion = s0.protocol / 10;
  record.metadata.scpSections = [...sections.keys()].sort((a, b) => a - b);
  const s1 = sections.get(1);
  if (s1) sc.warnings.push(...readScpSection1(s1.body, record, ctx.anonymize === true).warnings);

  const tables = readHuffmanTables(sections.get(2), sc);
  record.metadata.huffman = tables === undefined ? 'none' : tables[0] === DEFAULT_HUFFMAN_TABLE ? 'default' : `${tables.length} custom table(s)`;
  const def = readLeadDefinitions(sections.get(3), sc);
  const qrs = readQrsLocations(sections.get(4), sc);
  const s6 = sections.get(6);
  if (s6 === undefined) sc.fail('section 6 (rhythm data) is missing');
  const rhythm = readEncodedData(s6, def.leads.length, sc);

  // Reference beat (section 5), needed as representative beat and for subtraction.
  let refBeat: { data: EncodedData; leads: Float64Array[] } | undefined;
  const s5 = sections.get(5);
  if (s5 && qrs && qrs.refBeatLengthMs > 0) {
    const data = readEncodedData(s5, def.leads.length, sc);
    const count = Math.round((qrs.refBeatLengthMs * 1000) / data.intervalUs);
    const leads = data.perLead.map((d, i) => decodeLead(d, tables, count, data.difference, `reference beat lead ${i + 1}`, sc));
    refBeat = { data, leads };
  } else if (s5) {
    sc.warnings.push('section 5 present without a reference beat length in section 4; reference beat not read');
  }

  let intervalUs = rhythm.intervalUs;
  let bimodalRate = 1;
  if (rhythm.bimodal && refBeat) {
    bimodalRate = Math.round(rhythm.intervalUs / refBeat.data.intervalUs);
    if (bimodalRate < 1 || bimodalRate > 4 || rhythm.intervalUs !== bimodalRate * refBeat.data.intervalUs) {
      sc.fail(`bimodal compression with rhythm interval ${rhythm.intervalUs} µs and reference interval ${refBeat.data.intervalUs} µs is not a factor of 1–4`);
    }
    intervalUs = refBeat.data.intervalUs;
  } else if (rhythm.bimodal) {
    sc.fail('section 6 says bimodal compression but there is no reference beat (sections 4/5) to give the full rate');
  }

  const first = Math.min(...def.leads.map((l) => l.start));
  const last = Math.max(...def.leads.map((l) => l.end));
  const samplesPerLead = last - first + 1;
  // The Huffman stream can hold at most 8 samples per byte: refuse absurd lengths before allocating.
  const totalBytes = rhythm.perLead.reduce((s, d) => s + d.length, 0);
  if (samplesPerLead > Math.max(1, totalBytes) * 8 * bimodalRate) {
    sc.fail(`section 3 declares ${samplesPerLead} samples per lead, more than the ${totalBytes} bytes of rhythm data can hold`, sections.get(3)?.offset);
  }
  if (!def.allSimultaneous || def.leads.some((l) => l.start !== first || l.end !== last)) {
    sc.warnings.push('leads are not all recorded simultaneously over the same samples; gaps are NaN');
  }

  const subtract = def.referenceBeatSubtraction && refBeat !== undefined && qrs !== undefined ? { ref: refBeat, qrs } : undefined;
  if (def.referenceBeatSubtraction && !subtract) sc.warnings.push('section 3 flags reference-beat subtraction but sections 4/5 are missing; residual signal returned');
  if (subtract && subtract.ref.data.intervalUs !== intervalUs) {
    sc.fail(`reference beat interval ${subtract.ref.data.intervalUs} µs differs from the rhythm interval ${intervalUs} µs; cannot add it back`);
  }

  const leads: EcgLead[] = def.leads.map((ld, i) => {
    const data = rhythm.perLead[i] as Uint8Array;
    const n = ld.end - ld.start + 1;
    const what = `rhythm lead ${i + 1} (${scpLeadName(ld.code)})`;
    let values: Float64Array;
    if (bimodalRate > 1 && qrs) {
      const stored = bimodalStoredCount(ld.start, ld.end, qrs.protectedZones, bimodalRate);
      const decoded = decodeLead(data, tables, stored, rhythm.difference, what, sc);
      values = undoBimodal(decoded, ld.start, ld.end, qrs.protectedZones, bimodalRate);
    } else {
      values = decodeLead(data, tables, n, rhythm.difference, what, sc);
    }
    // Physical nanovolts: residual × AVM6 (+ reference beat × AVM5 inside subtraction zones, §5.7.3).
    for (let k = 0; k < n; k++) values[k] = (values[k] as number) * rhythm.avmNv;
    if (subtract) {
      const ref = subtract.ref.leads[i] as Float64Array;
      const refAvmNv = subtract.ref.data.avmNv;
      for (const beat of subtract.qrs.beats) {
        if (beat.type !== 0) continue;
        for (let s = beat.start; s <= beat.end; s++) {
          const r = s - beat.fiducial + subtract.qrs.refFiducial - 1;
          const k = s - ld.start;
          if (r >= 0 && r < ref.length && k >= 0 && k < n) values[k] = (values[k] as number) + (ref[r] as number) * refAvmNv;
        }
      }
    }
    const full = new Float64Array(samplesPerLead).fill(NaN);
    full.set(values.subarray(0, Math.min(n, samplesPerLead - (ld.start - first))), ld.start - first);
    return makeLead(ld.code, full, i);
  });

  record.leads = leads;
  record.samplesPerLead = samplesPerLead;
  record.samplingRateHz = 1e6 / intervalUs;
  record.metadata.sampleIntervalUs = intervalUs;
  record.metadata.rhythmAvmNv = rhythm.avmNv;
  record.metadata.rhythmDifferenceEncoding = rhythm.difference;
  record.metadata.bimodalCompression = rhythm.bimodal;
  record.metadata.referenceBeatSubtraction = def.referenceBeatSubtraction;
  record.metadata.declaredLeadCount = def.leads.length;
  record.metadata.allLeadsSimultaneous = def.allSimultaneous;
  record.metadata.simultaneousLeadCount = def.simultaneousLeadCount;
  record.metadata.declaredSampleRanges = def.leads.map((l) => [l.start, l.end]);

  if (refBeat) {
    const beat = refBeat;
    const n = beat.leads[0]?.length ?? 0;
    record.representativeBeats = {
      samplingRateHz: 1e6 / beat.data.intervalUs,
      samplesPerLead: n,
      leads: beat.leads.map((v, i) => {
        const nv = new Float64Array(v.length);
        for (let k = 0; k < v.length; k++) nv[k] = (v[k] as number) * beat.data.avmNv;
        return makeLead(def.leads[i]?.code ?? 0, nv, i);
      }),
    };
    record.metadata.referenceBeatAvmNv = beat.data.avmNv;
    if (qrs && qrs.refFiducial > 0) record.metadata.referenceBeatFiducialSample = qrs.refFiducial - 1;
  }
  if (qrs) {
    const beats: EcgAnnotation[] = qrs.beats
      .filter((b) => b.fiducial >= first && b.fiducial <= last)
      .map((b) => ({ sampleIdx: b.fiducial - first, code: 'QRS', subtype: b.type }));
    record.annotations = beats;
  }
  readGlobalMeasurements(sections.get(7), record);
  readStatements(sections.get(8), record);
  record.warnings = sc.warnings;
  return record;
}

export const scpEcgReader: FormatReader = {
  format: FORMAT,
  title: 'SCP-ECG',
  extensions: ['.scp'],
  sniff(bytes) {
    if (bytes.length < 22) return 0;
    const declared = u32(bytes, 2);
    const ident = String.fromCharCode(...bytes.subarray(16, 22));
    const s0Id = u16(bytes, 8);
    if (ident === 'SCPECG' && s0Id === 0) return declared <= bytes.length ? 0.95 : 0.6;
    if (s0Id === 0 && declared === bytes.length && crcCcitt(bytes, 2, declared) === u16(bytes, 0)) return 0.9;
    return s0Id === 0 ? 0.1 : 0;
  },
  read: readScpEcg,
};
