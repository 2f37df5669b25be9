// Turns any EcgRecord into the fixed input a model expects: its leads (derived or masked), in mV, at its rate.
import type { EcgRecord } from '../../shared/ecgRecord';
import { normalizeLeadName } from '../../shared/leads';
import { millivoltsPerUnit } from '../../shared/units';
import { resampleFactors, resampleSignal } from '../../signal/resample';

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

/** Returns samples [from, to) of a signal in mV (NaN already filled). */
export type SpanSource = (from: number, to: number) => ArrayLike<number>;

/** Replaces NaN by linear interpolation between valid neighbours (nearest valid value at the ends, 0 if none). */
function fillInvalid(x: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(x);
  let last = -1;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && !Number.isFinite(out[i] as number)) continue;
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
 * Samples [outStart, outEnd) of `resampleSignal(x, fromHz, toHz)` computed from a piece of x only (the
 * polyphase filter's reach plus a margin, starting on a multiple of `down` so that the piece's output grid
 * is the full signal's), so that long records are resampled in bounded memory.
 */
export function resampleSpan(
  source: SpanSource,
  inLength: number,
  fromHz: number,
  toHz: number,
  outStart: number,
  outEnd: number,
): Float64Array {
  const { up, down } = resampleFactors(fromHz, toHz);
  const out = new Float64Array(outEnd - outStart);
  if (up === 1 && down === 1) {
    const piece = source(Math.min(outStart, inLength), Math.min(outEnd, inLength));
    for (let i = 0; i < piece.length; i++) out[i] = piece[i] as number;
    return out;
  }
  const margin = Math.ceil((10 * Math.max(up, down)) / up) + 2;
  const i0 = Math.floor(Math.max(0, Math.floor((outStart * down) / up) - margin) / down) * down;
  const i1 = Math.min(inLength, Math.ceil((outEnd * down) / up) + margin + 1);
  if (i1 <= i0) return out;
  const resampled = resampleSignal(source(i0, i1), fromHz, toHz);
  const offset = outStart - (i0 * up) / down;
  for (let j = 0; j < out.length && j + offset < resampled.length; j++)
    out[j] = resampled[j + offset] as number;
  return out;
}

/**
 * For each of the model's input leads, a source of its samples in mV: the record's lead of that name, or a
 * limb lead derived from two others (Einthoven III = II − I; Goldberger aVR = −(I + II)/2, aVL = I − II/2,
 * aVF = II − I/2). `recordLead` is the record's lead index, −1 for derived, undefined when unavailable.
 */
export function modelLeadSources(
  record: EcgRecord,
  modelLeads: readonly string[],
): { recordLead: number | undefined; source: SpanSource | undefined }[] {
  const byName = new Map<string, number>();
  record.leads.forEach((l, i) => {
    const name = normalizeLeadName(l.name);
    if (millivoltsPerUnit(l.unit) !== undefined && !byName.has(name)) byName.set(name, i);
  });
  const direct = (i: number): SpanSource => {
    const lead = record.leads[i]!;
    const f = millivoltsPerUnit(lead.unit) as number;
    return (from, to) => {
      const piece = fillInvalid(lead.samples.subarray(from, to));
      if (f !== 1) for (let k = 0; k < piece.length; k++) piece[k] = (piece[k] as number) * f;
      return piece;
    };
  };
  const get = (name: string) => (byName.has(name) ? direct(byName.get(name) as number) : undefined);
  const combine =
    (a: SpanSource, b: SpanSource, f: (x: number, y: number) => number): SpanSource =>
    (from, to) => {
      const x = a(from, to);
      const y = b(from, to);
      const out = new Float64Array(x.length);
      for (let k = 0; k < out.length; k++) out[k] = f(x[k] as number, y[k] as number);
      return out;
    };
  const i = get('I');
  const ii = get('II');
  const iii = get('III');
  const lead1 = i ?? (ii && iii ? combine(ii, iii, (a, b) => a - b) : undefined);
  const lead2 = ii ?? (i && iii ? combine(i, iii, (a, b) => a + b) : undefined);
  const derive = (name: string): SpanSource | undefined => {
    if (!lead1 || !lead2) return undefined;
    if (name === 'I') return lead1;
    if (name === 'II') return lead2;
    if (name === 'III') return combine(lead1, lead2, (a, b) => b - a);
    if (name === 'aVR') return combine(lead1, lead2, (a, b) => -(a + b) / 2);
    if (name === 'aVL') return combine(lead1, lead2, (a, b) => a - b / 2);
    if (name === 'aVF') return combine(lead1, lead2, (a, b) => b - a / 2);
    return undefined;
  };
  return modelLeads.map((raw) => {
    const name = normalizeLeadName(raw);
    if (byName.has(name)) return { recordLead: byName.get(name), source: get(name) };
    const source = derive(name);
    return { recordLead: source ? -1 : undefined, source };
  });
}

/**
 * Prepares one window of `record` for a model: maps leads by name (deriving missing limb leads, see
 * modelLeadSources), converts to mV, fills invalid samples, resamples only the window's span to the model rate
 * (polyphase, see resampleSpan) and zero-pads to `length`. `startSec` picks the window (default: centred crop when
 * the record is longer).
 */
export function prepareModelInput(record: EcgRecord, spec: ModelInputSpec, startSec?: number): PreparedInput {
  const { up, down } = resampleFactors(record.samplingRateHz, spec.samplingRateHz);
  const resampledLength = Math.ceil((record.samplesPerLead * up) / down);
  let start = 0;
  if (startSec !== undefined) start = Math.max(0, Math.min(Math.round(startSec * spec.samplingRateHz), resampledLength - 1));
  else if (resampledLength > spec.length) start = Math.floor((resampledLength - spec.length) / 2);
  const end = Math.min(resampledLength, start + spec.length);

  const leads = spec.leads.length;
  const samplesMv = new Float32Array(spec.length * leads);
  const leadMask = new Float32Array(leads);
  const derivedLeads: string[] = [];
  modelLeadSources(record, spec.leads).forEach(({ recordLead, source }, c) => {
    if (!source) return;
    leadMask[c] = 1;
    if (recordLead === -1) derivedLeads.push(spec.leads[c] as string);
    const piece = resampleSpan(source, record.samplesPerLead, record.samplingRateHz, spec.samplingRateHz, start, end);
    for (let t = 0; t < piece.length; t++) samplesMv[t * leads + c] = piece[t] as number;
  });
  return { samplesMv, leadMask, derivedLeads, startSample: start };
}
