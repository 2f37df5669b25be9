// Model denoising of a whole record: the model's noise estimate, cross-faded over overlapping windows, subtracted at the record's own rate.
import { type EcgRecord } from '../shared/ecgRecord';
import { UsageError } from '../shared/errors';
import { millivoltsPerUnit } from '../shared/units';
import { resampleFactors } from '../signal/resample';
import { modelLeadSources, resampleSpan } from './datasets/prepareInput';
import { predictMultiTask } from '../model/infer';
import { applyFrontEnd } from './modelFrontEnd';
import { ecgFilter } from '../signal/ecgFilter';
import { inputSpecProblems, type InputSpec, type ModelManifest } from '../model/package/manifest';
import type { LoadedModelPackage } from '../model/package/modelPackage';

export interface DenoiseOptions {
  /** Fraction of a window shared with the next one (0 ≤ overlap ≤ 0.9; 0.5 unless given). */
  overlap?: number;
  /** Windows per forward pass (16 unless given). */
  batchSize?: number;
  /** Windows prepared and run per chunk; bounds the working memory of long records (64 unless given). */
  chunkWindows?: number;
}

/** What `denoiseRecord` writes to record.metadata.denoise. */
export interface DenoiseMetadata {
  model: string;
  version: string;
  backend: string;
  windowSec: number;
  overlap: number;
  /** Record leads the model does not take; copied unchanged. */
  untouchedLeads: string[];
  /** Model inputs computed from other limb leads (Einthoven/Goldberger); they steer the model but are not written. */
  derivedInputLeads: string[];
}

/** One sentence per unmet need of the model's input spec for this record (empty when it can be used). */
export function modelInputProblems(record: EcgRecord, manifest: ModelManifest): string[] {
  const sources = modelLeadSources(record, manifest.input.leads);
  const available = manifest.input.leads.filter((_, c) => sources[c]!.source !== undefined);
  return inputSpecProblems(manifest.input, {
    samplingRateHz: record.samplingRateHz,
    leads: available,
    lengthSamples: record.samplesPerLead,
    canResample: true,
    canWindow: true,
  });
}

/** Throws a UsageError naming the model and every unmet need when the record cannot be fed to it. */
export function assertModelInput(record: EcgRecord, manifest: ModelManifest): void {
  const problems = modelInputProblems(record, manifest);
  if (problems.length)
    throw new UsageError(
      `model '${manifest.name}' ${manifest.version} cannot be used on this record: ${problems.join('; ')}.`,
    );
}

/**
 * Normalises windows laid out [count × length × leads] in mV in place as the input spec says (unit, then
 * 'scale' or per-window 'per-lead-zscore'; `validLength[w]` samples of window w are real, the rest padding).
 * Returns per window and lead the gain g such that a difference of normalised values times 1/g is in mV.
 */
export function normaliseWindows(
  windows: Float32Array,
  count: number,
  spec: InputSpec,
  validLength?: readonly number[],
): Float32Array {
  const length = spec.lengthSamples;
  const leads = spec.leads.length;
  const gains = new Float32Array(count * leads);
  const unitGain = spec.units === 'uV' ? 1000 : 1;
  for (let w = 0; w < count; w++) {
    const n = Math.max(1, Math.min(length, validLength?.[w] ?? length));
    for (let c = 0; c < leads; c++) {
      let offset = 0;
      let gain = unitGain;
      if (spec.normalisation.method === 'scale') gain *= spec.normalisation.scale ?? 1;
      if (spec.normalisation.method === 'per-lead-zscore') {
        let s = 0;
        let s2 = 0;
        for (let t = 0; t < n; t++) {
          const v = windows[(w * length + t) * leads + c] as number;
          s += v;
          s2 += v * v;
        }
        const mean = s / n;
        const sd = Math.sqrt(Math.max(0, s2 / n - mean * mean));
        offset = mean;
        gain = sd > 1e-9 ? 1 / sd : 0;
      }
      gains[w * leads + c] = gain;
      for (let t = 0; t < length; t++) {
        const k = (w * length + t) * leads + c;
        windows[k] = t < n ? ((windows[k] as number) - offset) * gain : 0;
      }
    }
  }
  return gains;
}

/** Window starts (model-rate samples) covering [0, total): every `hop`, the last one flush with the end. */
export function windowStarts(total: number, length: number, hop: number): number[] {
  if (total <= length) return [0];
  const starts: number[] = [];
  for (let s = 0; s + length < total; s += hop) starts.push(s);
  if (starts[starts.length - 1] !== total - length) starts.push(total - length);
  return starts;
}

/**
 * Denoises every lead the model takes and returns a new record at the record's own sampling rate, leads,
 * length and units. Windows of the model's input length slide over the record at the model's rate
 * (`overlap`, default 50 %); each window's noise estimate, model input − recovered signal, is blended
 * across overlaps with a Hann taper (weighted overlap-add, normalised by the summed taper) — the
 * "residual learning" view of DnCNN (Zhang et al. 2017, IEEE TIP 26(7):3142–3155).
 *
 * The noise estimate, not the recovered signal, is brought back to the record's rate and subtracted from the
 * original samples: a model at 100 Hz cannot represent content above 50 Hz, so replacing the signal by its
 * output would low-pass every QRS complex; subtracting only what the model judged noise keeps the original's
 * high-frequency detail and removes wander and in-band noise. (Noise above the model's Nyquist frequency is
 * therefore left in; the monitoring filter in src/signal/ecgFilter removes it if wanted.)
 *
 * Working memory besides the output record: (model leads + 1) × 4 bytes per model-rate sample, plus one
 * chunk of `chunkWindows` windows and their predictions.
 */
export function denoiseRecord(
  record: EcgRecord,
  loaded: LoadedModelPackage,
  options: DenoiseOptions = {},
): EcgRecord {
  const { manifest, net } = loaded;
  assertModelInput(record, manifest);
  const overlap = options.overlap ?? 0.5;
  if (!(overlap >= 0 && overlap <= 0.9))
    throw new UsageError(`overlap must be between 0 and 0.9, got ${overlap}`);
  const batchSize = options.batchSize ?? 16;
  const chunkWindows = Math.max(1, options.chunkWindows ?? 64);
  const spec = manifest.input;
  const fs = record.samplingRateHz;
  const fsModel = spec.samplingRateHz;
  const length = spec.lengthSamples;
  const leads = spec.leads.length;
  const { up, down } = resampleFactors(fs, fsModel);
  const total = Math.ceil((record.samplesPerLead * up) / down);
  const starts = windowStarts(total, length, Math.max(1, Math.round(length * (1 - overlap))));
  const sources = modelLeadSources(record, spec.leads);

  const taper = new Float32Array(length);
  for (let t = 0; t < length; t++) taper[t] = Math.sin((Math.PI * (t + 0.5)) / length) ** 2;
  const noiseMv = spec.leads.map(() => new Float32Array(total));
  const weight = new Float32Array(total);
  let backend = '';

  for (let k0 = 0; k0 < starts.length; k0 += chunkWindows) {
    const chunk = starts.slice(k0, k0 + chunkWindows);
    const a = chunk[0] as number;
    const b = Math.min(total, (chunk[chunk.length - 1] as number) + length);
    const pieces = sources.map((s) =>
      s.source ? resampleSpan(s.source, record.samplesPerLead, fs, fsModel, a, b) : undefined,
    );
    const windows = new Float32Array(chunk.length * length * leads);
    const valid = chunk.map((s) => Math.min(length, total - s));
    chunk.forEach((s, w) => {
      for (let c = 0; c < leads; c++) {
        const piece = pieces[c];
        if (!piece) continue;
        for (let t = 0; t < (valid[w] as number); t++)
          windows[(w * length + t) * leads + c] = piece[s - a + t] as number;
      }
    });
    const gains = normaliseWindows(windows, chunk.length, spec, valid);
    // The network sees its front end's output; the noise estimate is taken against the raw window.
    const input = applyFrontEnd(windows, chunk.length, leads, fsModel, spec.preFilter);
    const prediction = predictMultiTask(net.model, input, chunk.length, batchSize);
    backend = prediction.backend;
    chunk.forEach((s, w) => {
      for (let t = 0; t < (valid[w] as number); t++)
        weight[s + t] = (weight[s + t] as number) + (taper[t] as number);
      for (let c = 0; c < leads; c++) {
        const gain = gains[w * leads + c] as number;
        if (!pieces[c] || gain === 0) continue;
        const out = noiseMv[c] as Float32Array;
        for (let t = 0; t < (valid[w] as number); t++) {
          const k = (w * length + t) * leads + c;
          out[s + t] =
            (out[s + t] as number) +
            ((taper[t] as number) * ((windows[k] as number) - (prediction.recovered[k] as number))) / gain;
        }
      }
    });
  }
  for (const n of noiseMv) for (let i = 0; i < total; i++) n[i] = (n[i] as number) / (weight[i] as number);
  // A front end with a low-pass edge hides the band above it from the network, so its "noise" estimate there is
  // just the signal it could not see (QRS energy): keep the estimate only below that edge.
  const lowPassHz = spec.preFilter?.lowPassHz;
  if (lowPassHz !== undefined && lowPassHz < 0.45 * fsModel) {
    for (const n of noiseMv) n.set(ecgFilter(n, fsModel, { highPassHz: null, lowPassHz, notchHz: null }));
  }

  const touched = new Map<number, number>();
  sources.forEach((s, c) => {
    if (s.recordLead !== undefined && s.recordLead >= 0) touched.set(s.recordLead, c);
  });
  const span = 1 << 16;
  const leadsOut = record.leads.map((lead, i) => {
    const c = touched.get(i);
    if (c === undefined) return { ...lead, samples: lead.samples.slice() };
    const noise = noiseMv[c] as Float32Array;
    const perMv = 1 / (millivoltsPerUnit(lead.unit) as number);
    const samples = new Float32Array(record.samplesPerLead);
    for (let from = 0; from < samples.length; from += span) {
      const to = Math.min(samples.length, from + span);
      const back = resampleSpan((x, y) => noise.subarray(x, y), total, fsModel, fs, from, to);
      for (let k = from; k < to; k++)
        samples[k] = (lead.samples[k] as number) - (back[k - from] as number) * perMv;
    }
    return { ...lead, samples };
  });
  const denoise: DenoiseMetadata = {
    model: manifest.name,
    version: manifest.version,
    backend,
    windowSec: length / fsModel,
    overlap,
    untouchedLeads: record.leads.filter((_, i) => !touched.has(i)).map((l) => l.name),
    derivedInputLeads: spec.leads.filter((_, c) => sources[c]!.recordLead === -1),
  };
  return {
    ...record,
    leads: leadsOut,
    metadata: { ...record.metadata, denoise },
    warnings: [...record.warnings],
  };
}
