// The app's model engine at the edge: loads the active registered model (or the bundled default) from disk once,
// and offers classification and model denoising to the app API.
import { existsSync } from 'node:fs';
import { selectBackend } from '../model/backend';
import { loadModelPackage, type LoadedModelPackage } from '../model/package/modelPackage';
import { analyzeRecord } from '../pipeline/analyzeRecord';
import { denoiseRecord } from '../pipeline/denoiseRecord';
import type { AppAnalysisPort, AppModelPort, ClassificationOutput } from '../shared/api';
import type { EcgRecord } from '../shared/ecgRecord';
import type { ModelEntry } from '../shared/storeContracts';
import { readModelPackageDir } from './modelFiles';

export interface ModelServiceOptions {
  /** The library's registry; its active model wins over the bundled default. */
  registry?: { activeModel(): ModelEntry | undefined };
  /** models/default of the installation (used when no model is registered). */
  defaultModelDir?: string;
}

export interface ModelService {
  models: AppModelPort;
  /** Model denoising for the viewer, or undefined when no model can be loaded. */
  denoise(record: EcgRecord): Promise<{ record: EcgRecord; method: string }>;
  /** Which model directory would be used now (for tests and `doctor`). */
  currentModelDir(): string | undefined;
}

export function createModelService(options: ModelServiceOptions): ModelService {
  let cache: { dir: string; loaded: Promise<LoadedModelPackage> } | undefined;
  const currentModelDir = (): string | undefined => {
    const active = options.registry?.activeModel();
    if (active && existsSync(active.path)) return active.path;
    if (options.defaultModelDir && existsSync(options.defaultModelDir)) return options.defaultModelDir;
    return undefined;
  };
  const load = (): Promise<LoadedModelPackage> => {
    const dir = currentModelDir();
    if (dir === undefined) return Promise.reject(new Error('no model is registered and the bundled default model is missing'));
    if (cache?.dir !== dir) {
      cache?.loaded.then((m) => m.net.model.dispose()).catch(() => undefined);
      cache = { dir, loaded: selectBackend().then(() => loadModelPackage(readModelPackageDir(dir))) };
    }
    return cache.loaded;
  };
  return {
    currentModelDir,
    models: {
      async classify(record: EcgRecord): Promise<ClassificationOutput> {
        const loaded = await load();
        const a = analyzeRecord(record, { model: loaded });
        if (!a.model) throw new Error(a.reason ?? 'the model cannot classify this record');
        return { model: a.model, backend: a.backend ?? 'unknown', classes: a.diagnoses };
      },
    },
    async denoise(record: EcgRecord) {
      const loaded = await load();
      const out = denoiseRecord(record, loaded);
      return { record: out, method: `model ${loaded.manifest.name} ${loaded.manifest.version}: estimated noise subtracted at the record's own rate` };
    },
  };
}

/** The analysis port with model denoising when a model loads, else the filter denoiser. */
export function analysisWithModel(base: AppAnalysisPort, service: ModelService): AppAnalysisPort {
  return {
    ...base,
    async denoise(record: EcgRecord) {
      try {
        return await service.denoise(record);
      } catch {
        if (!base.denoise) throw new Error('no denoiser available');
        return base.denoise(record);
      }
    },
  };
}
