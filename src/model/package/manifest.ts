// The model package manifest (manifest.json): what a model is, what input it needs, how it was trained; zod-validated.
import { z } from 'zod';
import { normalizeLeadName } from '../../shared/leads';
import { multiTaskNetConfigSchema } from '../architectures/multiTaskNet';

export const MANIFEST_FILE = 'manifest.json';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export const inputSpecSchema = z.object({
  samplingRateHz: z.number().positive(),
  /** Lead names in the order of the input's channel axis (normalised spellings: I, II, …, V6). */
  leads: z.array(z.string().min(1)).min(1),
  /** Samples per lead (durationSec = lengthSamples / samplingRateHz). */
  lengthSamples: z.number().int().positive(),
  /** Unit the samples must be in before normalisation. */
  units: z.enum(['mV', 'uV']),
  /** 'none'; 'scale' multiplies by `scale`; 'per-lead-zscore' subtracts each lead's mean and divides by its SD. */
  normalisation: z.object({ method: z.enum(['none', 'scale', 'per-lead-zscore']), scale: z.number().positive().optional() }),
  /**
   * Fixed front end applied to every input window before the network (zero-phase Butterworth band, src/signal/ecgFilter):
   * the network then learns what the classical filter leaves. Absent = none.
   */
  preFilter: z.object({ highPassHz: z.number().positive().optional(), lowPassHz: z.number().positive().optional() }).optional(),
});
export type InputSpec = z.infer<typeof inputSpecSchema>;

export const modelManifestSchema = z
  .object({
    formatVersion: z.literal(1),
    name: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, 'must be a semantic version like 1.0.0'),
    created: z.string().datetime({ offset: true }),
    description: z.string().optional(),
    labels: z.array(z.object({ code: z.string().min(1), description: z.string() })).min(1),
    input: inputSpecSchema,
    outputs: z.object({
      recovery: z.object({ name: z.string(), units: z.enum(['mV', 'uV']) }),
      /** The classifier output holds logits; probabilities are sigmoid(logit) per label. */
      classification: z.object({ name: z.string(), activation: z.literal('logits') }),
    }),
    architecture: multiTaskNetConfigSchema,
    training: z.record(z.unknown()),
    dataProvenance: z.array(
      z.object({ name: z.string(), version: z.string().optional(), url: z.string().optional(), license: z.string().optional(), notes: z.string().optional() }),
    ),
    metrics: z.record(z.unknown()),
    /** tfjs backend the model was trained and evaluated on. */
    backend: z.string().min(1),
    tfjsVersion: z.string().min(1),
  })
  .superRefine((m, ctx) => {
    if (m.labels.length !== m.architecture.classCount) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `${m.labels.length} labels but the network has ${m.architecture.classCount} outputs` });
    }
    if (m.input.leads.length !== m.architecture.leads) {
      ctx.addIssue({ code: 'custom', path: ['input', 'leads'], message: `${m.input.leads.length} leads but the network takes ${m.architecture.leads}` });
    }
    if (m.input.lengthSamples !== m.architecture.inputLength) {
      ctx.addIssue({ code: 'custom', path: ['input', 'lengthSamples'], message: `${m.input.lengthSamples} samples but the network takes ${m.architecture.inputLength}` });
    }
  });
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** What the caller can feed a model: the record's rate, leads and length, and whether it can resample or crop/pad. */
export interface InputOffer {
  samplingRateHz: number;
  leads: readonly string[];
  lengthSamples: number;
  /** True when the caller resamples to the model's rate (src/signal), so any rate is acceptable. */
  canResample?: boolean;
  /** True when the caller windows or pads records to the model's length. */
  canWindow?: boolean;
}

/** The reasons, one sentence each, why `offer` cannot meet the model's input spec (empty when it can). */
export function inputSpecProblems(spec: InputSpec, offer: InputOffer): string[] {
  const problems: string[] = [];
  const have = new Set(offer.leads.map(normalizeLeadName));
  const missing = spec.leads.filter((l) => !have.has(normalizeLeadName(l)));
  if (missing.length) problems.push(`it needs lead${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the input lacks`);
  if (!offer.canResample && Math.abs(offer.samplingRateHz - spec.samplingRateHz) > 1e-9) {
    problems.push(`it needs ${spec.samplingRateHz} Hz input, the input is ${offer.samplingRateHz} Hz and resampling is off`);
  }
  const offeredAtModelRate = Math.floor((offer.lengthSamples * spec.samplingRateHz) / offer.samplingRateHz);
  if (!offer.canWindow && offeredAtModelRate !== spec.lengthSamples) {
    problems.push(
      `it needs ${spec.lengthSamples / spec.samplingRateHz} s (${spec.lengthSamples} samples at ${spec.samplingRateHz} Hz), the input has ${offer.lengthSamples / offer.samplingRateHz} s`,
    );
  } else if (offeredAtModelRate < spec.lengthSamples && offer.canWindow && offeredAtModelRate < spec.lengthSamples / 2) {
    problems.push(`the input (${offer.lengthSamples / offer.samplingRateHz} s) is shorter than half the model's ${spec.lengthSamples / spec.samplingRateHz} s window`);
  }
  return problems;
}
