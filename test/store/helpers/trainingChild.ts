// Child process for the crash tests: a fake training run that records one epoch every ~40 ms, resumable.
import { openLibrary } from '../../../src/store/library';

const EPOCHS = 12;
const [dbPath = '', mode = 'new', runIdText = '0'] = process.argv.slice(2);
const lib = openLibrary(dbPath);
let runId: number;
let nextEpoch: number;
if (mode === 'new') {
  runId = lib.createTrainingRun({ epochs: EPOCHS, model: 'fake' });
  lib.startTrainingRun(runId, process.pid);
  nextEpoch = 1;
} else {
  runId = Number(runIdText);
  const run = lib.resumeTrainingRun(runId, process.pid);
  nextEpoch = run.epochMetrics.length + 1;
}
process.stdout.write(`run ${runId}\n`);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let epoch = nextEpoch; epoch <= EPOCHS; epoch++) {
  Atomics.wait(pause, 0, 0, 40); // the "training"
  lib.recordTrainingEpoch(runId, { progress: epoch / EPOCHS, metrics: { epoch, loss: 1 / epoch }, checkpointPath: `ckpt-${epoch}`, logLine: `epoch ${epoch}` });
  process.stdout.write(`epoch ${epoch}\n`);
}
lib.finishTrainingRun(runId, 'completed');
process.stdout.write('finished\n');
lib.close();
