// Wires the web shell: opens the library, builds the app API over it, serves the renderer on 127.0.0.1.
import type { FormatReader } from '../shared/formatReader';
import { openLibrary, type Library } from '../store/library';
import type { TrainingService, TrainSettingsOverride } from '../store/trainingService';
import type { AppApi } from '../pipeline/appApi';
import { createAppServices } from '../store/appServices';
import { rendererDir, startWebShell, type WebShell } from './webShell';

export interface AppServerOptions {
  /** Library file, or ':memory:' for a throwaway one. */
  dbPath: string;
  port: number;
  token?: string;
  staticDir?: string;
  /** Readers for import (default: the registry); tests may add their own. */
  readers?: readonly FormatReader[];
  /** Model used when the library has none registered (default: the installation's models/default). */
  defaultModelDir?: string;
  /** Where retrained model packages go (default: `models/` beside the library file). */
  modelsDir?: string;
  /** Test-only: replaces parts of the default training settings (a tiny net for end-to-end tests). */
  trainSettingsOverride?: TrainSettingsOverride;
  /** Test-only: fewer bootstrap resamples for the retrained model's test metrics. */
  bootstrapResamples?: number;
}

export interface AppServer {
  shell: WebShell;
  api: AppApi;
  library: Library;
  /** Retraining; absent for an in-memory library (the worker thread needs a file to open). */
  training: TrainingService | undefined;
  close(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const library = openLibrary(options.dbPath, options.dbPath === ':memory:' ? { skipIntegrityCheck: true } : {});
  const { api, training } = createAppServices({
    library,
    dbPath: options.dbPath,
    shell: 'web',
    defaultModelDir: options.defaultModelDir,
    modelsDir: options.modelsDir,
    trainSettingsOverride: options.trainSettingsOverride,
    bootstrapResamples: options.bootstrapResamples,
    readers: options.readers,
  });
  let shell: WebShell;
  try {
    shell = await startWebShell({
      handlers: api.handlers,
      onEvent: api.onEvent,
      staticDir: options.staticDir ?? rendererDir(),
      port: options.port,
      ...(options.token === undefined ? {} : { token: options.token }),
    });
  } catch (err) {
    await training?.close();
    library.close();
    throw err;
  }
  return {
    shell,
    api,
    library,
    training,
    async close() {
      await shell.close();
      await training?.close();
      library.close();
    },
  };
}
