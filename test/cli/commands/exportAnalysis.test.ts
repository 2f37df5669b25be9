import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { AnalysisExportSchema } from '../../../src/pipeline/report/analysisJson';
import { captureIo as captureIoWithModel } from '../../helpers/cliIo';

/** These tests pin the output without a model: point the default-model lookup at nothing. */
const captureIo = (cwd?: string) => {
  const io = captureIoWithModel(cwd);
  io.env['ECG_STUDIO_DEFAULT_MODEL'] = '/nonexistent/ecg-studio-model';
  return io;
};
import { validateJsonSchema } from '../../pipeline/report/jsonSchemaSubset';
import { writeReportInputs } from './reportFixture';

const schema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'golden', 'fhir', 'ecg-bundle.schema.json'), 'utf8'),
) as Record<string, unknown>;

function withDir(fn: (dir: string, files: { edf: string; analysis: string }) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecg-export-'));
    try {
      await fn(dir, writeReportInputs(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'export-analysis --format json: anonymised by default, measurements, diagnoses and licence; --show-phi adds identifiers',
  withDir(async (dir, { edf, analysis }) => {
    const io = captureIo(dir);
    assert.equal(
      await runCli(
        ['export-analysis', edf, '--format', 'json', '--out', 'a.json', '--analysis', analysis],
        io,
      ),
      0,
      io.err,
    );
    const out = AnalysisExportSchema.parse(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')));
    assert.ok(Math.abs((out.measurements.hrBpm as number) - 72) < 1.5);
    assert.equal(out.record.patient.anonymised, true);
    assert.equal(out.record.patient.name, undefined);
    assert.equal(out.record.acquisitionTime, null);
    assert.equal(out.classification?.model.name, 'ecg-multitask');
    assert.equal(out.modelDataLicence?.licence, 'CC BY 4.0');
    assert.equal(out.measurements.quality.length, 12);
    const io2 = captureIo(dir);
    assert.equal(await runCli(['export-analysis', edf, '--format', 'json', '--show-phi'], io2), 0, io2.err);
    const phi = AnalysisExportSchema.parse(JSON.parse(io2.out));
    assert.equal(phi.record.patient.name, 'Doe^Jane');
    assert.equal(phi.record.acquisitionTime, '2024-05-06T10:11:12');
    assert.equal(phi.classification, null);
    assert.equal(phi.modelDataLicence, null);
  }),
);

test(
  'export-analysis --format fhir: a Bundle valid against the focused R4 schema; --with-pdf embeds the report',
  withDir(async (dir, { edf, analysis }) => {
    const io = captureIo(dir);
    const args = [
      'export-analysis',
      edf,
      '--format',
      'fhir',
      '--out',
      'b.json',
      '--analysis',
      analysis,
      '--review-status',
      'confirmed',
      '--reviewer',
      'Dr. C',
      '--with-pdf',
    ];
    assert.equal(await runCli(args, io), 0, io.err);
    const bundle = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    assert.deepEqual(validateJsonSchema(schema, bundle), []);
    const report = bundle.entry[0].resource;
    assert.equal(report.status, 'final');
    assert.equal(
      Buffer.from(report.presentedForm[0].data, 'base64').subarray(0, 5).toString('latin1'),
      '%PDF-',
    );
    assert.ok(!JSON.stringify(bundle).includes('Doe'));
  }),
);

test(
  'export-analysis: bad --format or --with-pdf with json exit 2',
  withDir(async (dir, { edf }) => {
    for (const [args, message] of [
      [['export-analysis', edf], /--format must be json or fhir/],
      [['export-analysis', edf, '--format', 'xml'], /--format must be json or fhir/],
      [
        ['export-analysis', edf, '--format', 'json', '--with-pdf'],
        /--with-pdf applies to --format fhir only/,
      ],
    ] as [string[], RegExp][]) {
      const io = captureIo(dir);
      assert.equal(await runCli(args, io), 2);
      assert.match(io.err, message);
    }
  }),
);
