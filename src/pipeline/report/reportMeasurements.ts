// The measurements a report and an analysis export show, computed with src/signal over the printed window.
import { leadMillivolts, type EcgRecord } from '../../shared/ecgRecord';
import { millivoltsPerUnit } from '../../shared/units';
import { ecgMeasure } from '../../signal/ecgMeasure';
import { ecgQuality } from '../../signal/ecgQuality';

export interface ReportMeasurements {
  /** The window measured, s from the record start. */
  windowStartSec: number;
  windowDurationSec: number;
  hrBpm: number | null;
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  qtcMs: {
    bazett: number | null;
    fridericia: number | null;
    framingham: number | null;
    hodges: number | null;
  };
  axesDeg: { p: number | null; qrs: number | null; t: number | null };
  rrMeanMs: number | null;
  beats: number;
  detectionLead: string | null;
  /** Why a field is null, keyed by field name (as ecgMeasure gives them). */
  reasons: Record<string, string>;
  /** Per-lead quality 0–1 with clinician-readable flags. */
  quality: { lead: string; score: number; flags: string[] }[];
  method: string;
}

/** Samples [startSec, startSec + durationSec) of every voltage lead, in mV. */
export function voltageWindow(
  record: EcgRecord,
  startSec: number,
  durationSec: number,
): { name: string; samplesMv: Float32Array }[] {
  const from = Math.min(record.samplesPerLead, Math.max(0, Math.round(startSec * record.samplingRateHz)));
  const to = Math.min(record.samplesPerLead, from + Math.round(durationSec * record.samplingRateHz));
  // Cut before scaling so that a long record in µV is not copied whole.
  return record.leads
    .filter((l) => millivoltsPerUnit(l.unit) !== undefined)
    .map((l) => ({
      name: l.name,
      samplesMv: leadMillivolts({ ...l, samples: l.samples.subarray(from, to) }),
    }));
}

/**
 * HR, PR, QRS, QT, QTc (Bazett, Fridericia, Framingham, Hodges), P/QRS/T axes and lead quality of the window
 * by `ecgMeasure` and `ecgQuality` (src/signal; methods and references there). Nulls carry a reason.
 */
export function reportMeasurements(
  record: EcgRecord,
  startSec: number,
  durationSec: number,
): ReportMeasurements {
  const leads = voltageWindow(record, startSec, durationSec);
  const windowDurationSec = (leads[0]?.samplesMv.length ?? 0) / record.samplingRateHz;
  const base = { windowStartSec: startSec, windowDurationSec };
  if (leads.length === 0 || windowDurationSec === 0)
    return unmeasured(
      base,
      leads.length === 0 ? 'the record has no ECG (voltage) lead' : 'the window holds no samples',
    );
  let m: ReturnType<typeof ecgMeasure>;
  let quality: ReportMeasurements['quality'];
  try {
    m = ecgMeasure(leads, record.samplingRateHz);
    quality = Object.values(ecgQuality(leads, record.samplingRateHz)).map((q) => ({
      lead: q.lead,
      score: q.score,
      flags: q.flags,
    }));
  } catch (err) {
    // A record the detectors cannot handle (e.g. sampled below 50 Hz) still prints, without figures.
    return unmeasured(base, err instanceof Error ? err.message : String(err));
  }
  return {
    ...base,
    hrBpm: m.hrBpm,
    prMs: m.prMs,
    qrsMs: m.qrsMs,
    qtMs: m.qtMs,
    qtcMs: m.qtcMs,
    axesDeg: m.axesDeg,
    rrMeanMs: m.rr.meanMs,
    beats: m.rPeakSampleIdx.length,
    detectionLead: m.detectionLead,
    reasons: m.reasons,
    quality,
    method: `ecgMeasure: R peaks on ${m.detectionLead ?? '-'}, median-beat delineation; ecgQuality`,
  };
}

function unmeasured(
  base: { windowStartSec: number; windowDurationSec: number },
  why: string,
): ReportMeasurements {
  return {
    ...base,
    hrBpm: null,
    prMs: null,
    qrsMs: null,
    qtMs: null,
    qtcMs: { bazett: null, fridericia: null, framingham: null, hodges: null },
    axesDeg: { p: null, qrs: null, t: null },
    rrMeanMs: null,
    beats: 0,
    detectionLead: null,
    reasons: Object.fromEntries(
      ['hrBpm', 'prMs', 'qrsMs', 'qtMs', 'qtcMs', 'axesDeg.p', 'axesDeg.qrs', 'axesDeg.t'].map((k) => [
        k,
        why,
      ]),
    ),
    quality: [],
    method: 'not measured',
  };
}
