// Analysis of one record: the model's label probabilities over the record's windows, with measurements and lead quality.
import type { EcgRecord } from '../shared/ecgRecord';
import { describeError } from '../shared/errors';
import { predictMultiTask } from '../model/infer';
import { applyFrontEnd } from './modelFrontEnd';
import type { LoadedModelPackage } from '../model/package/modelPackage';
import { prepareModelInput } from './datasets/prepareInput';
import { modelInputProblems, normaliseWindows, windowStarts } from './denoiseRecord';
import { measureRecord, type MeasureRecordOptions, type RecordMeasurements } from './measureRecord';

export const ANALYSIS_ADVISORY = 'advisory, not a diagnosis';

/** Windows (of the model's length) at most classified per record. */
export const MAX_ANALYSIS_WINDOWS = 32;

export interface Diagnosis {
  code: string;
  label: string;
  probability: number;
}

export interface RecordAnalysis {
  model: { name: string; version: string } | null;
  /** tfjs backend the model ran on; null without a model run. */
  backend: string | null;
  /** Sorted by probability, highest first; empty without a usable model. */
  diagnoses: Diagnosis[];
  /** Per-lead quality (src/signal/ecgQuality) as in `measure --json`. */
  quality: RecordMeasurements['quality'];
  /** `measure --json` without its quality field. */
  measurements: Omit<RecordMeasurements, 'quality'>;
  /** Windows classified and their length. */
  windows: { count: number; durationSec: number } | null;
  /** Why there are no diagnoses (no model, or the model cannot take this record). */
  reason?: string;
  advisory: typeof ANALYSIS_ADVISORY;
}

export interface AnalyzeOptions extends MeasureRecordOptions {
  model?: LoadedModelPackage | null;
  /** At most this many windows are classified (32 unless given). */
  maxWindows?: number;
  batchSize?: number;
}

/**
 * Model-rate window starts for classification: one window for records up to the model's length (zero-padded),
 * else non-overlapping windows from the start, or `maxWindows` evenly spread ones over longer records.
 */
function classificationStarts(totalModelSamples: number, length: number, maxWindows: number): number[] {
  const all = windowStarts(totalModelSamples, length, length);
  if (all.length <= maxWindows) return all;
  const last = totalModelSamples - length;
  return Array.from({ length: maxWindows }, (_, i) => Math.round((i * last) / (maxWindows - 1)));
}

/**
 * Measures the record (src/pipeline/measureRecord) and, with a model, classifies it. A record longer than
 * the model's window is cut into windows (see `classificationStarts`) and each label's probability is the
 * mean of its per-window probabilities: a 10 s model is calibrated on 10 s examples, and averaging keeps a
 * long record's output on that scale. A finding present in only part of a long record (paroxysmal) is diluted
 * by the mean; the per-window view is the place to look for those.
 */
export function analyzeRecord(record: EcgRecord, options: AnalyzeOptions = {}): RecordAnalysis {
  const { quality, ...measurements } = measureRecord(
    record,
    options.method ? { method: options.method } : {},
  );
  const base = { quality, measurements, advisory: ANALYSIS_ADVISORY } as const;
  const loaded = options.model ?? null;
  if (!loaded)
    return {
      model: null,
      backend: null,
      diagnoses: [],
      windows: null,
      reason: 'no model: only measurements and quality',
      ...base,
    };
  const { manifest, net } = loaded;
  const model = { name: manifest.name, version: manifest.version };
  const problems = modelInputProblems(record, manifest);
  if (problems.length) {
    return {
      model,
      backend: null,
      diagnoses: [],
      windows: null,
      reason: `model '${manifest.name}' ${manifest.version} cannot be used on this record: ${problems.join('; ')}.`,
      ...base,
    };
  }
  const spec = manifest.input;
  const length = spec.lengthSamples;
  const leads = spec.leads.length;
  const total = Math.round((record.samplesPerLead * spec.samplingRateHz) / record.samplingRateHz);
  const starts = classificationStarts(total, length, Math.max(1, options.maxWindows ?? MAX_ANALYSIS_WINDOWS));
  const windows = new Float32Array(starts.length * length * leads);
  const valid: number[] = [];
  starts.forEach((s, w) => {
    const prepared = prepareModelInput(
      record,
      { samplingRateHz: spec.samplingRateHz, leads: spec.leads, length },
      s / spec.samplingRateHz,
    );
    windows.set(prepared.samplesMv, w * length * leads);
    valid.push(Math.min(length, total - s));
  });
  normaliseWindows(windows, starts.length, spec, valid);
  let prediction;
  try {
    const input = applyFrontEnd(windows, starts.length, leads, spec.samplingRateHz, spec.preFilter);
    prediction = predictMultiTask(net.model, input, starts.length, options.batchSize ?? 16);
  } catch (err) {
    return {
      model,
      backend: null,
      diagnoses: [],
      windows: null,
      reason: `the model failed on this record: ${describeError(err)}`,
      ...base,
    };
  }
  const k = prediction.classCount;
  const diagnoses = manifest.labels.map((label, j) => {
    let sum = 0;
    for (let w = 0; w < starts.length; w++) sum += prediction.probabilities[w * k + j] as number;
    return { code: label.code, label: label.description || label.code, probability: sum / starts.length };
  });
  diagnoses.sort((x, y) => y.probability - x.probability);
  return {
    model,
    backend: prediction.backend,
    diagnoses,
    windows: { count: starts.length, durationSec: length / spec.samplingRateHz },
    ...base,
  };
}

/**
 * Per-label decision thresholds a model package reports (F1-tuned on its validation split; metrics.classification
 * .perClass[i].threshold in label order), or an empty map when the package has none.
 */
export function modelThresholds(manifest: { labels: { code: string }[]; metrics: Record<string, unknown> }): Map<string, number> {
  const perClass = (manifest.metrics['classification'] as { perClass?: { threshold?: unknown }[] } | undefined)?.perClass;
  const out = new Map<string, number>();
  manifest.labels.forEach((l, i) => {
    const t = perClass?.[i]?.threshold;
    if (typeof t === 'number' && Number.isFinite(t)) out.set(l.code, t);
  });
  return out;
}
