// Fuzzing the CLI's `inspect` with truncated, bit-flipped and random files: it must answer, never crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { SeededRandom } from '../../src/shared/random';
import { captureIo } from '../helpers/cliIo';
import { sharedPath, skipWithoutSharedData } from '../helpers/sharedData';

/** One file per format from ../shared/data (plus the WFDB signal file next to its header). */
const SAMPLES: { main: string; siblings?: string[] }[] = [
  { main: 'wfdb-python-samples/sample-data/test01_00s.hea', siblings: ['wfdb-python-samples/sample-data/test01_00s.dat'] },
  { main: 'wfdb-python-samples/sample-data/binformats.hea', siblings: ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'].map((d) => `wfdb-python-samples/sample-data/binformats.${d}`) },
  { main: 'edf/contec_0000050.edf' },
  { main: 'wfdb-python-samples/sample-data/test_edfann.edf' },
  { main: 'dicom-ecg/waveform_ecg.dcm' },
  { main: 'hl7-aecg/Example_aECG.xml' },
  { main: 'scp-ecg/Example.scp' },
  { main: 'ge-muse-xml/braveheart_example1.xml' },
  { main: 'biosppy/ecg.txt' },
];

async function inspectOnce(path: string): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const code = await runCli(['inspect', path, '--json'], io);
  return { code, err: io.err };
}

function assertCleanOutcome(r: { code: number; err: string }, what: string): void {
  assert.ok(r.code === 0 || r.code === 2, `${what}: exit code ${r.code}`);
  if (r.code === 2) {
    assert.match(r.err, /^error: [^\n]+: [^\n]+\n$/, `${what}: stderr must be one 'error: <file>: <reason>' line, got ${JSON.stringify(r.err)}`);
    assert.doesNotMatch(r.err, /\bat .+\(.+:\d+:\d+\)/, `${what}: no stack trace`);
  }
}

test('fuzz inspect: truncations every 1 KiB, bit flips and random bytes never crash', { skip: skipWithoutSharedData() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-fuzz-'));
  const rng = new SeededRandom(20261128);
  let cases = 0;
  try {
    for (const sample of SAMPLES) {
      if (!existsSync(sharedPath(sample.main))) continue;
      for (const s of sample.siblings ?? []) copyFileSync(sharedPath(s), join(dir, basename(s)));
      const original = new Uint8Array(readFileSync(sharedPath(sample.main)));
      const target = join(dir, basename(sample.main));
      // Truncations at every 1 KiB (every 16 KiB past the first 256 KiB, to bound the run time).
      for (let cut = 0; cut < original.length; cut += cut < 262144 ? 1024 : 16384) {
        writeFileSync(target, original.subarray(0, cut));
        assertCleanOutcome(await inspectOnce(target), `${sample.main} cut at ${cut}`);
        cases++;
      }
      // Bit flips and overwritten runs of random bytes.
      for (let k = 0; k < 40; k++) {
        const copy = original.slice();
        const flips = 1 + rng.int(16);
        for (let f = 0; f < flips; f++) {
          const at = rng.int(copy.length);
          copy[at] = (copy[at] as number) ^ (1 << rng.int(8));
        }
        if (k % 4 === 0) {
          const at = rng.int(copy.length);
          for (let i = at; i < Math.min(copy.length, at + 64); i++) copy[i] = rng.int(256);
        }
        writeFileSync(target, copy);
        assertCleanOutcome(await inspectOnce(target), `${sample.main} corrupted #${k}`);
        cases++;
      }
      // Signal files of WFDB records truncated under an intact header.
      for (const s of sample.siblings ?? []) {
        const full = new Uint8Array(readFileSync(sharedPath(s)));
        for (const frac of [0, 0.01, 0.5, 0.999]) {
          writeFileSync(join(dir, basename(s)), full.subarray(0, Math.floor(full.length * frac)));
          assertCleanOutcome(await inspectOnce(target), `${s} at ${frac}`);
          cases++;
        }
        writeFileSync(join(dir, basename(s)), full);
      }
      writeFileSync(target, original);
    }
    // Pure random files under every extension a reader claims.
    for (const ext of ['.hea', '.dat', '.edf', '.dcm', '.xml', '.scp', '.csv', '.txt', '.bin']) {
      for (let k = 0; k < 10; k++) {
        const bytes = new Uint8Array(rng.int(4096));
        for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
        const p = join(dir, `random${k}${ext}`);
        writeFileSync(p, bytes);
        assertCleanOutcome(await inspectOnce(p), `random ${ext} #${k}`);
        cases++;
      }
    }
    assert.ok(cases > 500, `ran ${cases} cases`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz inspect: header declaring absurd sizes fails fast without allocating them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-fuzz-'));
  try {
    writeFileSync(join(dir, 'huge.hea'), 'huge 12 500 999999999999\n' + Array.from({ length: 12 }, (_, i) => `huge.dat 16 200 16 0 0 0 0 L${i}`).join('\n') + '\n');
    writeFileSync(join(dir, 'huge.dat'), new Uint8Array(100));
    const before = process.memoryUsage().rss;
    const r = await inspectOnce(join(dir, 'huge.hea'));
    assertCleanOutcome(r, 'huge header');
    assert.equal(r.code, 2);
    assert.ok(process.memoryUsage().rss - before < 512 * 1024 * 1024, 'no huge allocation');
    // An EDF header declaring 10^8 data records of 10^6 samples.
    const edf = new Uint8Array(512).fill(0x20);
    const put = (at: number, s: string) => new TextEncoder().encodeInto(s, edf.subarray(at));
    put(0, '0');
    put(184, '512');
    put(236, '99999999');
    put(244, '1');
    put(252, '1');
    put(256, 'ECG I');
    put(256 + 16 + 80 + 8, '-1000');
    put(256 + 16 + 80 + 8 + 8, '1000');
    put(256 + 16 + 80 + 8 + 16, '-32768');
    put(256 + 16 + 80 + 8 + 24, '32767');
    put(256 + 16 + 80 + 8 + 32 + 80, '1000000');
    writeFileSync(join(dir, 'huge.edf'), edf);
    const r2 = await inspectOnce(join(dir, 'huge.edf'));
    assertCleanOutcome(r2, 'huge edf');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
