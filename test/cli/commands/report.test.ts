import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo as captureIoWithModel } from '../../helpers/cliIo';
import { selectBackend } from '../../../src/model/backend';
import { writeTinyModel } from '../../pipeline/helpers/tinyModel';

/** These tests pin the output without a model: point the default-model lookup at nothing. */
const captureIo = (cwd?: string) => {
  const io = captureIoWithModel(cwd);
  io.env['ECG_STUDIO_DEFAULT_MODEL'] = '/nonexistent/ecg-studio-model';
  return io;
};
import { writeReportInputs } from './reportFixture';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

const hasPoppler = ['pdfinfo', 'pdftotext'].every(
  (tool) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).error === undefined,
);
const SKIP = 'poppler-utils (pdfinfo, pdftotext) not installed: apt-get install -y poppler-utils';

function withDir(fn: (dir: string, files: { edf: string; analysis: string }) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecg-report-'));
    try {
      await fn(dir, writeReportInputs(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const pdfText = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
const pdfInfo = (pdf: string) => spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;

test(
  'report: A4 3×4 PDF with patient data, measurements and footer; no model attribution without an analysis',
  withDir(async (dir, { edf }) => {
    const io = captureIo(dir);
    assert.equal(await runCli(['report', edf, '--out', 'r.pdf'], io), 0, io.err);
    assert.match(io.out, /wrote .*r\.pdf \(1 page, A4\)/);
    const pdf = join(dir, 'r.pdf');
    assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
    if (!hasPoppler) return;
    assert.match(pdfInfo(pdf), /Pages:\s+1\n/);
    assert.match(pdfInfo(pdf), /Page size:\s+841\.89 x 595\.276 pts \(A4\)/);
    const text = pdfText(pdf);
    for (const s of [
      'Doe^Jane',
      'P-123',
      'Heart rate: 72',
      'QTc',
      'Axes P / QRS / T',
      'Model diagnoses: no analysis supplied',
      'Review: not reviewed',
      'Traces: original',
      'advisory, not a diagnosis',
      '25 mm/s',
      'V6',
      'II (rhythm)',
    ]) {
      assert.ok(text.includes(s), `${s} in\n${text}`);
    }
    assert.ok(!text.includes('PTB-XL'));
  }),
);

test(
  'report: --paper letter --layout 3x4,12x1 --anonymize --analysis --review-status --denoise',
  { skip: hasPoppler ? false : SKIP },
  withDir(async (dir, { edf, analysis }) => {
    const io = captureIo(dir);
    const args = [
      'report',
      edf,
      '--out',
      'r.pdf',
      '--paper',
      'letter',
      '--layout',
      '3x4,12x1',
      '--anonymize',
      '--analysis',
      analysis,
      '--review-status',
      'edited',
      '--reviewer',
      'Dr. B',
      '--denoise',
    ];
    assert.equal(await runCli(args, io), 0, io.err);
    const pdf = join(dir, 'r.pdf');
    assert.match(pdfInfo(pdf), /Pages:\s+2\n/);
    assert.match(pdfInfo(pdf), /Page size:\s+792 x 612 pts \(letter\)/);
    const text = pdfText(pdf);
    for (const s of [
      'Patient: anonymised',
      'Normal ECG (NORM): 91 %',
      'ecg-multitask 1.0.0',
      'Review: edited by Dr. B',
      'Traces: denoised (',
      'PTB-XL (CC BY 4.0)',
      'Sci Data 7:154',
      '5 mm/mV',
      'page 2/2',
    ]) {
      assert.ok(text.includes(s), `${s} in\n${text}`);
    }
    for (const s of ['Doe', 'P-123', '1971-03-02', '2024-05-06']) assert.ok(!text.includes(s), s);
  }),
);

test(
  'report: bad options and inputs exit 2 with one line',
  withDir(async (dir, { edf }) => {
    writeFileSync(join(dir, 'bad.json'), '{"classes": 3}');
    const cases: [string[], RegExp][] = [
      [['report', edf], /--out is required/],
      [['report', edf, '--out', 'r.pdf', '--paper', 'a3'], /--paper must be a4 or letter/],
      [['report', edf, '--out', 'r.pdf', '--layout', '6x2'], /--layout must be/],
      [['report', edf, '--out', 'r.pdf', '--reviewer', 'x'], /--reviewer needs --review-status/],
      [['report', edf, '--out', 'r.pdf', '--start', '60'], /past the end of the record/],
      [['report', 'missing.edf', '--out', 'r.pdf'], /^error: missing\.edf: no such file or directory/],
      [
        ['report', edf, '--out', 'r.pdf', '--analysis', 'bad.json'],
        /^error: bad\.json: not an analysis with model diagnoses/,
      ],
    ];
    for (const [args, message] of cases) {
      const io = captureIo(dir);
      assert.equal(await runCli(args, io), 2, args.join(' '));
      assert.match(io.err, message, args.join(' '));
    }
  }),
);

test('report and export-analysis are listed in --help', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out, /^\s+report\s+print a record as a PDF/m);
  assert.match(io.out, /^\s+export-analysis\s+export measurements/m);
});

test(
  'report (real data): MIT-BIH 100, 2 leads at 360 Hz, 30 min: window from --start, MLII rhythm strip, missing leads labelled',
  { skip: skipWithoutSharedData('mitdb/100.hea') || (hasPoppler ? false : SKIP) },
  withDir(async (dir) => {
    const io = captureIo(dir);
    assert.equal(
      await runCli(['report', sharedPath('mitdb', '100.hea'), '--out', 'r.pdf', '--start', '60'], io),
      0,
      io.err,
    );
    const text = pdfText(join(dir, 'r.pdf'));
    for (const s of ['MLII (rhythm)', 'I (absent)', 'V5', '2 leads, 360 Hz, 1805.6 s', 'Heart rate: '])
      assert.ok(text.includes(s), `${s} in\n${text}`);
    assert.match(text, /Heart rate: \d+ bpm/);
  }),
);

test(
  'report (real data): DICOM 12-lead at 1000 Hz (min/max decimation) and the HL7 aECG example both print',
  {
    skip:
      skipWithoutSharedData('dicom-ecg/waveform_ecg.dcm') ||
      skipWithoutSharedData('hl7-aecg/Example_aECG.xml') ||
      (hasPoppler ? false : SKIP),
  },
  withDir(async (dir) => {
    for (const file of [
      sharedPath('dicom-ecg', 'waveform_ecg.dcm'),
      sharedPath('hl7-aecg', 'Example_aECG.xml'),
    ]) {
      const io = captureIo(dir);
      assert.equal(
        await runCli(['report', file, '--out', 'r.pdf', '--anonymize', '--layout', '3x4,12x1'], io),
        0,
        io.err,
      );
      const text = pdfText(join(dir, 'r.pdf'));
      assert.match(pdfInfo(join(dir, 'r.pdf')), /Pages:\s+2\n/);
      for (const s of ['Patient: anonymised', 'II (rhythm)', 'aVF', 'V6'])
        assert.ok(text.includes(s), `${file}: ${s}`);
      assert.ok(!/\(absent\)/.test(text), `${file}: all 12 leads present`);
      assert.match(text, /Heart rate: \d+ bpm/, file);
    }
  }),
);

test(
  'report --model: without a saved analysis the model classifies the record and denoises the traces',
  withDir(async (dir, { edf }) => {
    await selectBackend();
    const modelDir = await writeTinyModel(join(dir, 'tiny'));
    const io = captureIo(dir);
    assert.equal(await runCli(['report', edf, '--out', 'm.pdf', '--model', modelDir, '--denoise'], io), 0, io.err);
    if (!hasPoppler) return;
    const text = pdfText(join(dir, 'm.pdf'));
    assert.match(text, /Model: tiny-test 0\.1\.0/);
    assert.match(text, /Traces: denoised \(model tiny-test 0\.1\.0\)/);
    assert.match(text, /PTB-XL/, 'model data attribution in the footer');
  }),
);
