// Reads WFDB (PhysioNet) records — single- and multi-segment headers plus their signal files — into an EcgRecord.
import type { EcgAnnotation, EcgLead, EcgRecord, PatientInfo } from '../../shared/ecgRecord';
import { emptyRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { FormatReader, ReadContext } from '../../shared/formatReader';
import { normalizeLeadName } from '../../shared/leads';
import { normalizeUnit } from '../../shared/units';
import { decodeFlac } from './flac/decodeFlac';
import type { WfdbHeader, WfdbSignalSpec } from './parseWfdbHeader';
import { decodeHeaderText, looksLikeWfdbHeader, parseWfdbHeader } from './parseWfdbHeader';
import { readWfdbAnnotationFile } from './readWfdbAnnotations';
import {
  FLAC_FORMATS,
  SUPPORTED_FORMATS,
  bytesForSamples,
  decodeSampleStream,
  invalidSampleValue,
  samplesInBytes,
} from './signalFormats';

export interface ReadWfdbOptions {
  /** First frame to read (default 0). */
  sampleFrom?: number;
  /** Frame after the last one to read (default: end of record). */
  sampleTo?: number;
  /** Signal indices to read, in output order (default: all). */
  channels?: readonly number[];
  /**
   * Signals with several samples per frame: false (default) averages each frame (integer mean truncated
   * toward zero, as rdsamp and wfdb-python's smooth_frames) and the record rate is the frame rate; true
   * repeats every signal up to the highest samples-per-frame of the record (as `rdsamp -H`) and the record
   * rate is that multiple of the frame rate.
   */
  expandFrames?: boolean;
  /** Also keep the digital (ADC) values of each lead as `lead.details.digital` (Int32Array). */
  keepDigital?: boolean;
  /** Annotator whose file `<record>.<annotator>` is loaded when present (default 'atr'); false: none. */
  annotator?: string | false;
}

/** Most sample values (all leads together) one read may hold in memory: 2^30 floats = 4 GiB. */
export const MAX_OUTPUT_SAMPLES = 2 ** 30;

const FORMAT = 'wfdb';

type Fail = (reason: string, byteOffset?: number) => never;

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

function stemOf(name: string): string {
  const b = baseName(name);
  const dot = b.lastIndexOf('.');
  return dot <= 0 ? b : b.slice(0, dot);
}

function extensionOf(name: string): string {
  const b = baseName(name);
  const dot = b.lastIndexOf('.');
  return dot <= 0 ? '' : b.slice(dot).toLowerCase();
}

/** Reads sibling files once each; the input's own bytes stand in for its own name. */
class FileSource {
  private readonly cache = new Map<string, Uint8Array | undefined>();
  constructor(
    private readonly ctx: ReadContext,
    ownBytes: Uint8Array | undefined,
  ) {
    if (ownBytes !== undefined) this.cache.set(baseName(ctx.fileName), ownBytes);
  }
  get(name: string): Uint8Array | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    const bytes = this.ctx.readSibling?.(name);
    this.cache.set(name, bytes);
    return bytes;
  }
}

/** Where one decoded signal goes: an output lead's arrays, starting at output sample `outStart`. */
interface Target {
  signal: number;
  out: Float32Array;
  digital: Int32Array | undefined;
  outStart: number;
}

interface SegmentPlan {
  header: WfdbHeader;
  headerName: string;
  frames: number;
  groups: SignalGroup[];
}

interface SignalGroup {
  fileName: string;
  format: number;
  bytes: Uint8Array;
  byteOffset: number;
  signals: number[];
  /** Offset of each group signal's first sample within a frame of this file. */
  frameOffsets: number[];
  frameSize: number;
  /** FLAC formats: the decoded channels (one per signal), read from sample `byteOffset` on. */
  flac?: Int32Array[];
}

interface ChecksumTally {
  checked: number;
  mismatches: string[];
}

/** Groups the signals of a single-segment header by file and checks formats and file sizes. */
function planSegment(header: WfdbHeader, headerName: string, files: FileSource, fail: Fail): SegmentPlan {
  const groups: SignalGroup[] = [];
  const byFile = new Map<string, SignalGroup>();
  header.signals.forEach((spec, idx) => {
    if (!SUPPORTED_FORMATS.has(spec.format) && !FLAC_FORMATS.has(spec.format)) fail(`signal format ${spec.format} is not supported`);
    let g = byFile.get(spec.fileName);
    if (g === undefined) {
      g = { fileName: spec.fileName, format: spec.format, bytes: new Uint8Array(0), byteOffset: spec.byteOffset, signals: [], frameOffsets: [], frameSize: 0 };
      byFile.set(spec.fileName, g);
      groups.push(g);
    } else if (g.format !== spec.format) {
      fail(`signals in ${spec.fileName} use different formats (${g.format} and ${spec.format})`);
    }
    g.signals.push(idx);
    g.frameOffsets.push(g.frameSize);
    g.frameSize += spec.samplesPerFrame;
  });
  let frames = header.samplesPerSignal;
  for (const g of groups) {
    const bytes = files.get(g.fileName);
    if (bytes === undefined) fail(`signal file '${g.fileName}' named in ${headerName} was not found`);
    g.bytes = bytes as Uint8Array;
    const available = g.bytes.length - g.byteOffset;
    if (FLAC_FORMATS.has(g.format)) {
      const flacFrames = planFlac(header, g, fail);
      if (header.samplesPerSignal === undefined) frames = frames === undefined ? flacFrames : Math.min(frames, flacFrames);
      continue;
    }
    if (available < 0) fail(`byte offset ${g.byteOffset} lies beyond the end of ${g.fileName} (${g.bytes.length} bytes)`);
    const framesInFile = Math.floor(samplesInBytes(g.format, available) / g.frameSize);
    if (header.samplesPerSignal === undefined) {
      frames = frames === undefined ? framesInFile : Math.min(frames, framesInFile);
    } else {
      const needed = bytesForSamples(g.format, header.samplesPerSignal * g.frameSize);
      if (needed > available) {
        fail(
          `signal file ${g.fileName} holds ${framesInFile} frames, the header declares ${header.samplesPerSignal} (file truncated?)`,
          g.bytes.length,
        );
      }
    }
  }
  return { header, headerName, frames: frames ?? 0, groups };
}

/**
 * FLAC signal files (WFDB 10.7 formats 508/516/524, libwfdb flac.c): one FLAC stream whose channels are the
 * file's signals (at most 8, equal samples per frame; sample k of frame t is channel sample t·spf + k), the
 * byte-offset field counting inter-channel samples, and a bit depth no larger than the format's.
 * Decodes the stream and returns the frames the record may use.
 */
function planFlac(header: WfdbHeader, g: SignalGroup, fail: Fail): number {
  const ns = g.signals.length;
  const spf = g.frameSize / ns;
  if (ns > 8) fail(`${g.fileName} holds ${ns} signals; a FLAC stream holds at most 8`);
  if (g.signals.some((s) => (header.signals[s] as WfdbSignalSpec).samplesPerFrame !== spf)) {
    fail(`the signals in FLAC file ${g.fileName} have different samples per frame`);
  }
  const declared = header.samplesPerSignal;
  const decoded = decodeFlac(g.bytes, {
    format: FORMAT,
    fileName: g.fileName,
    sampleLimit: declared === undefined ? undefined : g.byteOffset + declared * spf,
    maxSamples: Math.floor(MAX_OUTPUT_SAMPLES / ns),
  });
  const info = decoded.streamInfo;
  if (info.channels !== ns) fail(`FLAC file ${g.fileName} has ${info.channels} channels, the header assigns it ${ns} signals`);
  const bits = Math.max(info.bitsPerSample, decoded.stats.maxFrameBitsPerSample);
  if (bits > g.format - 500) fail(`FLAC file ${g.fileName} holds ${bits}-bit samples, format ${g.format} allows ${g.format - 500}`);
  g.flac = decoded.channels;
  const framesInFile = Math.floor(Math.max(0, decoded.samplesPerChannel - g.byteOffset) / spf);
  if (declared === undefined) return framesInFile;
  if (framesInFile < declared) {
    fail(`signal file ${g.fileName} holds ${framesInFile} frames, the header declares ${declared} (file truncated?)`, g.bytes.length);
  }
  return declared;
}

/** Copies frames [fr0, fr1) of a decoded FLAC group into `scratch` in signal-file order (frame by frame, signal by signal). */
function fillFromFlac(g: SignalGroup, fr0: number, fr1: number, scratch: Int32Array): void {
  const channels = g.flac as Int32Array[];
  const spf = g.frameSize / channels.length;
  channels.forEach((ch, j) => {
    for (let fr = fr0, o = j * spf; fr < fr1; fr++, o += g.frameSize) {
      const from = g.byteOffset + fr * spf;
      for (let i = 0; i < spf; i++) scratch[o + i] = ch[from + i] as number;
    }
  });
}

function physicalOf(spec: WfdbSignalSpec): (digital: number) => number {
  const invalid = invalidSampleValue(spec.format);
  const base = spec.baseline;
  const gain = spec.adcGain;
  return (d) => (d === invalid ? NaN : (d - base) / gain);
}

/**
 * Decodes frames [from, to) of one single-segment record into the targets, with `m` output samples per
 * frame (1 = frame averaging, else expansion). Verifies checksums when the whole segment is read.
 */
function decodeSegment(plan: SegmentPlan, from: number, to: number, targets: Target[], m: number, tally: ChecksumTally): void {
  const whole = from === 0 && to === plan.frames;
  const specs = plan.header.signals;
  for (const g of plan.groups) {
    const groupTargets = targets.filter((t) => g.signals.includes(t.signal));
    if (groupTargets.length === 0) continue;
    const sums = new Map<number, number>();
    const allPlain = g.signals.every((s) => (specs[s] as WfdbSignalSpec).samplesPerFrame === 1 && (specs[s] as WfdbSignalSpec).skew === 0);
    if (m === 1 && allPlain && g.format === 212) decode212(plan, g, from, to, groupTargets, sums);
    else if (m === 1 && allPlain && g.format === 16) decode16(plan, g, from, to, groupTargets, sums);
    else if (m === 1 && allPlain && g.flac !== undefined) decodeFlacPlain(plan, g, from, to, groupTargets, sums);
    else decodeGeneric(plan, g, from, to, groupTargets, m, sums);
    if (!whole) continue;
    for (const [s, sum] of sums) {
      const spec = specs[s] as WfdbSignalSpec;
      if (spec.checksum === undefined) continue;
      tally.checked++;
      const computed = ((sum % 65536) + 65536) % 65536;
      const declared = ((spec.checksum % 65536) + 65536) % 65536;
      if (computed !== declared) {
        const signed = computed >= 32768 ? computed - 65536 : computed;
        tally.mismatches.push(
          `checksum mismatch in signal ${s} (${spec.description || 'unnamed'}) of ${plan.headerName}: header says ${spec.checksum}, data gives ${signed}`,
        );
      }
    }
  }
}

/** Format 212 fast path: 12-bit pairs straight into the output arrays through a 4096-entry lookup table. */
function decode212(plan: SegmentPlan, g: SignalGroup, from: number, to: number, targets: Target[], sums: Map<number, number>): void {
  const ns = g.signals.length;
  const outs: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(ns).fill(undefined);
  const digs: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(ns).fill(undefined);
  const luts: Float32Array[] = [];
  const starts: number[] = new Array<number>(ns).fill(0);
  for (let j = 0; j < ns; j++) {
    const spec = plan.header.signals[g.signals[j] as number] as WfdbSignalSpec;
    const phys = physicalOf(spec);
    const lut = new Float32Array(4096);
    for (let raw = 0; raw < 4096; raw++) lut[raw] = phys((raw << 20) >> 20);
    luts.push(lut);
    const t = targets.find((x) => x.signal === g.signals[j]);
    if (t !== undefined) {
      outs[j] = t.out;
      digs[j] = t.digital;
      starts[j] = t.outStart - from;
    }
  }
  const bytes = g.bytes;
  const sum = new Float64Array(ns);
  if (ns === 2 && outs[0] !== undefined && outs[1] !== undefined && digs[0] === undefined && digs[1] === undefined) {
    // The common two-signal record (MIT-BIH): one frame = 3 bytes.
    const o0 = outs[0];
    const o1 = outs[1];
    const l0 = luts[0] as Float32Array;
    const l1 = luts[1] as Float32Array;
    const d0 = starts[0] as number;
    const d1 = starts[1] as number;
    let s0 = 0;
    let s1 = 0;
    let b = g.byteOffset + 3 * from;
    for (let f = from; f < to; f++, b += 3) {
      const mid = bytes[b + 1] as number;
      const r0 = (bytes[b] as number) | ((mid & 0x0f) << 8);
      const r1 = (bytes[b + 2] as number) | ((mid & 0xf0) << 4);
      o0[f + d0] = l0[r0] as number;
      o1[f + d1] = l1[r1] as number;
      s0 += (r0 << 20) >> 20;
      s1 += (r1 << 20) >> 20;
    }
    sum[0] = s0;
    sum[1] = s1;
  } else {
    // Sample-by-sample with a signal counter: any signal count, untargeted signals, digital copies.
    const counted = (fStart: number, fEnd: number): void => {
      let k = fStart * ns;
      const kEnd = fEnd * ns;
      let j = 0;
      let f = fStart;
      while (k < kEnd) {
        const b = g.byteOffset + 3 * (k >> 1);
        const raw =
          (k & 1) === 0
            ? (bytes[b] as number) | (((bytes[b + 1] as number) & 0x0f) << 8)
            : (bytes[b + 2] as number) | (((bytes[b + 1] as number) & 0xf0) << 4);
        const v = (raw << 20) >> 20;
        sum[j] = (sum[j] as number) + v;
        const o = outs[j];
        if (o !== undefined) {
          o[f + (starts[j] as number)] = (luts[j] as Float32Array)[raw] as number;
          const d = digs[j];
          if (d !== undefined) d[f + (starts[j] as number)] = v;
        }
        k++;
        if (++j === ns) {
          j = 0;
          f++;
        }
      }
    };
    let f = from;
    if (outs.every((o) => o !== undefined) && digs.every((d) => d === undefined)) {
      // Two frames always hold ns whole pairs, so a fixed pair → (signal, frame) table removes the counter.
      if ((from * ns) % 2 === 1 && f < to) counted(f, ++f);
      const sigA = new Int32Array(ns);
      const sigB = new Int32Array(ns);
      const offA = new Int32Array(ns);
      const offB = new Int32Array(ns);
      for (let p = 0; p < ns; p++) {
        sigA[p] = (2 * p) % ns;
        sigB[p] = (2 * p + 1) % ns;
        offA[p] = (starts[sigA[p] as number] as number) + Math.floor((2 * p) / ns);
        offB[p] = (starts[sigB[p] as number] as number) + Math.floor((2 * p + 1) / ns);
      }
      const o = outs as Float32Array[];
      let b = g.byteOffset + 3 * ((f * ns) >> 1);
      for (; f + 2 <= to; f += 2) {
        for (let p = 0; p < ns; p++, b += 3) {
          const mid = bytes[b + 1] as number;
          const r0 = (bytes[b] as number) | ((mid & 0x0f) << 8);
          const r1 = (bytes[b + 2] as number) | ((mid & 0xf0) << 4);
          const a = sigA[p] as number;
          const c = sigB[p] as number;
          (o[a] as Float32Array)[f + (offA[p] as number)] = (luts[a] as Float32Array)[r0] as number;
          (o[c] as Float32Array)[f + (offB[p] as number)] = (luts[c] as Float32Array)[r1] as number;
          sum[a] = (sum[a] as number) + ((r0 << 20) >> 20);
          sum[c] = (sum[c] as number) + ((r1 << 20) >> 20);
        }
      }
    }
    counted(f, to);
  }
  for (let j = 0; j < ns; j++) if (outs[j] !== undefined) sums.set(g.signals[j] as number, sum[j] as number);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Format 16 fast path: little-endian 16-bit samples straight into the output arrays. */
function decode16(plan: SegmentPlan, g: SignalGroup, from: number, to: number, targets: Target[], sums: Map<number, number>): void {
  const ns = g.signals.length;
  const bytes = g.bytes;
  const start = bytes.byteOffset + g.byteOffset + 2 * from * ns;
  // An aligned Int16Array view reads each sample with one load on little-endian hosts.
  const words = LITTLE_ENDIAN_HOST && start % 2 === 0 ? new Int16Array(bytes.buffer, start, (to - from) * ns) : undefined;
  for (let j = 0; j < ns; j++) {
    const t = targets.find((x) => x.signal === g.signals[j]);
    if (t === undefined) continue;
    const spec = plan.header.signals[g.signals[j] as number] as WfdbSignalSpec;
    const base = spec.baseline;
    const scale = 1 / spec.adcGain;
    const out = t.out;
    const dig = t.digital;
    const n = to - from;
    let sum = 0;
    if (words !== undefined && dig === undefined) {
      for (let i = 0, w = j, o = t.outStart; i < n; i++, w += ns, o++) {
        const v = words[w] as number;
        sum += v;
        out[o] = v === -32768 ? NaN : (v - base) * scale;
      }
    } else {
      for (let i = 0, b = g.byteOffset + 2 * (from * ns + j), o = t.outStart; i < n; i++, b += 2 * ns, o++) {
        const v = (((bytes[b + 1] as number) << 24) >> 16) | (bytes[b] as number);
        sum += v;
        out[o] = v === -32768 ? NaN : (v - base) * scale;
        if (dig !== undefined) dig[o] = v;
      }
    }
    sums.set(g.signals[j] as number, sum);
  }
}

/** FLAC fast path (one sample per frame, no skew): decoded channels straight into the output arrays. */
function decodeFlacPlain(plan: SegmentPlan, g: SignalGroup, from: number, to: number, targets: Target[], sums: Map<number, number>): void {
  for (const t of targets) {
    const j = g.signals.indexOf(t.signal);
    const spec = plan.header.signals[t.signal] as WfdbSignalSpec;
    const ch = (g.flac as Int32Array[])[j] as Int32Array;
    const invalid = invalidSampleValue(spec.format);
    const base = spec.baseline;
    const scale = 1 / spec.adcGain;
    const { out, digital, outStart } = t;
    let sum = 0;
    for (let i = g.byteOffset + from, o = outStart, end = g.byteOffset + to; i < end; i++, o++) {
      const v = ch[i] as number;
      sum += v;
      out[o] = v === invalid ? NaN : (v - base) * scale;
    }
    digital?.set(ch.subarray(g.byteOffset + from, g.byteOffset + to), outStart);
    sums.set(t.signal, sum);
  }
}

/** Any supported format, samples per frame, skew and format-8 differences, decoded in bounded chunks. */
function decodeGeneric(
  plan: SegmentPlan,
  g: SignalGroup,
  from: number,
  to: number,
  targets: Target[],
  m: number,
  sums: Map<number, number>,
): void {
  const specs = plan.header.signals;
  const nFrames = plan.frames;
  const nOut = to - from;
  const isDiff = g.format === 8;
  let maxSkew = 0;
  for (const t of targets) maxSkew = Math.max(maxSkew, (specs[t.signal] as WfdbSignalSpec).skew);
  const frStart = isDiff ? 0 : from;
  const frEnd = Math.min(nFrames, to + maxSkew);
  const chunkFrames = Math.max(1, Math.floor(65536 / g.frameSize));
  const scratch = new Int32Array(chunkFrames * g.frameSize);
  const state = targets.map((t) => {
    const spec = specs[t.signal] as WfdbSignalSpec;
    const j = g.signals.indexOf(t.signal);
    // Samples whose skewed position lies past the end of the file stay invalid.
    const firstMissing = Math.max(0, nFrames - spec.skew - from);
    if (firstMissing < nOut) {
      t.out.fill(NaN, t.outStart + firstMissing * m, t.outStart + nOut * m);
      t.digital?.fill(invalidSampleValue(spec.format) ?? 0, t.outStart + firstMissing * m, t.outStart + nOut * m);
    }
    return { t, spec, offset: g.frameOffsets[j] as number, acc: spec.initialValue, sum: 0, phys: physicalOf(spec) };
  });
  const values = new Float64Array(targets.reduce((mx, t) => Math.max(mx, (specs[t.signal] as WfdbSignalSpec).samplesPerFrame), 1));
  for (let c0 = frStart; c0 < frEnd; c0 += chunkFrames) {
    const c1 = Math.min(frEnd, c0 + chunkFrames);
    if (g.flac !== undefined) fillFromFlac(g, c0, c1, scratch);
    else decodeSampleStream(g.format, g.bytes, g.byteOffset, c0 * g.frameSize, (c1 - c0) * g.frameSize, scratch, 0);
    for (const st of state) {
      const spf = st.spec.samplesPerFrame;
      const invalid = invalidSampleValue(st.spec.format);
      const { out, digital, outStart } = st.t;
      for (let fr = c0; fr < c1; fr++) {
        let p = (fr - c0) * g.frameSize + st.offset;
        let anyInvalid = false;
        let frameSum = 0;
        for (let i = 0; i < spf; i++, p++) {
          let v = scratch[p] as number;
          if (isDiff) {
            st.acc += v;
            v = st.acc;
          }
          values[i] = v;
          frameSum += v;
          if (v === invalid) anyInvalid = true;
        }
        if (fr < nFrames) st.sum += frameSum;
        const t = fr - st.spec.skew - from;
        if (t < 0 || t >= nOut) continue;
        if (m === 1) {
          const o = outStart + t;
          if (spf === 1) {
            out[o] = st.phys(values[0] as number);
            if (digital !== undefined) digital[o] = values[0] as number;
          } else {
            // Integer mean truncated toward zero, as the WFDB library's getvec (and rdsamp) report it.
            const mean = Math.trunc(frameSum / spf);
            out[o] = anyInvalid ? NaN : (mean - st.spec.baseline) / st.spec.adcGain;
            if (digital !== undefined) digital[o] = anyInvalid ? (invalid as number) : mean;
          }
        } else {
          const o = outStart + t * m;
          for (let i = 0; i < m; i++) {
            const v = values[Math.floor((i * spf) / m)] as number;
            out[o + i] = st.phys(v);
            if (digital !== undefined) digital[o + i] = v;
          }
        }
      }
    }
  }
  for (const st of state) sums.set(st.t.signal, st.sum);
}

function parsePatient(comments: readonly string[]): PatientInfo {
  const patient: PatientInfo = {};
  const text = comments.join('\n');
  const age = /(?:^|\s|<)age>?:\s*(\d{1,3})\b/im.exec(text);
  const sex = /(?:^|\s|<)sex>?:\s*(male|female|m|f)\b/im.exec(text);
  if (age !== null) patient.ageYears = Number(age[1]);
  if (sex !== null) patient.sex = (sex[1] as string).toUpperCase().startsWith('M') ? 'M' : 'F';
  if (age === null && sex === null && comments[0] !== undefined) {
    // MIT-BIH style first comment: "69 M 1085 1629 x1" (age, sex, then ids).
    for (const c of comments) {
      const mit = /^(\d{1,3}|\?+)\s+([MF?])(?:\s|$)/.exec(c);
      if (mit === null) continue;
      if (/^\d+$/.test(mit[1] as string)) patient.ageYears = Number(mit[1]);
      if (mit[2] !== '?') patient.sex = mit[2] as 'M' | 'F';
      break;
    }
  }
  return patient;
}

function isoStart(baseDate: string | undefined, baseTime: string | undefined): string | undefined {
  if (baseDate === undefined) return undefined;
  const [d, mo, y] = baseDate.split('/').map(Number) as [number, number, number];
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  let time = '00:00:00';
  if (baseTime !== undefined) {
    const parts = baseTime.split(':');
    const sec = parts.pop() as string;
    const [h = '0', mi = '0'] = parts.length === 2 ? parts : parts.length === 1 ? ['0', parts[0] as string] : ['0', '0'];
    const [whole, frac] = sec.split('.');
    time = `${pad(Number(h))}:${pad(Number(mi))}:${pad(Number(whole))}${frac === undefined ? '' : `.${frac}`}`;
  }
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${time}`;
}

function leadFor(spec: WfdbSignalSpec, samples: Float32Array, digital: Int32Array | undefined, index: number): EcgLead {
  const originalName = spec.description || `signal ${index}`;
  const details: Record<string, unknown> = {
    signalIndex: index,
    fileName: spec.fileName,
    storageFormat: spec.format,
    samplesPerFrame: spec.samplesPerFrame,
    skew: spec.skew,
    byteOffset: spec.byteOffset,
    adcGain: spec.adcGain,
    baseline: spec.baseline,
    adcResolutionBits: spec.adcResolutionBits,
    adcZero: spec.adcZero,
    initialValue: spec.initialValue,
    checksum: spec.checksum,
    blockSize: spec.blockSize,
    units: spec.units,
  };
  if (spec.gainWasZero) details['uncalibrated'] = true;
  if (digital !== undefined) details['digital'] = digital;
  return { name: normalizeLeadName(originalName), originalName, unit: normalizeUnit(spec.units), samples, details };
}

function checkRange(totalFrames: number, options: ReadWfdbOptions, nChannels: number, fail: Fail): { from: number; to: number; channels: number[] } {
  const from = options.sampleFrom ?? 0;
  const to = Math.min(options.sampleTo ?? totalFrames, totalFrames);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) {
    fail(`sample range ${options.sampleFrom ?? 0}–${options.sampleTo ?? totalFrames} is not within the record's ${totalFrames} frames`);
  }
  const channels = options.channels === undefined ? Array.from({ length: nChannels }, (_, i) => i) : [...options.channels];
  for (const c of channels) {
    if (!Number.isInteger(c) || c < 0 || c >= nChannels) fail(`channel ${c} does not exist (the record has ${nChannels} signals)`);
  }
  if (new Set(channels).size !== channels.length) fail('a channel is listed twice');
  return { from, to, channels };
}

function allocate(nLeads: number, length: number, keepDigital: boolean, fail: Fail): { out: Float32Array[]; digital: (Int32Array | undefined)[] } {
  if (nLeads * length > MAX_OUTPUT_SAMPLES) {
    fail(`the record would need ${nLeads * length} sample values in memory, more than the ${MAX_OUTPUT_SAMPLES} limit; read a range`);
  }
  return {
    out: Array.from({ length: nLeads }, () => new Float32Array(length)),
    digital: Array.from({ length: nLeads }, () => (keepDigital ? new Int32Array(length) : undefined)),
  };
}

interface Decoded {
  header: WfdbHeader;
  leads: EcgLead[];
  frameRateHz: number;
  samplesPerFrameOut: number;
  samplesPerLead: number;
  tally: ChecksumTally;
  metadata: Record<string, unknown>;
}

function readSingle(header: WfdbHeader, headerName: string, files: FileSource, options: ReadWfdbOptions, fail: Fail): Decoded {
  const plan = planSegment(header, headerName, files, fail);
  const { from, to, channels } = checkRange(plan.frames, options, header.signals.length, fail);
  const m = options.expandFrames === true ? header.signals.reduce((mx, s) => Math.max(mx, s.samplesPerFrame), 1) : 1;
  const { out, digital } = allocate(channels.length, (to - from) * m, options.keepDigital === true, fail);
  const targets: Target[] = channels.map((signal, i) => ({ signal, out: out[i] as Float32Array, digital: digital[i], outStart: 0 }));
  const tally: ChecksumTally = { checked: 0, mismatches: [] };
  decodeSegment(plan, from, to, targets, m, tally);
  const leads = channels.map((c, i) => leadFor(header.signals[c] as WfdbSignalSpec, out[i] as Float32Array, digital[i], c));
  return { header, leads, frameRateHz: header.samplingRateHz, samplesPerFrameOut: m, samplesPerLead: (to - from) * m, tally, metadata: {} };
}

function readMulti(header: WfdbHeader, headerName: string, files: FileSource, options: ReadWfdbOptions, fail: Fail): Decoded {
  const readHeader = (name: string): WfdbHeader => {
    const file = `${name}.hea`;
    const bytes = files.get(file);
    if (bytes === undefined) fail(`segment header '${file}' of multi-segment record ${header.recordName} was not found`);
    const h = parseWfdbHeader(bytes as Uint8Array, file);
    if (h.segmentCount !== undefined) fail(`segment ${name} is itself a multi-segment record`);
    return h;
  };
  const segs = header.segments;
  const first = segs[0];
  const variable = first !== undefined && first.name !== '~' && first.samplesPerSignal === 0;
  let layout: WfdbHeader | undefined;
  if (variable) layout = readHeader(first.name);
  else {
    const firstReal = segs.find((s) => s.name !== '~' && s.samplesPerSignal > 0);
    if (firstReal !== undefined) layout = readHeader(firstReal.name);
  }
  if (layout === undefined) fail(`multi-segment record ${header.recordName} has no segment with signals`);
  const layoutSignals = (layout as WfdbHeader).signals;
  const nChannels = layoutSignals.length;
  let totalFrames = 0;
  const starts: number[] = [];
  for (const s of segs) {
    starts.push(totalFrames);
    totalFrames += s.samplesPerSignal;
  }
  const { from, to, channels } = checkRange(totalFrames, options, nChannels, fail);
  // Plan every segment the range touches before allocating, so missing or short files fail early.
  const plans: { plan: SegmentPlan | undefined; segFrom: number; segTo: number; outFrame: number }[] = [];
  let maxSpf = 1;
  segs.forEach((s, i) => {
    const start = starts[i] as number;
    const end = start + s.samplesPerSignal;
    if (s.samplesPerSignal === 0 || end <= from || start >= to) return;
    const segFrom = Math.max(from, start) - start;
    const segTo = Math.min(to, end) - start;
    let plan: SegmentPlan | undefined;
    if (s.name !== '~') {
      const h = readHeader(s.name);
      plan = planSegment(h, `${s.name}.hea`, files, fail);
      if (plan.frames < s.samplesPerSignal) fail(`segment ${s.name} has ${plan.frames} frames, the master header declares ${s.samplesPerSignal}`);
      for (const sig of h.signals) maxSpf = Math.max(maxSpf, sig.samplesPerFrame);
    }
    plans.push({ plan, segFrom, segTo, outFrame: start + segFrom - from });
  });
  const m = options.expandFrames === true ? maxSpf : 1;
  const { out, digital } = allocate(channels.length, (to - from) * m, options.keepDigital === true, fail);
  const tally: ChecksumTally = { checked: 0, mismatches: [] };
  const fillInvalid = (lead: number, a: number, b: number): void => {
    (out[lead] as Float32Array).fill(NaN, a, b);
    const spec = layoutSignals[channels[lead] as number] as WfdbSignalSpec;
    digital[lead]?.fill(-(2 ** (Math.min(spec.adcResolutionBits, 32) - 1)), a, b);
  };
  for (const { plan, segFrom, segTo, outFrame } of plans) {
    const a = outFrame * m;
    const b = (outFrame + segTo - segFrom) * m;
    const targets: Target[] = [];
    channels.forEach((c, lead) => {
      let signal = -1;
      if (plan !== undefined) {
        const sigs = plan.header.signals;
        if (variable) signal = sigs.findIndex((s) => s.description === (layoutSignals[c] as WfdbSignalSpec).description);
        else if (c < sigs.length) signal = c;
      }
      if (signal < 0) fillInvalid(lead, a, b);
      else targets.push({ signal, out: out[lead] as Float32Array, digital: digital[lead], outStart: a });
    });
    if (plan !== undefined && targets.length > 0) decodeSegment(plan, segFrom, segTo, targets, m, tally);
  }
  const leads = channels.map((c, i) => leadFor(layoutSignals[c] as WfdbSignalSpec, out[i] as Float32Array, digital[i], c));
  const metadata = {
    segments: segs.map((s) => ({ name: s.name, samplesPerSignal: s.samplesPerSignal })),
    layout: variable ? 'variable' : 'fixed',
  };
  return { header, leads, frameRateHz: header.samplingRateHz, samplesPerFrameOut: m, samplesPerLead: (to - from) * m, tally, metadata };
}

/**
 * Reads a WFDB record (header(5), signal(5), annot(5): https://physionet.org/physiotools/wag/).
 * `bytes` is the .hea text, or a signal file (.dat/.mat) whose `<stem>.hea` is read through
 * ctx.readSibling; signal files, segment headers and `<record>.atr` come through ctx.readSibling.
 * Samples are physical values ((digital − baseline) / gain) in the lead's unit; invalid samples are NaN.
 */
export function readWfdb(bytes: Uint8Array, ctx: ReadContext, options: ReadWfdbOptions = {}): EcgRecord {
  const fileName = ctx.fileName;
  const fail: Fail = (reason, byteOffset) => {
    throw new FormatError({ format: FORMAT, file: fileName, reason, byteOffset });
  };
  if (bytes.length === 0) fail('the file is empty');
  const ext = extensionOf(fileName);
  let headerBytes = bytes;
  let headerName = baseName(fileName);
  let files: FileSource;
  if (ext === '.hea' || (ext !== '.dat' && ext !== '.mat' && looksLikeWfdbHeader(decodeHeaderText(bytes.subarray(0, 4096))))) {
    files = new FileSource(ctx, undefined);
  } else {
    headerName = `${stemOf(fileName)}.hea`;
    files = new FileSource(ctx, bytes);
    const h = files.get(headerName);
    if (h === undefined) fail(`the header ${headerName} for this signal file was not found beside it`);
    headerBytes = h as Uint8Array;
  }
  const header = parseWfdbHeader(headerBytes, headerName);
  const decoded =
    header.segmentCount === undefined
      ? readSingle(header, headerName, files, options, fail)
      : readMulti(header, headerName, files, options, fail);
  const record = emptyRecord({
    format: 'wfdb',
    name: header.recordName,
    samplingRateHz: decoded.frameRateHz * decoded.samplesPerFrameOut,
    samplesPerLead: decoded.samplesPerLead,
    leads: decoded.leads,
  });
  record.patient = parsePatient(header.comments);
  const startTime = isoStart(header.baseDate, header.baseTime);
  if (startTime !== undefined) record.acquisition.startTime = startTime;
  record.metadata = {
    ...decoded.metadata,
    comments: header.comments,
    frameRateHz: header.samplingRateHz,
    samplesPerFrameOut: decoded.samplesPerFrameOut,
    sampleFrom: options.sampleFrom ?? 0,
    totalSamplesPerSignal: header.samplesPerSignal,
    checksumsVerified: decoded.tally.checked - decoded.tally.mismatches.length,
    checksumsMismatched: decoded.tally.mismatches.length,
  };
  if (header.counterFrequencyHz !== undefined) record.metadata['counterFrequencyHz'] = header.counterFrequencyHz;
  if (header.baseCounterValue !== undefined) record.metadata['baseCounterValue'] = header.baseCounterValue;
  if (header.baseTime !== undefined) record.metadata['baseTime'] = header.baseTime;
  if (header.baseDate !== undefined) record.metadata['baseDate'] = header.baseDate;
  record.warnings.push(...decoded.tally.mismatches);
  const annotator = options.annotator ?? 'atr';
  if (annotator !== false) {
    const annName = `${header.recordName}.${annotator}`;
    const annBytes = files.get(annName);
    if (annBytes !== undefined) {
      try {
        const ann = readWfdbAnnotationFile(annBytes, annName);
        const scale = decoded.samplesPerFrameOut;
        const from = (options.sampleFrom ?? 0) * scale;
        record.annotations = ann.annotations
          .map((a): EcgAnnotation => ({ ...a, sampleIdx: a.sampleIdx * scale - from }))
          .filter((a) => a.sampleIdx >= 0 && a.sampleIdx < record.samplesPerLead);
        record.metadata['annotator'] = annotator;
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        record.warnings.push(`annotation file ${annName} could not be read: ${err.reason}`);
      }
    }
  }
  return record;
}

/**
 * Sniff: a text header whose first specification line follows the WFDB record-line grammar (and, without
 * a .hea extension, that parses as a whole); .dat and WFDB .mat signal files are only plausible.
 */
function sniffWfdb(bytes: Uint8Array, fileName: string): number {
  const ext = extensionOf(fileName);
  if (bytes.length === 0) return 0;
  if (ext === '.dat') return 0.3;
  if (ext === '.mat') {
    // WFDB-compatible MATLAB v4 signal files hold one int16 matrix named 'val' (type 30, name length 4).
    return bytes.length >= 24 && bytes[0] === 30 && bytes[16] === 4 && bytes[20] === 0x76 && bytes[21] === 0x61 && bytes[22] === 0x6c ? 0.3 : 0;
  }
  const head = bytes.subarray(0, 4096);
  for (const b of head) if (b === 0) return 0;
  if (!looksLikeWfdbHeader(decodeHeaderText(head))) return 0;
  if (ext === '.hea') return 0.95;
  if (bytes.length > 1 << 20) return 0;
  try {
    const h = parseWfdbHeader(bytes, fileName);
    // Whitespace-separated number tables can parse as a header; real signal lines name files in known formats.
    const plausible = h.signals.every(
      (sig) => /[A-Za-z.~]/.test(sig.fileName) && (SUPPORTED_FORMATS.has(sig.format) || FLAC_FORMATS.has(sig.format)),
    );
    return plausible && (h.signalCount > 0 || h.segmentCount !== undefined) ? 0.6 : 0;
  } catch {
    return 0;
  }
}

export const wfdbReader: FormatReader = {
  format: 'wfdb',
  title: 'WFDB (PhysioNet)',
  extensions: ['.hea', '.dat', '.mat'],
  sniff: sniffWfdb,
  read: (bytes, ctx) => readWfdb(bytes, ctx),
};
