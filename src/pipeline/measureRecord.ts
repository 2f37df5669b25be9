// Resting-ECG measurements and per-lead quality of a record: the one implementation behind `measure`, `analyze`, the app and reports.
import { leadMillivolts, type EcgRecord } from '../shared/ecgRecord';
import { UsageError } from '../shared/errors';
import { millivoltsPerUnit } from '../shared/units';
import { ecgMeasure } from '../signal/ecgMeasure';
import type { EcgPeaksMethod } from '../signal/ecgPeaks';
import { ecgLeadQuality, ecgQuality } from '../signal/ecgQuality';

/** Intervals, QTc and axes come from one standard 10 s resting window. */
export const MEASURE_WINDOW_SEC = 10;
/** Quality is judged on at most the first minute of each lead. */
export const QUALITY_WINDOW_SEC = 60;
/** RR statistics and HRV use at most the first 5 minutes (the Task Force's short-term recording). */
export const RHYTHM_WINDOW_SEC = 300;
/** A 10 s window whose detection lead scores at least this is taken as soon as it is found. */
const GOOD_WINDOW_SCORE = 0.8;

export interface MeasureRecordOptions {
  method?: EcgPeaksMethod;
}

type VoltageLead = { name: string; samplesMv: Float32Array };

function voltageLeads(record: EcgRecord): VoltageLead[] {
  const leads = record.leads
    .filter((l) => millivoltsPerUnit(l.unit) !== undefined)
    .map((l) => ({ name: l.name, samplesMv: leadMillivolts(l) }));
  if (leads.length === 0) throw new UsageError('this record has no ECG (voltage) lead');
  return leads;
}

const slice = (leads: readonly VoltageLead[], from: number, to: number): VoltageLead[] =>
  leads.map((l) => ({ name: l.name, samplesMv: l.samplesMv.subarray(from, to) }));

/** The lead quality is scored on to choose a window: II (or MLII), else I, else the first lead. */
function rhythmLead(leads: readonly VoltageLead[]): VoltageLead {
  for (const want of ['II', 'MLII', 'I']) {
    const l = leads.find((x) => x.name === want);
    if (l) return l;
  }
  return leads[0] as VoltageLead;
}

/**
 * Start sample of the 10 s window to measure intervals on: for records up to 10 s the whole record; for
 * longer ones the first 10 s window (stepping 10 s through the first 5 minutes) whose rhythm lead scores
 * ≥ 0.8 in `ecgLeadQuality`, else the best-scoring one of those windows.
 */
export function measureWindowStart(
  leads: readonly VoltageLead[],
  samplingRateHz: number,
  samplesPerLead: number,
): number {
  const width = Math.round(MEASURE_WINDOW_SEC * samplingRateHz);
  if (samplesPerLead <= width) return 0;
  const lead = rhythmLead(leads);
  const last = Math.min(samplesPerLead, Math.round(RHYTHM_WINDOW_SEC * samplingRateHz)) - width;
  let best = { start: 0, score: -Infinity };
  for (let start = 0; start <= Math.max(0, last); start += width) {
    const score = ecgLeadQuality(
      lead.samplesMv.subarray(start, start + width),
      samplingRateHz,
      lead.name,
    ).score;
    if (score >= GOOD_WINDOW_SCORE) return start;
    if (Number.isFinite(score) && score > best.score) best = { start, score };
  }
  return best.start;
}

/**
 * The JSON `measure --json` prints: HR, PR, QRS, QT, QTc (Bazett, Fridericia, Framingham, Hodges), frontal
 * axes (src/signal/ecgMeasure), RR statistics and HRV, and per-lead quality (src/signal/ecgQuality) with
 * the reasons for any null. Long records: intervals, HR, QTc and axes from the 10 s window chosen by
 * `measureWindowStart` (resting-ECG measurements are defined on a 10 s acquisition); RR and HRV over at most
 * the first 5 minutes; quality over at most the first minute.
 */
export function measureRecord(record: EcgRecord, options: MeasureRecordOptions = {}) {
  return measureRecordDetailed(record, options).summary;
}

/**
 * measureRecord's summary (the `measure --json` shape) plus what the viewer also draws: the median beats of the
 * measured window and the global fiducials relative to their R peak.
 */
export function measureRecordDetailed(record: EcgRecord, options: MeasureRecordOptions = {}) {
  const fs = record.samplingRateHz;
  const leads = voltageLeads(record);
  const n = record.samplesPerLead;
  const measureOptions = options.method ? { method: options.method } : {};
  const width = Math.round(MEASURE_WINDOW_SEC * fs);
  const start = measureWindowStart(leads, fs, n);
  const m = ecgMeasure(n > width ? slice(leads, start, start + width) : leads, fs, measureOptions);
  let rr = m.rr;
  let hrv = m.hrv;
  if (n > width) {
    const rhythm = ecgMeasure(
      [rhythmLead(leads)].map((l) => ({
        name: l.name,
        samplesMv: l.samplesMv.subarray(0, Math.round(RHYTHM_WINDOW_SEC * fs)),
      })),
      fs,
      measureOptions,
    );
    rr = rhythm.rr;
    hrv = rhythm.hrv;
  }
  const quality: Record<string, { score: number; flags: string[] }> = {};
  const qualityLeads = slice(leads, 0, Math.min(n, Math.round(QUALITY_WINDOW_SEC * fs)));
  for (const [name, q] of Object.entries(ecgQuality(qualityLeads, fs)))
    quality[name] = { score: q.score, flags: q.flags };
  const summary = {
    samplingRateHz: fs,
    hrBpm: m.hrBpm,
    prMs: m.prMs,
    qrsMs: m.qrsMs,
    qtMs: m.qtMs,
    qtcMs: m.qtcMs,
    axesDeg: m.axesDeg,
    rr,
    ...(hrv ? { hrv } : {}),
    beats: m.rPeakSampleIdx.length,
    detectionLead: m.detectionLead,
    quality,
    reasons: m.reasons,
  };
  return { summary, fiducialsMs: m.fiducialsMs, ...(m.medianBeats ? { medianBeats: m.medianBeats } : {}) };
}

export type RecordMeasurements = ReturnType<typeof measureRecord>;
