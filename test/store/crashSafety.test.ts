import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLibrary } from '../../src/store/library';

const ROOT = resolve(__dirname, '..', '..');

function startChild(
  script: string,
  args: string[],
): { child: ChildProcess; lines: string[]; waitFor: (re: RegExp) => Promise<string>; drained: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'helpers', script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const drained = new Promise<void>((res) => child.stdout!.on('end', () => res()));
  const waitFor = (re: RegExp) =>
    new Promise<string>((res, rej) => {
      const hit = lines.find((l) => re.test(l));
      if (hit !== undefined) return res(hit);
      waiters.push({ re, resolve: res });
      void exited.then(() => setTimeout(() => rej(new Error(`child exited before ${re}: ${stderr.slice(-500)}`)), 50));
    });
  return { child, lines, waitFor, drained };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    child.on('exit', () => res());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('crash safety: kill -9 during imports never leaves a partial record or a failed integrity check', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-crash-'));
  const db = join(dir, 'library.db');
  try {
    let before = 0;
    let midTransaction = 0;
    for (let round = 0; round < 6; round++) {
      const { child, lines, waitFor, drained } = startChild('importChild.ts', [db, String(round * 1000)]);
      const target = 1 + Math.floor(Math.random() * 4);
      await waitFor(new RegExp(`^writing ${round * 1000 + target - 1}$`));
      await sleep(Math.random() * 20); // inside or just after a record's transaction
      await kill9(child);
      await drained;
      // stdout to a pipe is synchronous, so every 'writing' the child got to is in `lines`.
      const written = lines.filter((l) => l.startsWith('writing')).length;
      const done = lines.filter((l) => l.startsWith('done')).length;
      const lib = openLibrary(db); // runs PRAGMA integrity_check and refuses a damaged file
      assert.deepEqual(lib.checkConsistency(), [], `round ${round}`);
      const added = lib.listRecords().total - before;
      assert.ok(added >= done && added <= written, `round ${round}: ${added} records added, ${done} done, ${written} begun`);
      if (added < written) midTransaction++;
      const newest = lib.listRecords({ limit: 1 }).records[0];
      if (newest !== undefined) {
        const win = lib.readSignalWindow(newest.id, { startSec: 290, durationSec: 10, level: 0 });
        assert.equal(win.leads[1]!.samples!.length, 5000);
      }
      before += added;
      lib.close();
    }
    t.diagnostic(`6 kills, ${midTransaction} inside a record's transaction (rolled back), ${before} records kept, all whole`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('crash safety: a killed training run is marked interrupted on open and resumes to completion', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-crash-train-'));
  const db = join(dir, 'library.db');
  try {
    const first = startChild('trainingChild.ts', [db, 'new']);
    const runId = Number((await first.waitFor(/^run \d+$/)).split(' ')[1]);
    let current = first;
    for (let kill = 0; kill < 3; kill++) {
      await current.waitFor(new RegExp(`^epoch ${3 * (kill + 1)}$`));
      await sleep(Math.random() * 40);
      await kill9(current.child);
      const lib = openLibrary(db);
      const run = lib.getTrainingRun(runId)!;
      assert.equal(run.status, 'interrupted', `after kill ${kill + 1}`);
      assert.deepEqual(lib.interruptedOnOpen, [runId]);
      const epochs = run.epochMetrics.map((m) => m['epoch']);
      assert.deepEqual(epochs, Array.from({ length: epochs.length }, (_, i) => i + 1), 'whole epochs, in order');
      if (epochs.length) assert.equal(run.checkpointPath, `ckpt-${epochs.length}`);
      lib.close();
      current = startChild('trainingChild.ts', [db, 'resume', String(runId)]);
    }
    await current.waitFor(/^finished$/);
    await new Promise((r) => current.child.on('exit', r));
    const lib = openLibrary(db);
    const run = lib.getTrainingRun(runId)!;
    assert.equal(run.status, 'completed');
    assert.deepEqual(run.epochMetrics.map((m) => m['epoch']), Array.from({ length: 12 }, (_, i) => i + 1));
    assert.equal((run.log.match(/resumed at/g) ?? []).length, 3);
    assert.equal((run.log.match(/interrupted: process/g) ?? []).length, 3);
    lib.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
