import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMultiTaskNet } from '../../../src/model/architectures/multiTaskNet';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { trainMultiTask } from '../../../src/model/train/trainMultiTask';
import { killTestSetup } from './fixtures/killTestSetup';
import { useWasmBackend } from '../tfTestBackend';

test('trainMultiTask: a training process killed with SIGKILL resumes from its last checkpoint to the uninterrupted weights', async () => {
  await useWasmBackend();
  const dir = mkdtempSync(join(tmpdir(), 'ecg-kill-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'trainChild.ts'), dir], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 50_000;
    while (!existsSync(join(dir, 'epoch-1.ckpt'))) {
      if (Date.now() > deadline || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the child was killed while training');
    assert.ok(existsSync(join(dir, 'epoch-1.ckpt')), 'the child wrote the epoch-1 checkpoint before the kill');

    const setup = killTestSetup();
    const uninterrupted = buildMultiTaskNet(setup.net);
    const full = await trainMultiTask({ net: uninterrupted, train: inMemoryBatchSource(setup.data, 16), config: setup.config });
    const resumedNet = buildMultiTaskNet({ ...setup.net, seed: 77 });
    const resumed = await trainMultiTask({
      net: resumedNet,
      train: inMemoryBatchSource(setup.data, 16),
      config: setup.config,
      resumeFrom: new Uint8Array(readFileSync(join(dir, 'epoch-1.ckpt'))),
    });
    assert.equal(resumed.steps, full.steps);
    assert.deepEqual(resumed.finalWeights, full.finalWeights);
    const a = uninterrupted.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    const b = resumedNet.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    assert.deepEqual(b, a);
    uninterrupted.model.dispose();
    resumedNet.model.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
