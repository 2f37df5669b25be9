// SCP-ECG section 1 (patient data / ECG acquisition data, EN 1064:2005 §5.5): tagged fields → record fields.
import type { EcgRecord } from '../../shared/ecgRecord';

/** Manufacturer codes of tag 14 (EN 1064 §5.5.3.14, byte 8). */
const MANUFACTURERS: ReadonlyMap<number, string> = new Map([
  [1, 'Burdick'], [2, 'Cambridge Heart'], [3, 'Compumed'], [4, 'Datamed'], [5, 'Fukuda'], [6, 'Hewlett-Packard'],
  [7, 'Marquette Electronics'], [8, 'Mortara Instruments'], [9, 'Nihon Kohden'], [10, 'Okin'], [11, 'Quinton'],
  [12, 'Siemens'], [13, 'Spacelabs'], [14, 'Telemed'], [15, 'Hellige'], [16, 'ESA-OTE'], [17, 'Schiller'],
  [18, 'Picker-Schwarzer'], [19, 'Elettronica-Trentina'], [20, 'Zwönitz'],
]);

export interface Section1Result {
  /** Raw tag numbers seen, for metadata. */
  tags: number[];
  warnings: string[];
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s.trim();
}

const u16 = (b: Uint8Array, o: number) => (b[o] as number) | ((b[o + 1] as number) << 8);
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Reads the tags of section 1 (tag 1 byte, length 2 bytes LE, value; tag 255 ends) into the record.
 * Identifiers (names, id, birth date) are left out when `anonymize` is set.
 */
export function readScpSection1(body: Uint8Array, record: EcgRecord, anonymize: boolean): Section1Result {
  const tags: number[] = [];
  const warnings: string[] = [];
  let date: string | undefined;
  let time: string | undefined;
  let lastName: string | undefined;
  let firstName: string | undefined;
  const texts: Record<string, string> = {};
  for (let o = 0; o + 3 <= body.length; ) {
    const tag = body[o] as number;
    const len = u16(body, o + 1);
    if (tag === 255) break;
    const v = body.subarray(o + 3, o + 3 + len);
    if (o + 3 + len > body.length) {
      warnings.push(`section 1: tag ${tag} runs past the end of the section; later tags ignored`);
      break;
    }
    tags.push(tag);
    o += 3 + len;
    switch (tag) {
      case 0: lastName = latin1(v); break;
      case 1: firstName = latin1(v); break;
      case 2: if (!anonymize && latin1(v)) record.patient.id = latin1(v); break;
      case 4: {
        // Age: value, then unit 1 = years, 2 = months, 3 = weeks, 4 = days, 5 = hours.
        if (len < 3) break;
        const value = u16(v, 0);
        const perYear = [0, 1, 12, 52.1775, 365.25, 8766][v[2] as number];
        if (value > 0 && perYear) record.patient.ageYears = value / perYear;
        break;
      }
      case 5:
        if (len >= 4 && !anonymize && u16(v, 0) > 0) record.patient.birthDate = `${u16(v, 0)}-${pad2(v[2] as number)}-${pad2(v[3] as number)}`;
        break;
      case 6: {
        if (len < 3) break;
        const cmPerUnit = [0, 1, 2.54, 0.1][v[2] as number];
        if (u16(v, 0) > 0 && cmPerUnit) record.patient.heightCm = u16(v, 0) * cmPerUnit;
        break;
      }
      case 7: {
        if (len < 3) break;
        const kgPerUnit = [0, 1, 0.001, 0.45359237, 0.028349523][v[2] as number];
        if (u16(v, 0) > 0 && kgPerUnit) record.patient.weightKg = u16(v, 0) * kgPerUnit;
        break;
      }
      case 8: {
        const sex = v[0];
        record.patient.sex = sex === 1 ? 'M' : sex === 2 ? 'F' : 'U';
        break;
      }
      case 14: {
        // Acquiring device: institution(2) department(2) device id(2) type(1) manufacturer(1) model(6) … strings.
        if (len < 36) break;
        const maker = MANUFACTURERS.get(v[7] as number);
        if (maker) record.acquisition.manufacturer = maker;
        const model = latin1(v.subarray(8, 14));
        if (model) record.acquisition.device = model;
        const mains = v[18];
        if (mains === 1 || mains === 2) record.metadata.mainsFrequencyHz = mains === 1 ? 50 : 60;
        record.metadata.deviceId = u16(v, 4);
        // Variable-length strings follow: analysing program revision (length-prefixed), serial, software…
        let p = 36 + (v[35] as number);
        const strings: string[] = [];
        while (p < v.length && strings.length < 4) {
          const end = v.indexOf(0, p);
          const stop = end < 0 ? v.length : end;
          strings.push(latin1(v.subarray(p, stop)));
          p = stop + 1;
        }
        const [serial, systemSoftware, scpSoftware, tradeName] = strings;
        if (serial) record.metadata.deviceSerial = serial;
        if (systemSoftware) record.metadata.deviceSoftware = systemSoftware;
        if (scpSoftware) record.metadata.scpImplementation = scpSoftware;
        if (tradeName) record.metadata.deviceTradeName = tradeName;
        if (tradeName && !maker) record.acquisition.manufacturer = tradeName;
        break;
      }
      case 16: if (latin1(v)) record.acquisition.site = latin1(v); break;
      case 25:
        if (len >= 4 && u16(v, 0) > 0) date = `${u16(v, 0)}-${pad2(v[2] as number)}-${pad2(v[3] as number)}`;
        break;
      case 26:
        if (len >= 3) time = `${pad2(v[0] as number)}:${pad2(v[1] as number)}:${pad2(v[2] as number)}`;
        break;
      case 27: {
        // Baseline (high-pass) filter in 0.01 Hz.
        const hp = u16(v, 0);
        if (len >= 2 && hp > 0 && hp !== 0xffff) record.filters.highPassHz = hp / 100;
        break;
      }
      case 28: {
        const lp = u16(v, 0);
        if (len >= 2 && lp > 0 && lp !== 0xffff) record.filters.lowPassHz = lp;
        break;
      }
      case 29: {
        // Filter bit map: bit 0 = 60 Hz notch, bit 1 = 50 Hz notch, bit 2 = artefact, bit 3 = baseline filter.
        const bits = v[0] ?? 0;
        if (bits & 1) record.filters.notchHz = 60;
        else if (bits & 2) record.filters.notchHz = 50;
        const words = [bits & 4 ? 'artefact filter' : '', bits & 8 ? 'baseline filter' : ''].filter(Boolean);
        if (words.length) record.filters.description = words.join(', ');
        break;
      }
      case 30: if (latin1(v)) texts.freeText = latin1(v); break;
      case 34:
        if (len >= 2) record.metadata.timeZoneOffsetMin = ((u16(v, 0) << 16) >> 16);
        break;
      default:
        break;
    }
  }
  if (!anonymize) {
    const name = [firstName, lastName].filter((s) => s).join(' ');
    if (name) record.patient.name = name;
  }
  if (date) record.acquisition.startTime = time ? `${date}T${time}` : date;
  if (texts.freeText) record.metadata.freeText = texts.freeText;
  return { tags, warnings };
}
