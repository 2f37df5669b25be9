// EDF+ text conventions: TAL annotations, patient/recording identification fields, dates, prefiltering.
import type { DeviceFilters, PatientInfo } from '../../shared/ecgRecord';

/** One Time-stamped Annotation List entry (EDF+ spec section 2.2.2), one entry per annotation text. */
export interface EdfTal {
  onsetSec: number;
  durationSec?: number;
  /** Annotation texts of the TAL; empty for the time-keeping TAL that starts each data record. */
  texts: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const TAL_ONSET = /^[+-]\d+(\.\d*)?$/;
const TAL_DURATION = /^\d+(\.\d*)?$/;

/**
 * Parses the TALs in the bytes of one 'EDF Annotations' signal of one data record (EDF+ 2.2.2):
 * `+Onset[\x15Duration]\x14text\x14…\x14\x00`, padded with zeros. Malformed TALs are skipped and counted.
 */
export function parseTals(bytes: Uint8Array): { tals: EdfTal[]; malformed: number } {
  const tals: EdfTal[] = [];
  let malformed = 0;
  let start = 0;
  const decoder = new TextDecoder('utf-8');
  while (start < bytes.length) {
    if (bytes[start] === 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < bytes.length && bytes[end] !== 0) end++;
    const tal = parseOneTal(decoder.decode(bytes.subarray(start, end)));
    if (tal === undefined) malformed++;
    else tals.push(tal);
    start = end + 1;
  }
  return { tals, malformed };
}

function parseOneTal(text: string): EdfTal | undefined {
  const parts = text.split('\x14');
  // A well-formed TAL ends with \x14 before its \x00, so the last part is empty.
  if (parts.length < 2) return undefined;
  const head = parts[0] as string;
  const [onsetText, durationText] = head.split('\x15') as [string, string | undefined];
  if (!TAL_ONSET.test(onsetText)) return undefined;
  const onsetSec = Number(onsetText);
  const texts = parts.slice(1).filter((t) => t.length > 0);
  if (durationText === undefined || durationText === '') return { onsetSec, texts };
  if (!TAL_DURATION.test(durationText)) return undefined;
  return { onsetSec, durationSec: Number(durationText), texts };
}

/** Encodes one TAL; onsets and durations are written with up to 6 decimals, trailing zeros dropped. */
export function encodeTal(tal: EdfTal): Uint8Array {
  const onset = (tal.onsetSec < 0 ? '-' : '+') + formatSeconds(Math.abs(tal.onsetSec));
  const duration = tal.durationSec === undefined ? '' : `\x15${formatSeconds(tal.durationSec)}`;
  const body = tal.texts.length === 0 ? '\x14' : tal.texts.map((t) => `\x14${t.replace(/[\x00\x14\x15]/g, ' ')}`).join('');
  return new TextEncoder().encode(`${onset}${duration}${body}\x14\x00`);
}

function formatSeconds(sec: number): string {
  const fixed = sec.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Parses 'dd-MMM-yyyy' (EDF+ 2.1.3.2) to ISO 'yyyy-mm-dd', or undefined for 'X' or a malformed date. */
export function parseEdfPlusDate(text: string): string | undefined {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  if (m === null) return undefined;
  const month = MONTHS.indexOf((m[2] as string).toUpperCase()) + 1;
  const day = Number(m[1]);
  if (month === 0 || day < 1 || day > 31) return undefined;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[1]}`;
}

/** Formats an ISO date 'yyyy-mm-dd' as EDF+ 'dd-MMM-yyyy'. */
export function formatEdfPlusDate(isoDate: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (m === null) return undefined;
  const month = MONTHS[Number(m[2]) - 1];
  return month === undefined ? undefined : `${m[3]}-${month}-${m[1]}`;
}

/**
 * The EDF header's 'dd.mm.yy' start date and 'hh.mm.ss' start time as ISO 'yyyy-mm-ddThh:mm:ss'.
 * Two-digit years follow the EDF clipping date: 85–99 → 1985–1999, 00–84 → 2000–2084 (EDF+ 2.1.3.3).
 */
export function parseEdfStart(dateText: string, timeText: string): string | undefined {
  const d = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(dateText.trim());
  const t = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(timeText.trim());
  if (d === null || t === null) return undefined;
  const yy = Number(d[3]);
  const year = yy >= 85 ? 1900 + yy : 2000 + yy;
  return `${year}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}`;
}

/** EDF+ local patient identification (2.1.3.1): 'code sex birthdate name [additional…]', 'X' = unknown. */
export function parseEdfPlusPatient(field: string): { patient: PatientInfo; additional: string } {
  const parts = field.trim().split(/\s+/);
  const patient: PatientInfo = {};
  const known = (s: string | undefined): s is string => s !== undefined && s !== '' && s !== 'X';
  if (known(parts[0])) patient.id = parts[0].replace(/_/g, ' ');
  if (parts[1] === 'M' || parts[1] === 'F') patient.sex = parts[1];
  const birth = known(parts[2]) ? parseEdfPlusDate(parts[2]) : undefined;
  if (birth !== undefined) patient.birthDate = birth;
  if (known(parts[3])) patient.name = parts[3].replace(/_/g, ' ');
  return { patient, additional: parts.slice(4).join(' ') };
}

export interface EdfPlusRecording {
  /** ISO date from 'Startdate dd-MMM-yyyy', when given. */
  startDate?: string;
  adminCode?: string;
  technician?: string;
  equipment?: string;
  additional: string;
}

/** EDF+ local recording identification (2.1.3.2): 'Startdate dd-MMM-yyyy admincode technician equipment …'. */
export function parseEdfPlusRecording(field: string): EdfPlusRecording | undefined {
  const parts = field.trim().split(/\s+/);
  if (parts[0] !== 'Startdate') return undefined;
  const out: EdfPlusRecording = { additional: parts.slice(5).join(' ') };
  const date = parts[1] === undefined ? undefined : parseEdfPlusDate(parts[1]);
  if (date !== undefined) out.startDate = date;
  const known = (s: string | undefined): s is string => s !== undefined && s !== '' && s !== 'X';
  if (known(parts[2])) out.adminCode = parts[2].replace(/_/g, ' ');
  if (known(parts[3])) out.technician = parts[3].replace(/_/g, ' ');
  if (known(parts[4])) out.equipment = parts[4].replace(/_/g, ' ');
  return out;
}

/**
 * Parses an EDF prefiltering field ('HP:0.1Hz LP:75Hz N:50Hz', EDF+ 2.1.3.5); 'HP:DC' means none.
 * The raw text is kept as `description`.
 */
export function parsePrefiltering(text: string): DeviceFilters {
  const raw = text.trim();
  const filters: DeviceFilters = {};
  if (raw === '') return filters;
  filters.description = raw;
  const hz = (kind: string): number | undefined => {
    const m = new RegExp(`(?:^|[\\s,;])${kind}\\s*:?\\s*(\\d+(?:[.,]\\d+)?)\\s*(m?Hz)?`, 'i').exec(raw);
    if (m === null) return undefined;
    const value = Number((m[1] as string).replace(',', '.'));
    return m[2]?.toLowerCase() === 'mhz' ? value / 1000 : value;
  };
  const hp = hz('HP');
  const lp = hz('LP');
  const notch = hz('(?:N|Notch)');
  if (hp !== undefined) filters.highPassHz = hp;
  if (lp !== undefined) filters.lowPassHz = lp;
  if (notch !== undefined) filters.notchHz = notch;
  return filters;
}

/** Formats device filters as an EDF prefiltering field. */
export function formatPrefiltering(filters: DeviceFilters): string {
  const parts: string[] = [];
  if (filters.highPassHz !== undefined) parts.push(`HP:${filters.highPassHz}Hz`);
  if (filters.lowPassHz !== undefined) parts.push(`LP:${filters.lowPassHz}Hz`);
  if (filters.notchHz !== undefined) parts.push(`N:${filters.notchHz}Hz`);
  return parts.join(' ');
}

/** Whole years between two ISO dates, or undefined when either is missing. */
export function ageInYears(birthDate: string | undefined, onDate: string | undefined): number | undefined {
  if (birthDate === undefined || onDate === undefined) return undefined;
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age >= 0 && age < 150 ? age : undefined;
}
