import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { readRecordFile } from '../../../src/store/recordFiles';
import { captureIo } from '../../helpers/cliIo';
import { writeTinyModel } from '../../pipeline/helpers/tinyModel';

const DEFAULT_MODEL = join(__dirname, '..', '..', '..', 'models', 'default');

async function inTemp(body: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-demo-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('demo --model: record summary, measurements, diagnoses, denoised EDF and CSV plus the original CSV', async () => {
  await inTemp(async (dir) => {
    const model = await writeTinyModel(join(dir, 'model'));
    const io = captureIo(dir);
    assert.equal(await runCli(['demo', '--model', model], io), 0, io.err);
    const out = join(dir, 'ecg-studio-demo');
    assert.deepEqual(readdirSync(out).sort(), [
      'example-12lead-denoised.csv',
      'example-12lead-denoised.edf',
      'example-12lead.csv',
    ]);
    assert.match(io.out, /^record {7}example-12lead \(edf\): 12 leads/m);
    assert.match(io.out, /^heart rate/m);
    assert.match(io.out, /^diagnoses {4}\(advisory, not a diagnosis\)/m);
    assert.match(io.out, /^denoised with tiny-test/m);
    assert.match(io.out, new RegExp(`wrote to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\n`));
    const edf = readRecordFile(join(out, 'example-12lead-denoised.edf')).record;
    assert.equal(edf.samplingRateHz, 500);
    assert.equal(edf.samplesPerLead, 5000);
    assert.equal(edf.leads.length, 12);
  });
});

test('demo without a model: measurements and quality, the original as CSV, and says denoising needs a model', async () => {
  await inTemp(async (dir) => {
    const io = captureIo(dir);
    io.env['ECG_STUDIO_DEFAULT_MODEL'] = join(dir, 'none');
    assert.equal(await runCli(['demo', '--out', 'here'], io), 0, io.err);
    assert.deepEqual(readdirSync(join(dir, 'here')), ['example-12lead.csv']);
    assert.match(io.out, /^diagnoses {4}none: no model in /m);
    assert.match(io.out, /^denoised {5}not written: denoising needs a model/m);
    assert.match(io.out, /^quality/m);
  });
});

test(
  'demo with models/default',
  {
    skip: existsSync(join(DEFAULT_MODEL, 'manifest.json'))
      ? false
      : 'models/default is not there (the lead trains it)',
  },
  async () => {
    await inTemp(async (dir) => {
      const io = captureIo(dir);
      assert.equal(await runCli(['demo'], io), 0, io.err);
      assert.match(io.out, /^diagnoses {4}\(advisory, not a diagnosis\)/m);
      assert.equal(readdirSync(join(dir, 'ecg-studio-demo')).length, 3);
    });
  },
);
