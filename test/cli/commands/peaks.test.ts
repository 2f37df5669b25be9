import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';
import { writeSyntheticRecord } from './syntheticRecordFile';

test('peaks --json: sampling rate, lead and R-peak indices of lead II by default', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-peaks-'));
  try {
    const { hea, rPeaks } = writeSyntheticRecord(dir);
    const io = captureIo();
    assert.equal(await runCli(['peaks', hea, '--json'], io), 0, io.err);
    const out = JSON.parse(io.out) as { samplingRateHz: number; lead: string; peaks: number[] };
    assert.equal(out.samplingRateHz, 500);
    assert.equal(out.lead, 'II');
    assert.equal(out.peaks.length, rPeaks.length);
    out.peaks.forEach((p, i) => assert.ok(Math.abs(p - rPeaks[i]!) <= 3, `peak ${i}: ${p} vs ${rPeaks[i]}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('peaks: --lead and --method select lead and detector; text output lists the beats', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-peaks-'));
  try {
    const { hea, rPeaks } = writeSyntheticRecord(dir);
    const io = captureIo();
    assert.equal(await runCli(['peaks', hea, '--lead', 'v5', '--method', 'pantompkins1985'], io), 0, io.err);
    assert.match(io.out, new RegExp(`^lead V5, pantompkins1985, 500 Hz: ${rPeaks.length} beats in 10\\.0 s`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('peaks: unknown lead or method is a usage error (exit 2); a missing file is error: <file>: <reason>', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-peaks-'));
  try {
    const { hea } = writeSyntheticRecord(dir);
    const io = captureIo();
    assert.equal(await runCli(['peaks', hea, '--lead', 'V9'], io), 2);
    assert.match(io.err, /no lead 'V9'/);
    const io2 = captureIo();
    assert.equal(await runCli(['peaks', hea, '--method', 'magic'], io2), 2);
    assert.match(io2.err, /unknown method 'magic'/);
    const io3 = captureIo();
    assert.equal(await runCli(['peaks', join(dir, 'nope.hea')], io3), 2);
    assert.equal(io3.err, `error: ${join(dir, 'nope.hea')}: no such file or directory\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
