// The app API with every service wired to a library: one place for both shells (web server and Electron main).
import { dirname, join } from 'node:path';
import { createAppApi, defaultAnalysisPort, type AppApi } from '../pipeline/appApi';
import type { Capabilities } from '../shared/api';
import type { FormatReader } from '../shared/formatReader';
import { fsFileSource, sha256Parts } from './fileSource';
import type { Library } from './library';
import { analysisWithModel, createModelService } from './modelService';
import { bundledPath, packageVersion } from './packageRoot';
import { renderReportPdf } from './pdfReport';
import { productLine } from '../shared/about';
import { createTrainingService, type TrainingService, type TrainingServiceOptions } from './trainingService';

export interface AppServicesOptions {
  library: Library;
  /** The library file (':memory:' has no training service: the training worker needs a file). */
  dbPath: string;
  shell: Capabilities['shell'];
  /** Model used when the library has none registered (default: the installation's models/default). */
  defaultModelDir?: string | undefined;
  /** Where retrained packages go (default: `models/` beside the library file). */
  modelsDir?: string | undefined;
  trainSettingsOverride?: TrainingServiceOptions['trainSettingsOverride'];
  bootstrapResamples?: number | undefined;
  readers?: readonly FormatReader[] | undefined;
}

export interface AppServices {
  api: AppApi;
  /** Retraining; absent for an in-memory library. Close it on shutdown (it stops a running worker). */
  training: TrainingService | undefined;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const { library, dbPath } = options;
  const defaultModelDir = options.defaultModelDir ?? bundledPath('models', 'default');
  const models = createModelService({ registry: library, defaultModelDir });
  // Retraining runs in a worker thread, never on the thread that serves the UI.
  const training =
    dbPath === ':memory:'
      ? undefined
      : createTrainingService({
          dbPath,
          library,
          modelsDir: options.modelsDir ?? join(dirname(dbPath), 'models'),
          defaultModelDir,
          trainSettingsOverride: options.trainSettingsOverride,
          bootstrapResamples: options.bootstrapResamples,
        });
  const api = createAppApi({
    library,
    files: fsFileSource(),
    hash: sha256Parts,
    analysis: analysisWithModel(defaultAnalysisPort(), models),
    models: models.models,
    training,
    shell: options.shell,
    appVersion: packageVersion(),
    renderPdf: (doc) => renderReportPdf(doc, { creationDate: new Date(), producer: productLine(packageVersion()) }),
    ...(options.readers === undefined ? {} : { readers: options.readers }),
  });
  return { api, training };
}
