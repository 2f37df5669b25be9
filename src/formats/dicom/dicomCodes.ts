// DICOM waveform vocabulary: SOP classes, transfer syntaxes and ECG lead codes (PS3.16 CID 3001, SCP-ECG / MDC).
import { normalizeLeadName } from '../../shared/leads';

export const SOP_CLASS = {
  twelveLeadEcg: '1.2.840.10008.5.1.4.1.1.9.1.1',
  generalEcg: '1.2.840.10008.5.1.4.1.1.9.1.2',
  ambulatoryEcg: '1.2.840.10008.5.1.4.1.1.9.1.3',
  hemodynamic: '1.2.840.10008.5.1.4.1.1.9.2.1',
} as const;

export const SOP_CLASS_NAMES: ReadonlyMap<string, string> = new Map([
  [SOP_CLASS.twelveLeadEcg, '12-lead ECG Waveform Storage'],
  [SOP_CLASS.generalEcg, 'General ECG Waveform Storage'],
  [SOP_CLASS.ambulatoryEcg, 'Ambulatory ECG Waveform Storage'],
  [SOP_CLASS.hemodynamic, 'Hemodynamic Waveform Storage'],
]);

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
} as const;

/**
 * SCP-ECG lead numbers (EN 1064 table 4). DICOM CID 3001 codes a lead as SCPECG '5.6.3-9-N' or,
 * since 2019, as MDC '2:N' with the same N (MDC_ECG_LEAD_* = 131072 + N).
 */
const SCP_LEAD_NUMBERS: ReadonlyArray<readonly [number, string]> = [
  [1, 'I'], [2, 'II'], [3, 'V1'], [4, 'V2'], [5, 'V3'], [6, 'V4'], [7, 'V5'], [8, 'V6'],
  [9, 'V7'], [10, 'V2R'], [11, 'V3R'], [12, 'V4R'], [13, 'V5R'], [14, 'V6R'], [15, 'V7R'],
  [16, 'X'], [17, 'Y'], [18, 'Z'], [19, 'CC5'], [20, 'CM5'], [21, 'LA'], [22, 'RA'], [23, 'LL'],
  [61, 'III'], [62, 'aVR'], [63, 'aVL'], [64, 'aVF'], [65, '-aVR'], [66, 'V8'], [67, 'V9'],
  [68, 'V8R'], [69, 'V9R'],
];

const NAME_BY_SCP_NUMBER: ReadonlyMap<number, string> = new Map(SCP_LEAD_NUMBERS);
const SCP_NUMBER_BY_NAME: ReadonlyMap<string, number> = new Map(SCP_LEAD_NUMBERS.map(([n, name]) => [name, n]));

/** Code meanings PS3.16 CID 3001 gives the 12 standard leads (used when writing). */
const STANDARD_MEANINGS: ReadonlyMap<string, string> = new Map([
  ['I', 'Lead I'], ['II', 'Lead II'], ['III', 'Lead III'], ['aVR', 'Lead aVR'], ['aVL', 'Lead aVL'],
  ['aVF', 'Lead aVF'], ['V1', 'Lead V1'], ['V2', 'Lead V2'], ['V3', 'Lead V3'], ['V4', 'Lead V4'],
  ['V5', 'Lead V5'], ['V6', 'Lead V6'],
]);

export interface CodedConcept {
  value: string;
  scheme: string;
  meaning: string;
  schemeVersion?: string;
}

/** Lead name for a Channel Source code: SCPECG / MDC numbers first, then the code meaning ('Lead I (Einthoven)'). */
export function leadNameFromCode(code: Partial<CodedConcept>, channelLabel?: string): string {
  const value = (code.value ?? '').trim();
  const scp = /^5\.6\.3-9-(\d+)$/.exec(value) ?? (code.scheme?.trim().toUpperCase() === 'MDC' ? /^2:(\d+)$/.exec(value) : null);
  if (scp) {
    const name = NAME_BY_SCP_NUMBER.get(Number(scp[1]));
    if (name !== undefined) return name;
  }
  const meaning = (code.meaning ?? '').replace(/\(.*?\)/g, '').trim();
  if (meaning) return normalizeLeadName(meaning.replace(/^lead\s+/i, ''));
  if (channelLabel?.trim()) return normalizeLeadName(channelLabel);
  return value || 'unknown';
}

/**
 * Channel Source code for a lead name: SCPECG for leads with an SCP-ECG number, else a private
 * ('99' prefix, PS3.3 8.2) ECG Studio scheme that carries the name as its meaning.
 */
export function codeForLead(name: string): CodedConcept {
  const n = SCP_NUMBER_BY_NAME.get(name);
  if (n !== undefined) {
    return { value: `5.6.3-9-${n}`, scheme: 'SCPECG', schemeVersion: '1.3', meaning: STANDARD_MEANINGS.get(name) ?? `Lead ${name}` };
  }
  return { value: name.slice(0, 16), scheme: '99ECGSTUDIO', meaning: name.slice(0, 64) };
}

/** True when a Channel Source code names an ECG lead (not pressure, respiration…). */
export function isEcgLeadCode(code: Partial<CodedConcept>): boolean {
  const value = (code.value ?? '').trim();
  if (/^5\.6\.3-9-\d+$/.test(value)) return true;
  // MDC_ECG_LEAD_* are 2:0–2:255 (ISO/IEEE 11073-10101); higher codes in partition 2 are pressures, SpO2…
  const mdc = code.scheme?.trim().toUpperCase() === 'MDC' ? /^2:(\d+)$/.exec(value) : null;
  if (mdc) return Number(mdc[1]) <= 255;
  return /\b(lead|ecg)\b/i.test(code.meaning ?? '');
}
