// Saves and loads a model package (model.json + weights.bin + manifest.json) as bytes, through tfjs IO handlers.
import * as tf from '@tensorflow/tfjs';
import { FormatError, UsageError } from '../../shared/errors';
import { describeNet, type MultiTaskNet } from '../architectures/multiTaskNet';
import { inputSpecProblems, MANIFEST_FILE, MODEL_FILE, modelManifestSchema, WEIGHTS_FILE, type InputOffer, type ModelManifest } from './manifest';

/** A package's files by name; the store layer maps them to a folder on disk. */
export type ModelPackageFiles = Record<string, Uint8Array>;

const FORMAT = 'model-package';

function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
}

/** Serialises the model as a tfjs layers model (model.json with one weights.bin) plus the validated manifest. */
export async function saveModelPackage(model: tf.LayersModel, manifest: ModelManifest): Promise<ModelPackageFiles> {
  const checked = modelManifestSchema.parse(manifest);
  let files: ModelPackageFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || artifacts.weightData === undefined) throw new Error('tfjs produced no weights');
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      files = { [MODEL_FILE]: jsonBytes(modelJson), [WEIGHTS_FILE]: weights, [MANIFEST_FILE]: jsonBytes(checked) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  if (!files) throw new Error('model.save did not call the save handler');
  return files;
}

function parseJson(files: ModelPackageFiles, name: string): unknown {
  const bytes = files[name];
  if (!bytes) throw new FormatError({ format: FORMAT, file: name, reason: `the package has no ${name}` });
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new FormatError({ format: FORMAT, file: name, reason: `${name} is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
  }
}

/** Reads and validates manifest.json alone (cheap: lists and checks models without loading weights). */
export function readModelManifest(files: ModelPackageFiles): ModelManifest {
  const parsed = modelManifestSchema.safeParse(parseJson(files, MANIFEST_FILE));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FormatError({ format: FORMAT, file: MANIFEST_FILE, reason: `manifest.json: ${issue.path.join('.') || '(root)'}: ${issue.message}` });
  }
  return parsed.data;
}

export interface LoadedModelPackage {
  manifest: ModelManifest;
  net: MultiTaskNet;
}

/**
 * Loads a package. With `input`, refuses (UsageError, one sentence per unmet need) a model whose input spec
 * the caller cannot meet, before any weights are read.
 */
export async function loadModelPackage(files: ModelPackageFiles, options: { input?: InputOffer } = {}): Promise<LoadedModelPackage> {
  const manifest = readModelManifest(files);
  if (options.input) {
    const problems = inputSpecProblems(manifest.input, options.input);
    if (problems.length) throw new UsageError(`model '${manifest.name}' ${manifest.version} cannot be used: ${problems.join('; ')}.`);
  }
  const modelJson = parseJson(files, MODEL_FILE) as tf.io.ModelJSON;
  if (!modelJson || typeof modelJson !== 'object' || !modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new FormatError({ format: FORMAT, file: MODEL_FILE, reason: 'model.json lacks modelTopology or weightsManifest' });
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const weightParts = modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => {
    const b = files[p];
    if (!b) throw new FormatError({ format: FORMAT, file: p, reason: `the package has no ${p} (named in model.json)` });
    return b;
  });
  const weightBytes = new Uint8Array(weightParts.reduce((a, b) => a + b.length, 0));
  let off = 0;
  for (const part of weightParts) {
    weightBytes.set(part, off);
    off += part.length;
  }
  const expected = weightSpecs.reduce((a, s) => a + s.shape.reduce((p, q) => p * q, 1) * 4, 0);
  if (expected !== weightBytes.length) {
    throw new FormatError({ format: FORMAT, file: WEIGHTS_FILE, reason: `weights hold ${weightBytes.length} bytes, model.json describes ${expected}` });
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: weightBytes.buffer.slice(0, weightBytes.length) as ArrayBuffer }),
  );
  return { manifest, net: describeNet(model, manifest.architecture) };
}
