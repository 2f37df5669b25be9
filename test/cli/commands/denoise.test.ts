import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { readRecordFile } from '../../../src/store/recordFiles';
import { captureIo } from '../../helpers/cliIo';
import { writeTinyModel } from '../../pipeline/helpers/tinyModel';
import { writeSyntheticRecord } from './syntheticRecordFile';

async function withFixture(body: (f: { dir: string; hea: string; model: string }) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-denoise-'));
  try {
    const { hea } = writeSyntheticRecord(dir);
    await body({ dir, hea, model: await writeTinyModel(join(dir, 'model')) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('denoise --out x.csv: the format from the extension; rate, leads and length of the input', async () => {
  await withFixture(async ({ dir, hea, model }) => {
    const io = captureIo();
    const out = join(dir, 'clean.csv');
    assert.equal(await runCli(['denoise', hea, '--out', out, '--model', model], io), 0, io.err);
    assert.match(
      io.out,
      /^denoised with tiny-test 0\.1\.0 on wasm \(2\.56 s windows, 50 % overlap\) in (\d+ ms|\d+\.\d s); unchanged: III, aVR/,
    );
    assert.match(io.out, new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const input = readRecordFile(hea).record;
    const written = readRecordFile(out, { samplingRateHz: input.samplingRateHz }).record;
    assert.equal(written.samplingRateHz, input.samplingRateHz);
    assert.equal(written.samplesPerLead, input.samplesPerLead);
    assert.deepEqual(
      written.leads.map((l) => l.name),
      input.leads.map((l) => l.name),
    );
  });
});

test('denoise --to wfdb: writes header and signal files beside --out', async () => {
  await withFixture(async ({ dir, hea, model }) => {
    const io = captureIo();
    assert.equal(
      await runCli(['denoise', hea, '--out', join(dir, 'den.hea'), '--to', 'wfdb', '--model', model], io),
      0,
      io.err,
    );
    assert.ok(existsSync(join(dir, 'den.hea')) && existsSync(join(dir, 'den.dat')));
    assert.equal(readRecordFile(join(dir, 'den.hea')).record.samplesPerLead, 5000);
  });
});

test('denoise: usage errors and missing models exit 2 with one line', async () => {
  await withFixture(async ({ dir, hea, model }) => {
    const cases: [string[], RegExp][] = [
      [['denoise', hea, '--model', model], /^error: --out is required/],
      [
        ['denoise', hea, '--out', join(dir, 'x.bin'), '--model', model],
        /^error: cannot tell the output format from '\.bin'; add --to/,
      ],
      [
        ['denoise', hea, '--out', join(dir, 'x.csv'), '--to', 'png', '--model', model],
        /^error: cannot write 'png'/,
      ],
      [
        ['denoise', hea, '--out', join(dir, 'x.csv'), '--model', '/nonexistent/model'],
        /^error: \/nonexistent\/model: no such file or directory\n$/,
      ],
    ];
    for (const [argv, expected] of cases) {
      const io = captureIo();
      assert.equal(await runCli(argv, io), 2, argv.join(' '));
      assert.match(io.err, expected);
    }
    const io = captureIo();
    io.env['ECG_STUDIO_DEFAULT_MODEL'] = join(dir, 'none');
    assert.equal(await runCli(['denoise', hea, '--out', join(dir, 'x.csv')], io), 2);
    assert.match(
      io.err,
      /^error: no model found \(looked in .*none\); denoising needs one: add --model DIR\n$/,
    );
  });
});
