// Writes an EcgRecord as a WFDB record: a .hea header and a format 16 or 212 .dat signal file (+ .atr).
import type { EcgLead, EcgRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { WrittenFile } from '../../shared/formatReader';
import { millivoltsPerUnit } from '../../shared/units';
import { writeWfdbAnnotations } from './writeWfdbAnnotations';

export interface WriteWfdbOptions {
  /** Storage format (default: 212 when every lead came from format 212, else 16). */
  format?: 16 | 212;
  /** Write `<base>.atr` from record.annotations when there are any (default true). */
  annotations?: boolean;
}

interface Scaling {
  adcGain: number;
  baseline: number;
}

const RANGE: Record<16 | 212, { min: number; max: number; invalid: number; bits: number }> = {
  16: { min: -32767, max: 32767, invalid: -32768, bits: 16 },
  212: { min: -2047, max: 2047, invalid: -2048, bits: 12 },
};

function fits(values: Float32Array, s: Scaling, min: number, max: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const d = Math.round(x * s.adcGain + s.baseline);
    if (!(d >= min && d <= max)) return false;
  }
  return true;
}

/** Three significant digits, rounded down, so a chosen gain never overflows the range it was fitted to. */
function niceFloor(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Math.floor(x / p) * p;
}

/**
 * ADC gain and baseline for one lead: the lead's own (when it was read from WFDB and fits), else the
 * conventional gain (200 adu/mV for 212, 1000 adu/mV for 16) when the data fits, else a gain scaled
 * to the data's range, centred when the signal sits far from zero.
 */
function chooseScaling(lead: EcgLead, format: 16 | 212): Scaling {
  const { min, max } = RANGE[format];
  const d = lead.details;
  const own = d !== undefined && typeof d['adcGain'] === 'number' && typeof d['baseline'] === 'number'
    ? { adcGain: d['adcGain'] as number, baseline: d['baseline'] as number }
    : undefined;
  if (own !== undefined && own.adcGain > 0 && Number.isInteger(own.baseline) && fits(lead.samples, own, min, max)) return own;
  const perMv = millivoltsPerUnit(lead.unit);
  const conventional = (format === 212 ? 200 : 1000) * (perMv ?? 1);
  if (fits(lead.samples, { adcGain: conventional, baseline: 0 }, min, max)) return { adcGain: conventional, baseline: 0 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of lead.samples) {
    if (Number.isNaN(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo === Infinity) return { adcGain: conventional, baseline: 0 };
  const maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const zeroBased = { adcGain: niceFloor((max - 1) / maxAbs), baseline: 0 };
  const span = hi - lo;
  if (span === 0 || maxAbs <= span) return zeroBased;
  const adcGain = niceFloor((2 * max - 2) / span);
  return { adcGain, baseline: -Math.round(((hi + lo) / 2) * adcGain) };
}

function formatGain(g: number): string {
  return Number.isInteger(g) ? g.toFixed(0) : String(Number(g.toPrecision(12)));
}

function ownDigital(lead: EcgLead, s: Scaling, n: number, min: number, max: number): Int32Array | undefined {
  const d = lead.details;
  const digital = d?.['digital'];
  if (!(digital instanceof Int32Array) || digital.length !== n) return undefined;
  if (d?.['adcGain'] !== s.adcGain || d?.['baseline'] !== s.baseline) return undefined;
  for (let i = 0; i < n; i++) {
    const v = digital[i] as number;
    if (Number.isNaN(lead.samples[i]) ? false : v < min || v > max) return undefined;
  }
  return digital;
}

/**
 * Writes a WFDB record (header(5) and signal(5): https://physionet.org/physiotools/wag/) in format 16
 * or 212, with per-signal checksums and initial values. NaN samples become the format's invalid value.
 * Leads that carry their WFDB ADC gain, baseline (and digital values) keep them, so a record read from
 * WFDB is written back with identical digital samples.
 */
export function writeWfdb(record: EcgRecord, baseName: string, options: WriteWfdbOptions = {}): WrittenFile[] {
  if (!/^[A-Za-z0-9_-]+$/.test(baseName)) {
    throw new FormatError({ format: 'wfdb', reason: `record name '${baseName}' may hold only letters, digits, '_' and '-'` });
  }
  if (record.leads.length === 0) throw new FormatError({ format: 'wfdb', reason: 'the record has no leads to write' });
  const format: 16 | 212 =
    options.format ?? (record.leads.every((l) => l.details?.['storageFormat'] === 212) ? 212 : 16);
  const { min, max, invalid, bits } = RANGE[format];
  const n = record.samplesPerLead;
  const ns = record.leads.length;
  const digital: Int32Array[] = [];
  const scalings: Scaling[] = [];
  for (const lead of record.leads) {
    if (lead.samples.length !== n) {
      throw new FormatError({ format: 'wfdb', reason: `lead ${lead.name} has ${lead.samples.length} samples, expected ${n}` });
    }
    const s = chooseScaling(lead, format);
    scalings.push(s);
    let d = ownDigital(lead, s, n, min, max);
    if (d === undefined) {
      d = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const x = lead.samples[i] as number;
        d[i] = Number.isNaN(x) ? invalid : Math.min(max, Math.max(min, Math.round(x * s.adcGain + s.baseline)));
      }
    } else {
      // Invalid samples must carry the target format's invalid value.
      const copy = new Int32Array(d);
      for (let i = 0; i < n; i++) if (Number.isNaN(lead.samples[i])) copy[i] = invalid;
      d = copy;
    }
    digital.push(d);
  }
  const total = n * ns;
  const dat = new Uint8Array(format === 16 ? 2 * total : 3 * Math.ceil(total / 2));
  if (format === 16) {
    let b = 0;
    for (let f = 0; f < n; f++) {
      for (let j = 0; j < ns; j++, b += 2) {
        const v = (digital[j] as Int32Array)[f] as number;
        dat[b] = v & 0xff;
        dat[b + 1] = (v >> 8) & 0xff;
      }
    }
  } else {
    for (let k = 0; k < total; k += 2) {
      const v0 = (digital[k % ns] as Int32Array)[Math.floor(k / ns)] as number;
      const v1 = k + 1 < total ? ((digital[(k + 1) % ns] as Int32Array)[Math.floor((k + 1) / ns)] as number) : 0;
      const b = (3 * k) / 2;
      dat[b] = v0 & 0xff;
      dat[b + 1] = ((v0 >> 8) & 0x0f) | ((v1 >> 4) & 0xf0);
      dat[b + 2] = v1 & 0xff;
    }
  }
  const lines: string[] = [];
  let recordLine = `${baseName} ${ns} ${Number(record.samplingRateHz.toPrecision(12))} ${n}`;
  const start = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(record.acquisition.startTime ?? '');
  if (start !== null) recordLine += ` ${start[4]} ${start[3]}/${start[2]}/${start[1]}`;
  lines.push(recordLine);
  record.leads.forEach((lead, j) => {
    const d = digital[j] as Int32Array;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[i] as number;
    const c = ((sum % 65536) + 65536) % 65536;
    const checksum = c >= 32768 ? c - 65536 : c;
    const s = scalings[j] as Scaling;
    // A lead written with its own WFDB scaling keeps its ADC resolution and zero as well.
    const det = lead.details ?? {};
    const own = det['adcGain'] === s.adcGain && det['baseline'] === s.baseline;
    const res = own && typeof det['adcResolutionBits'] === 'number' && det['adcResolutionBits'] <= bits ? det['adcResolutionBits'] : bits;
    const zero = own && typeof det['adcZero'] === 'number' && Number.isInteger(det['adcZero']) ? det['adcZero'] : 0;
    const unit = lead.unit.replace(/\s+/g, '_') || 'mV';
    const desc = (lead.originalName || lead.name).replace(/[\r\n]+/g, ' ');
    lines.push(`${baseName}.dat ${format} ${formatGain(s.adcGain)}(${s.baseline})/${unit} ${res} ${zero} ${n > 0 ? (d[0] as number) : 0} ${checksum} 0 ${desc}`);
  });
  const comments = record.metadata['comments'];
  if (Array.isArray(comments)) {
    for (const c of comments) if (typeof c === 'string') lines.push(`# ${c.replace(/[\r\n]+/g, ' ')}`);
  }
  const files: WrittenFile[] = [
    { name: `${baseName}.hea`, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) },
    { name: `${baseName}.dat`, bytes: dat },
  ];
  if (options.annotations !== false && record.annotations.length > 0) {
    files.push({ name: `${baseName}.atr`, bytes: writeWfdbAnnotations(record.annotations) });
  }
  return files;
}
