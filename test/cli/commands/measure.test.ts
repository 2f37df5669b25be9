import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';
import { writeSyntheticRecord } from './syntheticRecordFile';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

test('measure --json: intervals, QTc, axes, per-lead quality and reasons', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-measure-'));
  try {
    const { hea } = writeSyntheticRecord(dir);
    const io = captureIo();
    assert.equal(await runCli(['measure', hea, '--json'], io), 0, io.err);
    const out = JSON.parse(io.out);
    assert.ok(Math.abs(out.hrBpm - 72) < 1);
    for (const k of ['prMs', 'qrsMs', 'qtMs']) assert.equal(typeof out[k], 'number', k);
    assert.deepEqual(Object.keys(out.qtcMs), ['bazett', 'fridericia', 'framingham', 'hodges']);
    assert.deepEqual(Object.keys(out.axesDeg), ['p', 'qrs', 't']);
    assert.equal(Object.keys(out.quality).length, 12);
    assert.ok(out.quality.II.score > 0.9);
    assert.deepEqual(out.quality.II.flags, []);
    assert.deepEqual(out.reasons, {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('measure: the text table names each measurement', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-measure-'));
  try {
    const { hea } = writeSyntheticRecord(dir);
    const io = captureIo();
    assert.equal(await runCli(['measure', hea], io), 0, io.err);
    for (const label of ['heart rate', 'PR', 'QRS', 'QT', 'QTc', 'axes', 'quality']) assert.match(io.out, new RegExp(`^${label}`, 'm'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('measure --json on a GE MUSE file: values near the device measurements', { skip: skipWithoutSharedData('ge-muse-xml/braveheart_example1.xml') }, async () => {
  const io = captureIo();
  assert.equal(await runCli(['measure', sharedPath('ge-muse-xml', 'braveheart_example1.xml'), '--json'], io), 0, io.err);
  const out = JSON.parse(io.out);
  assert.ok(Math.abs(out.qrsMs - 96) <= 10 && Math.abs(out.prMs - 138) <= 10 && Math.abs(out.qtMs - 452) <= 15);
});

test('measure: a missing file gives error: <file>: <reason> and exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['measure', '/nonexistent/x.xml'], io), 2);
  assert.equal(io.err, 'error: /nonexistent/x.xml: no such file or directory\n');
});
