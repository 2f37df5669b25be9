// The ECG record model every part of ECG Studio speaks: samples per lead in a named unit, plus metadata.
import { millivoltsPerUnit, type AmplitudeUnit } from './units';

/** Formats ECG Studio reads (and some it writes). */
export type EcgFormat =
  | 'wfdb'
  | 'edf'
  | 'csv'
  | 'dicom'
  | 'hl7-aecg'
  | 'scp-ecg'
  | 'philips-xml'
  | 'ge-muse-xml';

/** One lead (channel) of a record. All leads of a record share its sampling rate and length. */
export interface EcgLead {
  /** Normalised name: I, II, III, aVR, aVL, aVF, V1–V6; other names (MLII, ABP, PLETH) kept as found. */
  name: string;
  /** The name exactly as the file spelled it. */
  originalName: string;
  /** Unit of `samples` (e.g. 'mV', 'uV'); non-voltage channels keep their own unit ('mmHg', 'NU'). */
  unit: AmplitudeUnit;
  /** Physical values in `unit`; NaN marks invalid or missing samples. Length = record.samplesPerLead. */
  samples: Float32Array;
  /** Format-specific per-lead details (ADC gain, baseline, resolution, transducer, digital samples…). */
  details?: Record<string, unknown>;
}

/** An event at one sample: a beat label, a rhythm change, a wave boundary, a note. */
export interface EcgAnnotation {
  /** Sample index at the record's sampling rate (may exceed 2^32 in long records, hence number). */
  sampleIdx: number;
  /** Mnemonic code: MIT beat codes ('N', 'V', '+', '~'…), or a format's own label ('Pon', 'QRSoff'…). */
  code: string;
  /** MIT SUB field, or another integer qualifier. */
  subtype?: number;
  /** MIT CHN field (signal number) or the lead index it refers to. */
  channel?: number;
  /** MIT NUM field. */
  num?: number;
  /** Auxiliary text, e.g. a rhythm label '(AFIB' or an EDF+ annotation text. */
  aux?: string;
  /** Duration in samples, for annotations that span an interval (EDF+ TAL duration, aECG intervals). */
  durationSamples?: number;
}

/** Filters the acquiring device reports having applied (not filters we apply). */
export interface DeviceFilters {
  highPassHz?: number;
  lowPassHz?: number;
  notchHz?: number;
  /** Free text when the device describes its filtering in words. */
  description?: string;
}

export interface PatientInfo {
  id?: string;
  name?: string;
  sex?: 'M' | 'F' | 'U';
  ageYears?: number;
  birthDate?: string;
  heightCm?: number;
  weightKg?: number;
}

export interface AcquisitionInfo {
  device?: string;
  manufacturer?: string;
  site?: string;
  /** ISO 8601 acquisition start (date and time, local time unless a zone is given). */
  startTime?: string;
}

/** A median (representative) beat set, when the file carries one besides the rhythm data. */
export interface RepresentativeBeats {
  samplingRateHz: number;
  leads: EcgLead[];
  samplesPerLead: number;
}

export interface EcgRecord {
  format: EcgFormat;
  /** Record name as the file knows it (WFDB record name, file stem…). */
  name: string;
  samplingRateHz: number;
  samplesPerLead: number;
  leads: EcgLead[];
  patient: PatientInfo;
  acquisition: AcquisitionInfo;
  filters: DeviceFilters;
  annotations: EcgAnnotation[];
  representativeBeats?: RepresentativeBeats;
  /** Format-specific extras worth keeping: header comments, device measurements and statements, versions. */
  metadata: Record<string, unknown>;
  /** Non-fatal problems found while reading (checksum mismatch, vendor deviations), one sentence each. */
  warnings: string[];
}

export function recordDurationSec(record: Pick<EcgRecord, 'samplesPerLead' | 'samplingRateHz'>): number {
  return record.samplesPerLead / record.samplingRateHz;
}

/**
 * Samples of a lead in millivolts. Returns the lead's own array when it is already in mV (no copy),
 * otherwise a scaled copy; throws for non-voltage channels.
 */
export function leadMillivolts(lead: EcgLead): Float32Array {
  const factor = millivoltsPerUnit(lead.unit);
  if (factor === undefined) throw new Error(`lead ${lead.name} is in '${lead.unit}', not a voltage`);
  if (factor === 1) return lead.samples;
  const out = new Float32Array(lead.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = (lead.samples[i] as number) * factor;
  return out;
}

/** Checks the invariants readers must uphold; returns a list of problems (empty when sound). */
export function validateRecord(record: EcgRecord): string[] {
  const problems: string[] = [];
  if (!(record.samplingRateHz > 0) || !Number.isFinite(record.samplingRateHz)) {
    problems.push(`sampling rate ${record.samplingRateHz} Hz is not a positive number`);
  }
  if (!Number.isInteger(record.samplesPerLead) || record.samplesPerLead < 0) {
    problems.push(`samplesPerLead ${record.samplesPerLead} is not a non-negative integer`);
  }
  for (const lead of record.leads) {
    if (lead.samples.length !== record.samplesPerLead) {
      problems.push(`lead ${lead.name} has ${lead.samples.length} samples, expected ${record.samplesPerLead}`);
    }
  }
  return problems;
}

/** A record with empty metadata, for readers and generators to fill in. */
export function emptyRecord(args: {
  format: EcgFormat;
  name: string;
  samplingRateHz: number;
  samplesPerLead: number;
  leads: EcgLead[];
}): EcgRecord {
  return {
    ...args,
    patient: {},
    acquisition: {},
    filters: {},
    annotations: [],
    metadata: {},
    warnings: [],
  };
}
