import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { writeWfdb } from '../../../src/formats/wfdb';
import { ecgSimulate } from '../../../src/signal/ecgSimulate';
import { captureIo } from '../../helpers/cliIo';
import { writeTinyModel } from '../../pipeline/helpers/tinyModel';
import { writeSyntheticRecord } from './syntheticRecordFile';

async function withFixture(body: (f: { dir: string; hea: string; model: string }) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-analyze-'));
  try {
    const { hea } = writeSyntheticRecord(dir);
    await body({ dir, hea, model: await writeTinyModel(join(dir, 'model')) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('analyze --json --model: exactly model, backend, diagnoses, quality, measurements', async () => {
  await withFixture(async ({ hea, model }) => {
    const io = captureIo();
    assert.equal(await runCli(['analyze', hea, '--model', model, '--json'], io), 0, io.err);
    const out = JSON.parse(io.out);
    assert.deepEqual(Object.keys(out), ['model', 'backend', 'diagnoses', 'quality', 'measurements']);
    assert.deepEqual(out.model, { name: 'tiny-test', version: '0.1.0' });
    assert.equal(out.backend, 'wasm');
    assert.deepEqual(
      out.diagnoses.map((d: object) => Object.keys(d)),
      [
        ['code', 'label', 'probability'],
        ['code', 'label', 'probability'],
      ],
    );
    assert.ok(out.diagnoses[0].probability >= out.diagnoses[1].probability);
    assert.equal(Object.keys(out.quality).length, 12);
    assert.ok(Math.abs(out.measurements.hrBpm - 72) < 1);
    assert.equal(out.measurements.quality, undefined);
    assert.equal(io.err, '');
  });
});

test('analyze: text output lists the diagnoses with the advisory notice and the measurements', async () => {
  await withFixture(async ({ hea, model }) => {
    const io = captureIo();
    assert.equal(await runCli(['analyze', hea, '--model', model], io), 0, io.err);
    assert.match(io.out, /^model {8}tiny-test 0\.1\.0 on wasm/m);
    assert.match(io.out, /advisory, not a diagnosis/);
    assert.match(io.out, /^ {2}(NORM|AFIB) +\d+\.\d %/m);
    assert.match(io.out, /^heart rate/m);
  });
});

test('analyze: without a model says so in one line and still prints measurements and quality', async () => {
  await withFixture(async ({ hea, dir }) => {
    const io = captureIo();
    io.env['ECG_STUDIO_DEFAULT_MODEL'] = join(dir, 'no-such-model');
    assert.equal(await runCli(['analyze', hea, '--json'], io), 0, io.err);
    assert.equal(
      io.err,
      `no model found (looked in ${join(dir, 'no-such-model')}); printing measurements and quality only\n`,
    );
    const out = JSON.parse(io.out);
    assert.deepEqual(out.model, null);
    assert.deepEqual(out.diagnoses, []);
    assert.equal(typeof out.measurements.qrsMs, 'number');
    assert.equal(Object.keys(out.quality).length, 12);
  });
});

test('analyze: a missing model folder is error: <dir>: … and exit 2', async () => {
  const io = captureIo();
  assert.equal(await runCli(['analyze', '/nonexistent/x.hea', '--model', '/nonexistent/model'], io), 2);
  assert.equal(io.err, 'error: /nonexistent/x.hea: no such file or directory\n');
  await withFixture(async ({ hea }) => {
    const io2 = captureIo();
    assert.equal(await runCli(['analyze', hea, '--model', '/nonexistent/model'], io2), 2);
    assert.equal(io2.err, 'error: /nonexistent/model: no such file or directory\n');
  });
});

test('analyze --model: a record the model cannot take is a clear error (exit 2)', async () => {
  await withFixture(async ({ dir, model }) => {
    const chest = ecgSimulate({ samplingRateHz: 500, durationSec: 10, leads: ['V1', 'V2'], seed: 2 });
    for (const f of writeWfdb(chest, 'chest')) writeFileSync(join(dir, f.name), f.bytes);
    const io = captureIo();
    assert.equal(await runCli(['analyze', join(dir, 'chest.hea'), '--model', model], io), 2);
    assert.equal(
      io.err,
      "error: model 'tiny-test' 0.1.0 cannot be used on this record: it needs leads I, II, which the input lacks.\n",
    );
  });
});
