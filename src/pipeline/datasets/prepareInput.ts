// Turns any EcgRecord into the fixed input a model expects: its leads (derived or masked), in mV, at its rate.
import { leadMillivolts, type EcgRecord } from '../../shared/ecgRecord';
import { resampleSignal } from '../../signal/resample';

export interface ModelInputSpec {
  samplingRateHz: number;
  /** Lead order of the input tensor's channel axis. */
  leads: readonly string[];
  /** Samples per lead. */
  length: number;
  /** The model's fixed front end (see modelFrontEnd.ts), applied to model input windows, never to targets. */
  preFilter?: { highPassHz?: number | undefined; lowPassHz?: number | undefined } | undefined;
}

export interface PreparedInput {
  /** Time-major samples [length × leads] in mV; absent leads are zero and flagged in `leadMask`. */
  samplesMv: Float32Array;
  /** 1 for leads taken or derived from the record, 0 for absent ones. */
  leadMask: Float32Array;
  /** Leads computed from others (Einthoven / Goldberger) rather than read. */
  derivedLeads: string[];
  /** Where the window starts in the resampled record (samples at the model rate). */
  startSample: number;
}

type Lookup = (name: string) => Float32Array | undefined;

/**
 * Limb leads from any two of I, II, III (Einthoven: III = II − I) and the augmented leads
 * (Goldberger: aVR = −(I + II)/2, aVL = I − II/2, aVF = II − I/2).
 */
function deriveLimbLead(name: string, get: Lookup): Float32Array | undefined {
  let lead1 = get('I');
  let lead2 = get('II');
  const lead3 = get('III');
  const combine = (f: (a: number, b: number) => number, a: Float32Array, b: Float32Array) => {
    const out = new Float32Array(a.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a[i] as number, b[i] as number);
    return out;
  };
  if (!lead1 && lead2 && lead3) lead1 = combine((ii, iii) => ii - iii, lead2, lead3);
  if (!lead2 && lead1 && lead3) lead2 = combine((i, iii) => i + iii, lead1, lead3);
  if (!lead1 || !lead2) return undefined;
  switch (name) {
    case 'I':
      return lead1;
    case 'II':
      return lead2;
    case 'III':
      return combine((i, ii) => ii - i, lead1, lead2);
    case 'aVR':
      return combine((i, ii) => -(i + ii) / 2, lead1, lead2);
    case 'aVL':
      return combine((i, ii) => i - ii / 2, lead1, lead2);
    case 'aVF':
      return combine((i, ii) => ii - i / 2, lead1, lead2);
    default:
      return undefined;
  }
}

/** Replaces NaN (invalid samples) by linear interpolation between valid neighbours, zero at the ends. */
function fillInvalid(x: Float32Array): Float32Array {
  let hasNaN = false;
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) hasNaN = true;
  if (!hasNaN) return x;
  const out = Float32Array.from(x);
  let last = -1;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && Number.isNaN(out[i])) continue;
    if (i - last > 1) {
      const a = last >= 0 ? (out[last] as number) : i < out.length ? (out[i] as number) : 0;
      const b = i < out.length ? (out[i] as number) : a;
      for (let k = last + 1; k < i; k++) out[k] = a + ((b - a) * (k - last)) / (i - last);
    }
    last = i;
  }
  return out;
}

/**
 * Prepares one window of `record` for a model: maps leads by name (deriving missing limb leads), converts
 * to mV, resamples to the model rate (polyphase, see signal/resample) and crops or zero-pads to `length`.
 * `startSec` picks the window (default: centred crop when the record is longer).
 */
export function prepareModelInput(record: EcgRecord, spec: ModelInputSpec, startSec?: number): PreparedInput {
  const voltageLeads = new Map<string, Float32Array>();
  for (const lead of record.leads) {
    try {
      if (!voltageLeads.has(lead.name)) voltageLeads.set(lead.name, fillInvalid(leadMillivolts(lead)));
    } catch {
      // non-voltage channels (ABP, RESP) are not model input
    }
  }
  const get: Lookup = (name) => voltageLeads.get(name);
  const ratio = spec.samplingRateHz / record.samplingRateHz;
  const resampledLength = Math.round(record.samplesPerLead * ratio);
  let start = 0;
  if (startSec !== undefined) start = Math.max(0, Math.min(Math.round(startSec * spec.samplingRateHz), resampledLength - 1));
  else if (resampledLength > spec.length) start = Math.floor((resampledLength - spec.length) / 2);

  const samplesMv = new Float32Array(spec.length * spec.leads.length);
  const leadMask = new Float32Array(spec.leads.length);
  const derivedLeads: string[] = [];
  spec.leads.forEach((name, c) => {
    let source = get(name);
    if (!source) {
      source = deriveLimbLead(name, get);
      if (source) derivedLeads.push(name);
    }
    if (!source) return;
    leadMask[c] = 1;
    // Resample only the part of the record the window needs (plus filter margin) to keep long records cheap.
    const marginIn = Math.ceil(64 / Math.min(1, ratio));
    const fromIn = Math.max(0, Math.floor(start / ratio) - marginIn);
    const toIn = Math.min(source.length, Math.ceil((start + spec.length) / ratio) + marginIn);
    const piece = source.subarray(fromIn, toIn);
    const resampled = ratio === 1 ? piece : resampleSignal(piece, record.samplingRateHz, spec.samplingRateHz);
    const offset = start - Math.round(fromIn * ratio);
    const n = Math.min(spec.length, resampled.length - offset);
    for (let t = 0; t < n; t++) samplesMv[t * spec.leads.length + c] = resampled[t + offset] as number;
  });
  return { samplesMv, leadMask, derivedLeads, startSample: start };
}
