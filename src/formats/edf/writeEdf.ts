// EDF+C writer: 16-bit data records with an 'EDF Annotations' signal carrying the record's annotations.
import type { EcgAnnotation, EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { encodeTal, formatEdfPlusDate, formatPrefiltering } from './edfPlus';

const DIGITAL_MIN = -32768;
const DIGITAL_MAX = 32767;
/** EDF recommends data records of at most 61440 bytes. */
const MAX_RECORD_BYTES = 61440;
/** Record durations tried, in order of preference (whole seconds first, then divisors of 1 s). */
const DURATIONS_SEC = [1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.04, 0.025, 0.02, 0.01, 0.005, 0.002, 0.001, 2, 5, 10];

/** Writes `text` into `out` at `offset`, padded with spaces to `width`; non-printable ASCII becomes '_'. */
function putAscii(out: Uint8Array, offset: number, width: number, text: string): void {
  for (let i = 0; i < width; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    out[offset + i] = c >= 0x20 && c <= 0x7e ? c : 0x5f;
  }
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A number in at most `width` characters, rounded in `direction`; throws when it cannot fit. */
export function formatEdfNumber(value: number, direction: 'down' | 'up' | 'nearest', width = 8): string {
  for (let decimals = 6; decimals >= 0; decimals--) {
    const scale = 10 ** decimals;
    const scaled = value * scale;
    const rounded = direction === 'down' ? Math.floor(scaled + 1e-9) : direction === 'up' ? Math.ceil(scaled - 1e-9) : Math.round(scaled);
    const text = trimZeros((rounded / scale).toFixed(decimals));
    if (text.length <= width) return text === '-0' ? '0' : text;
  }
  throw new UsageError(`cannot write ${value} in an ${width}-character EDF header field`);
}

/** Samples per data record and the record duration text: integer samples, small records, no padding if possible. */
function chooseRecordLayout(samplingRateHz: number, samplesPerLead: number, signalCount: number): { spr: number; durationText: string } {
  const options: { spr: number; durationText: string }[] = [];
  for (const d of DURATIONS_SEC) {
    const n = samplingRateHz * d;
    const spr = Math.round(n);
    if (spr < 1 || Math.abs(n - spr) > 1e-9 * n) continue;
    const durationText = formatEdfNumber(d, 'nearest');
    if (Math.abs(Number(durationText) * samplingRateHz - spr) > 1e-9 * spr) continue;
    options.push({ spr, durationText });
  }
  const fits = (o: { spr: number }) => o.spr * signalCount * 2 <= MAX_RECORD_BYTES;
  const choice =
    options.find((o) => fits(o) && samplesPerLead % o.spr === 0) ?? options.find(fits) ?? options[0];
  if (choice === undefined) {
    throw new UsageError(`cannot write EDF: no data-record duration gives a whole number of samples at ${samplingRateHz} Hz`);
  }
  return choice;
}

function annotationText(a: EcgAnnotation): string {
  if (a.code === 'note') return a.aux ?? '';
  return a.aux !== undefined && a.aux !== '' ? `${a.code} ${a.aux}` : a.code;
}

function edfStart(startTime: string | undefined): { date: string; time: string; plusDate: string } {
  const m = startTime === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(startTime);
  if (m === null) return { date: '01.01.85', time: '00.00.00', plusDate: 'X' };
  const [, y, mo, d, h, mi, s] = m as unknown as [string, string, string, string, string, string, string];
  return { date: `${d}.${mo}.${y.slice(2)}`, time: `${h}.${mi}.${s}`, plusDate: formatEdfPlusDate(`${y}-${mo}-${d}`) ?? 'X' };
}

function field(value: string | undefined): string {
  return value === undefined || value.trim() === '' ? 'X' : value.trim().replace(/\s+/g, '_');
}

/**
 * Writes `record` as EDF+C (Kemp & Olivan 2003): 16-bit samples, physical range = data range plus a 1 %
 * margin, data records of 1 s (or the largest listed divisor giving whole samples), and an 'EDF Annotations'
 * signal with one time-keeping TAL per record plus the record's annotations. NaN samples are written as the
 * digital minimum, which lies in the margin below the data. A final partial record is padded the same way.
 */
export function writeEdf(record: EcgRecord): Uint8Array {
  if (record.leads.length === 0) throw new UsageError('cannot write EDF: the record has no leads');
  const rate = record.samplingRateHz;
  const signalCount = record.leads.length + 1;
  const { spr, durationText } = chooseRecordLayout(rate, record.samplesPerLead, signalCount);
  const numRecords = Math.max(1, Math.ceil(record.samplesPerLead / spr));
  const recordDurationSec = Number(durationText);

  // TALs per data record: the time-keeping TAL first, then annotations whose onset falls in that record.
  const talsPerRecord: Uint8Array[][] = [];
  for (let r = 0; r < numRecords; r++) talsPerRecord.push([encodeTal({ onsetSec: r * recordDurationSec, texts: [] })]);
  for (const a of record.annotations) {
    const r = Math.min(numRecords - 1, Math.max(0, Math.floor(a.sampleIdx / spr)));
    const tal = { onsetSec: a.sampleIdx / rate, texts: [annotationText(a)] };
    (talsPerRecord[r] as Uint8Array[]).push(
      encodeTal(a.durationSamples === undefined ? tal : { ...tal, durationSec: a.durationSamples / rate }),
    );
  }
  const annBytes = Math.max(...talsPerRecord.map((tals) => tals.reduce((n, t) => n + t.length, 0)));
  const annSpr = Math.ceil(annBytes / 2);

  const ranges = record.leads.map((lead) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of lead.samples) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) {
      lo = -1;
      hi = 1;
    }
    const margin = hi > lo ? 0.01 * (hi - lo) : Math.max(Math.abs(hi) * 0.01, 1e-3);
    const physMin = formatEdfNumber(lo - margin, 'down');
    const physMax = formatEdfNumber(hi + margin, 'up');
    const pmin = Number(physMin);
    const pmax = Number(physMax);
    const gain = (pmax - pmin) / (DIGITAL_MAX - DIGITAL_MIN);
    return { physMin, physMax, gain, offset: pmin - gain * DIGITAL_MIN };
  });

  const ns = signalCount;
  const headerBytes = 256 * (ns + 1);
  const recordBytes = 2 * (record.leads.length * spr + annSpr);
  const out = new Uint8Array(headerBytes + numRecords * recordBytes);
  const patient = record.patient;
  const sex = patient.sex === 'M' || patient.sex === 'F' ? patient.sex : 'X';
  const birth = patient.birthDate === undefined ? undefined : formatEdfPlusDate(patient.birthDate);
  const start = edfStart(record.acquisition.startTime);
  putAscii(out, 0, 8, '0');
  putAscii(out, 8, 80, `${field(patient.id)} ${sex} ${field(birth)} ${field(patient.name)}`);
  putAscii(out, 88, 80, `Startdate ${start.plusDate} X X ECG_Studio`);
  putAscii(out, 168, 8, start.date);
  putAscii(out, 176, 8, start.time);
  putAscii(out, 184, 8, String(headerBytes));
  putAscii(out, 192, 44, 'EDF+C');
  putAscii(out, 236, 8, String(numRecords));
  putAscii(out, 244, 8, durationText);
  putAscii(out, 252, 4, String(ns));

  const prefilter = formatPrefiltering(record.filters);
  const labels = [...record.leads.map((l) => l.name), 'EDF Annotations'];
  let base = 256;
  const column = (width: number, values: string[]) => {
    values.forEach((v, i) => putAscii(out, base + i * width, width, v));
    base += width * ns;
  };
  column(16, labels);
  column(80, labels.map(() => ''));
  column(8, [...record.leads.map((l) => l.unit), '']);
  column(8, [...ranges.map((r) => r.physMin), '-1']);
  column(8, [...ranges.map((r) => r.physMax), '1']);
  column(8, labels.map(() => String(DIGITAL_MIN)));
  column(8, labels.map(() => String(DIGITAL_MAX)));
  column(80, [...record.leads.map(() => prefilter), '']);
  column(8, [...record.leads.map(() => String(spr)), String(annSpr)]);
  column(32, labels.map(() => ''));

  const view = new DataView(out.buffer);
  for (let r = 0; r < numRecords; r++) {
    let off = headerBytes + r * recordBytes;
    record.leads.forEach((lead, li) => {
      const { gain, offset } = ranges[li] as { gain: number; offset: number };
      for (let k = 0; k < spr; k++) {
        const idx = r * spr + k;
        const v = idx < lead.samples.length ? (lead.samples[idx] as number) : NaN;
        const d = Number.isNaN(v) ? DIGITAL_MIN : Math.round((v - offset) / gain);
        view.setInt16(off + 2 * k, Math.min(DIGITAL_MAX, Math.max(DIGITAL_MIN, d)), true);
      }
      off += 2 * spr;
    });
    for (const tal of talsPerRecord[r] as Uint8Array[]) {
      out.set(tal, off);
      off += tal.length;
    }
  }
  return out;
}
