import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../../src/store/library';

test('training runs: queued → running → epochs appended → completed', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const id = lib.createTrainingRun({ epochs: 2, lr: 0.001 });
  assert.equal(lib.getTrainingRun(id)!.status, 'queued');
  assert.throws(() => lib.recordTrainingEpoch(id, { progress: 0.5, metrics: {} }), /not running/);
  lib.startTrainingRun(id, 1234);
  lib.recordTrainingEpoch(id, { progress: 0.5, metrics: { epoch: 1, loss: 0.9 }, checkpointPath: '/ck/1', logLine: 'epoch 1' });
  lib.recordTrainingEpoch(id, { progress: 1, metrics: { epoch: 2, loss: 0.5 }, checkpointPath: '/ck/2' });
  lib.finishTrainingRun(id, 'completed', 'done');
  const run = lib.getTrainingRun(id)!;
  assert.equal(run.status, 'completed');
  assert.deepEqual(run.epochMetrics, [{ epoch: 1, loss: 0.9 }, { epoch: 2, loss: 0.5 }]);
  assert.equal(run.checkpointPath, '/ck/2');
  assert.equal(run.log, 'epoch 1\ndone\n');
  assert.ok(run.endedAt !== null && run.pid === 1234);
  assert.throws(() => lib.startTrainingRun(id, 1), /is completed/);
  lib.close();
});

test('training runs: a running run of a dead process becomes interrupted on open and can be resumed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-runs-'));
  try {
    const file = join(dir, 'library.db');
    const lib = openLibrary(file);
    const dead = lib.createTrainingRun({});
    const alive = lib.createTrainingRun({});
    lib.startTrainingRun(dead, 111);
    lib.startTrainingRun(alive, 222);
    lib.recordTrainingEpoch(dead, { progress: 0.25, metrics: { epoch: 1 }, checkpointPath: '/ck/1' });
    lib.close();
    const again = openLibrary(file, { isProcessAlive: (pid) => pid === 222 });
    assert.deepEqual(again.interruptedOnOpen, [dead]);
    assert.equal(again.getTrainingRun(dead)!.status, 'interrupted');
    assert.match(again.getTrainingRun(dead)!.log, /process 111 was no longer running/);
    assert.equal(again.getTrainingRun(alive)!.status, 'running');
    const resumed = again.resumeTrainingRun(dead, 333);
    assert.equal(resumed.status, 'running');
    assert.equal(resumed.checkpointPath, '/ck/1');
    assert.deepEqual(resumed.epochMetrics, [{ epoch: 1 }]);
    assert.equal(resumed.pid, 333);
    assert.equal(resumed.endedAt, null);
    assert.throws(() => again.resumeTrainingRun(alive, 1), /is running, expected interrupted/);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
