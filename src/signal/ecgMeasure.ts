// Resting-ECG measurements: heart rate, RR statistics, PR, QRS, QT, QTc, frontal axes, HRV, with reasons for nulls.
import { ecgDelineate, ecgMedianBeats, type LeadSignal, type MedianBeats, type WaveBoundaries } from './ecgDelineate';
import { ecgPeaks, type EcgPeaksMethod } from './ecgPeaks';
import { normalizeLeadName } from '../shared/leads';
import { maskCalibrationPulses } from './calibrationPulse';
import { resampleSignal } from './resample';

export interface EcgMeasurements {
  hrBpm: number | null;
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  qtcMs: { bazett: number | null; fridericia: number | null; framingham: number | null; hodges: number | null };
  axesDeg: { p: number | null; qrs: number | null; t: number | null };
  rr: { count: number; meanMs: number | null; sdMs: number | null; minMs: number | null; maxMs: number | null };
  /** Time-domain HRV, only for records of at least 60 s (SDNN, RMSSD of the normal-to-normal intervals). */
  hrv?: { sdnnMs: number; rmssdMs: number };
  /** Why a field is null, one sentence each, keyed by field name. */
  reasons: Record<string, string>;
  /** R peaks used (sample indices) and the lead they were detected on. */
  rPeakSampleIdx: number[];
  detectionLead: string | null;
  /** Global fiducials as times (ms) relative to the median beat's R peak. */
  fiducialsMs: { pOnset: number | null; pOffset: number | null; qrsOnset: number | null; qrsOffset: number | null; tOffset: number | null };
  medianBeats?: MedianBeats;
}

export interface EcgMeasureOptions {
  method?: EcgPeaksMethod;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** QT corrections (RR in seconds, QT in ms). */
export function qtCorrections(qtMs: number, rrSec: number, hrBpm: number) {
  return {
    // H. C. Bazett, Heart 7 (1920) 353–370.
    bazett: qtMs / Math.sqrt(rrSec),
    // L. S. Fridericia, Acta Med. Scand. 53 (1920) 469–486.
    fridericia: qtMs / Math.cbrt(rrSec),
    // A. Sagie et al., Am. J. Cardiol. 70 (1992) 797–801 (Framingham linear).
    framingham: qtMs + 154 * (1 - rrSec),
    // M. Hodges et al., J. Am. Coll. Cardiol. 1 (1983) 694 (abstract).
    hodges: qtMs + 1.75 * (hrBpm - 60),
  };
}

/** Frontal-plane axis (degrees, −180…180) from net values in leads I and aVF: atan2(aVF, I). */
export function frontalAxisDeg(leadI: number, leadAvf: number): number {
  return (Math.atan2(leadAvf, leadI) * 180) / Math.PI;
}

/** The lead to detect beats on: II (or MLII) if present, else I, V5, aVF, III, V2, else the first lead with signal. */
function detectionLeadIndex(leads: readonly LeadSignal[]): number {
  const names = leads.map((l) => normalizeLeadName(l.name));
  for (const want of ['II', 'MLII', 'I', 'V5', 'aVF', 'III', 'V2']) {
    const i = names.indexOf(want);
    if (i >= 0 && hasSignal(leads[i] as LeadSignal)) return i;
  }
  return Math.max(0, leads.findIndex(hasSignal));
}

function hasSignal(lead: LeadSignal): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < lead.samplesMv.length; i++) {
    const v = lead.samplesMv[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min > 0.05;
}

/** Moves each peak to the largest |deviation| from the local mean within ±`half` samples (after interpolation). */
function realignPeaks(x: ArrayLike<number>, peaks: number[], half: number): number[] {
  return peaks.map((p) => {
    let mean = 0;
    let k = 0;
    for (let i = Math.max(0, p - 10 * half); i <= Math.min(x.length - 1, p + 10 * half); i++) {
      const v = x[i] as number;
      if (Number.isFinite(v)) {
        mean += v;
        k++;
      }
    }
    mean = k ? mean / k : 0;
    let best = p;
    for (let i = Math.max(0, p - half); i <= Math.min(x.length - 1, p + half); i++) {
      if (Math.abs((x[i] as number) - mean) > Math.abs((x[best] as number) - mean)) best = i;
    }
    return best;
  });
}

/** Net area (mV·samples) of each lead's median beat over [from, to], relative to the PR-segment level before `isoAt`. */
function netAreas(beats: MedianBeats, from: number, to: number, isoAt: number): Map<string, number> {
  const fs = beats.samplingRateHz;
  const out = new Map<string, number>();
  for (const l of beats.leads) {
    const x = l.samplesMv;
    const vals: number[] = [];
    for (let i = Math.max(0, isoAt - Math.round(0.02 * fs)); i <= isoAt; i++) if (Number.isFinite(x[i] as number)) vals.push(x[i] as number);
    vals.sort((a, b) => a - b);
    const base = vals[vals.length >> 1];
    let s = 0;
    for (let i = from; i <= to; i++) s += (x[i] as number) - (base ?? NaN);
    // A lead with missing samples in the window gives no area; I/aVF are then derived from other limb leads.
    if (Number.isFinite(s)) out.set(normalizeLeadName(l.name), s);
  }
  return out;
}

/** Values in I and aVF, derived from other limb leads by Einthoven/Goldberger when missing. */
function iAndAvf(values: Map<string, number>): [number, number] | undefined {
  const I = values.get('I');
  const II = values.get('II');
  const III = values.get('III');
  const aVF = values.get('aVF');
  const lead1 = I ?? (II !== undefined && III !== undefined ? II - III : undefined);
  const avf = aVF ?? (II !== undefined && III !== undefined ? (II + III) / 2 : II !== undefined && lead1 !== undefined ? II - lead1 / 2 : undefined);
  return lead1 === undefined || avf === undefined ? undefined : [lead1, avf];
}

/**
 * Measures a resting ECG (typically 12 leads, 10 s). R peaks by `ecgPeaks` (default 'hamilton2002') on lead II,
 * median beats and global boundaries by `ecgMedianBeats` / `ecgDelineate`; intervals from the global
 * boundaries (PR = QRS onset − P onset, QRS = offset − onset, QT = T end − QRS onset); QTc by Bazett,
 * Fridericia, Framingham and Hodges with the mean RR; frontal axes from net areas in I and aVF of the P wave,
 * QRS and ST–T (the area method, AHA/ACCF/HRS recommendations for the standardization and interpretation
 * of the ECG, part I, Kligfield et al., Circulation 115 (2007) 1306–1324); HRV after the Task Force of the
 * ESC/NASPE, Circulation 93 (1996) 1043–1065. Fields that cannot be measured are null with a reason.
 */
export function ecgMeasure(leads: readonly LeadSignal[], samplingRateHz: number, options: EcgMeasureOptions = {}): EcgMeasurements {
  // Calibration pulses would count as beats; analyse without them.
  leads = leads.map((l) => ({ name: l.name, samplesMv: maskCalibrationPulses(l.samplesMv, samplingRateHz) }));
  const reasons: Record<string, string> = {};
  const result: EcgMeasurements = {
    hrBpm: null,
    prMs: null,
    qrsMs: null,
    qtMs: null,
    qtcMs: { bazett: null, fridericia: null, framingham: null, hodges: null },
    axesDeg: { p: null, qrs: null, t: null },
    rr: { count: 0, meanMs: null, sdMs: null, minMs: null, maxMs: null },
    reasons,
    rPeakSampleIdx: [],
    detectionLead: null,
    fiducialsMs: { pOnset: null, pOffset: null, qrsOnset: null, qrsOffset: null, tOffset: null },
  };
  const fail = (why: string, fields: string[]) => {
    for (const f of fields) reasons[f] ??= why;
  };
  const all = ['hrBpm', 'prMs', 'qrsMs', 'qtMs', 'qtcMs', 'axesDeg.p', 'axesDeg.qrs', 'axesDeg.t'];
  if (leads.length === 0 || !(samplingRateHz > 0)) {
    fail('no leads to measure', all);
    return result;
  }
  const li = detectionLeadIndex(leads);
  const lead = leads[li] as LeadSignal;
  if (!hasSignal(lead)) {
    fail('all leads are flat', all);
    return result;
  }
  result.detectionLead = lead.name;
  const peaks = ecgPeaks(lead.samplesMv, samplingRateHz, options.method ? { method: options.method } : {}).rPeakSampleIdx;
  result.rPeakSampleIdx = peaks;
  if (peaks.length < 2) {
    fail(`fewer than 2 beats detected on ${lead.name}`, all);
    return result;
  }
  const rrMs = peaks.slice(1).map((p, i) => ((p - (peaks[i] as number)) / samplingRateHz) * 1000);
  const meanRr = rrMs.reduce((a, b) => a + b, 0) / rrMs.length;
  const sd = Math.sqrt(rrMs.reduce((a, b) => a + (b - meanRr) ** 2, 0) / Math.max(1, rrMs.length - 1));
  result.rr = { count: rrMs.length, meanMs: round1(meanRr), sdMs: round1(sd), minMs: round1(Math.min(...rrMs)), maxMs: round1(Math.max(...rrMs)) };
  result.hrBpm = round1(60000 / meanRr);
  const durationSec = lead.samplesMv.length / samplingRateHz;
  if (durationSec >= 60 && rrMs.length >= 2) {
    // Normal-to-normal: drop intervals differing > 20 % from the previous (ectopy, missed beats).
    const nn = rrMs.filter((v, i) => i === 0 || Math.abs(v - (rrMs[i - 1] as number)) <= 0.2 * (rrMs[i - 1] as number));
    const m = nn.reduce((a, b) => a + b, 0) / nn.length;
    const sdnn = Math.sqrt(nn.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, nn.length - 1));
    let ss = 0;
    for (let i = 1; i < nn.length; i++) ss += ((nn[i] as number) - (nn[i - 1] as number)) ** 2;
    result.hrv = { sdnnMs: round1(sdnn), rmssdMs: round1(Math.sqrt(ss / Math.max(1, nn.length - 1))) };
  }

  // Delineation needs a few ms of resolution: below 250 Hz, work on a 500 Hz polyphase interpolation.
  const delineationHz = samplingRateHz < 250 ? 500 : samplingRateHz;
  let delineationLeads = leads;
  let delineationPeaks = peaks;
  if (delineationHz !== samplingRateHz) {
    delineationLeads = leads.map((l) => ({ name: l.name, samplesMv: resampleSignal(l.samplesMv, samplingRateHz, delineationHz) }));
    delineationPeaks = realignPeaks(
      (delineationLeads[li] as LeadSignal).samplesMv,
      peaks.map((p) => Math.round((p * delineationHz) / samplingRateHz)),
      Math.ceil(delineationHz / samplingRateHz),
    );
  }
  const beats = ecgMedianBeats(delineationLeads, delineationHz, delineationPeaks);
  if (!beats) {
    fail('too few complete beats for a median beat', ['prMs', 'qrsMs', 'qtMs', 'qtcMs', 'axesDeg.p', 'axesDeg.qrs', 'axesDeg.t']);
    return result;
  }
  result.medianBeats = beats;
  const b: WaveBoundaries = ecgDelineate(beats);
  const toMs = (idx: number | undefined) => (idx === undefined ? null : round1(((idx - beats.rSampleIdx) / delineationHz) * 1000));
  result.fiducialsMs = {
    pOnset: toMs(b.pOnset),
    pOffset: toMs(b.pOffset),
    qrsOnset: toMs(b.qrsOnset),
    qrsOffset: toMs(b.qrsOffset),
    tOffset: toMs(b.tOffset),
  };
  const spanMs = (a: number | undefined, z: number | undefined) => (a === undefined || z === undefined ? null : round1(((z - a) / delineationHz) * 1000));
  result.qrsMs = spanMs(b.qrsOnset, b.qrsOffset);
  if (result.qrsMs === null) fail('QRS boundaries not found in the median beat', ['qrsMs', 'qtMs', 'qtcMs', 'prMs', 'axesDeg.qrs']);
  result.prMs = spanMs(b.pOnset, b.qrsOnset);
  if (result.prMs === null) fail('no P wave found before the QRS (atrial fibrillation, flutter or junctional rhythm?)', ['prMs', 'axesDeg.p']);
  result.qtMs = spanMs(b.qrsOnset, b.tOffset);
  if (result.qtMs === null) fail('T wave end not found (flat or low T waves)', ['qtMs', 'qtcMs', 'axesDeg.t']);
  if (result.qtMs !== null && result.hrBpm !== null) {
    const c = qtCorrections(result.qtMs, meanRr / 1000, result.hrBpm);
    result.qtcMs = { bazett: round1(c.bazett), fridericia: round1(c.fridericia), framingham: round1(c.framingham), hodges: round1(c.hodges) };
  }
  const axis = (from: number | undefined, to: number | undefined, field: 'p' | 'qrs' | 't') => {
    if (from === undefined || to === undefined || b.qrsOnset === undefined) return;
    const areas = netAreas(beats, from, to, b.qrsOnset);
    const pair = iAndAvf(areas);
    if (!pair) {
      fail('leads I and aVF (or two limb leads to derive them) are missing', [`axesDeg.${field}`]);
      return;
    }
    result.axesDeg[field] = Math.round(frontalAxisDeg(pair[0], pair[1]));
  };
  axis(b.pOnset, b.pOffset, 'p');
  axis(b.qrsOnset, b.qrsOffset, 'qrs');
  axis(b.qrsOffset, b.tOffset, 't');
  return result;
}
