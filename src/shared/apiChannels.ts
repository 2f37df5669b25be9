// The names of the app API calls and their Electron IPC channels, without schemas (the sandboxed preload bundles only this).

/** Every call of the contract in src/shared/api.ts (a type check there keeps the two lists equal). */
export const API_CALL_NAMES = [
  'capabilities',
  'listRecords',
  'getRecord',
  'getSignals',
  'getAnnotations',
  'importFiles',
  'importUpload',
  'analyse',
  'denoise',
  'addReview',
  'reviewHistory',
  'listModels',
  'activateModel',
  'startTraining',
  'cancelTraining',
  'resumeTraining',
  'trainingJobs',
  'exportReport',
] as const;

export type ApiCallNameList = (typeof API_CALL_NAMES)[number];

/** The IPC channel carrying one call: declared here once, used by main (handle) and preload (invoke). */
export function ipcChannel(name: ApiCallNameList): string {
  return `ecg-studio:${name}`;
}

/** The one channel main uses to push progress events to the window. */
export const IPC_EVENT_CHANNEL = 'ecg-studio:event';
