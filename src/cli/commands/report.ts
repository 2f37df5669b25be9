// `ecg-studio report <file> --out r.pdf`: a printable PDF of a record (calibrated grid, measurements, diagnoses).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { productLine } from '../../shared/about';
import { filterDenoise } from '../../pipeline/appApi';
import { analyzeRecord } from '../../pipeline/analyzeRecord';
import { denoiseRecord } from '../../pipeline/denoiseRecord';
import { findCliModel } from './analyze';
import {
  parseDiagnosesJson,
  type ReportDiagnoses,
  type ReportInput,
  type ReportReview,
} from '../../pipeline/report/reportInput';
import { layoutEcgReport, type Layout, type Paper } from '../../pipeline/report/reportLayout';
import { renderReportPdf } from '../../store/pdfReport';
import { readRecordFile } from '../../store/recordFiles';
import { parseCommandArgs, type CliCommand, type CliIo } from '../command';
import { FileError } from '../fileError';
import { VERSION } from '../version';

/** Options `report` and `export-analysis` share: what goes into the report besides the record. */
export const REPORT_INPUT_OPTIONS = {
  analysis: { type: 'string' },
  'review-status': { type: 'string' },
  reviewer: { type: 'string' },
  denoise: { type: 'boolean' },
  model: { type: 'string' },
  start: { type: 'string' },
} as const;

type SharedValues = {
  analysis?: string | undefined;
  'review-status'?: string | undefined;
  reviewer?: string | undefined;
  denoise?: boolean | undefined;
  model?: string | undefined;
  start?: string | undefined;
};

function readDiagnoses(path: string | undefined, io: CliIo): ReportDiagnoses | null {
  if (path === undefined) return null;
  try {
    return parseDiagnosesJson(JSON.parse(readFileSync(resolve(io.cwd, path), 'utf8')) as unknown);
  } catch (err) {
    throw new FileError(path, err);
  }
}

function reviewOf(values: SharedValues): ReportReview | null {
  const status = values['review-status'];
  if (status === undefined) {
    if (values.reviewer !== undefined)
      throw new UsageError('--reviewer needs --review-status confirmed|edited');
    return null;
  }
  if (status !== 'confirmed' && status !== 'edited' && status !== 'unreviewed') {
    throw new UsageError(`--review-status must be confirmed, edited or unreviewed, got '${status}'`);
  }
  return { status, ...(values.reviewer === undefined ? {} : { reviewer: values.reviewer }) };
}

/** Reads the record and builds the report input from the shared options. */
export async function reportInputFromCli(
  file: string,
  values: SharedValues,
  anonymize: boolean,
  io: CliIo,
  now: Date,
): Promise<ReportInput> {
  const startSec = values.start === undefined ? 0 : Number(values.start);
  if (!Number.isFinite(startSec) || startSec < 0)
    throw new UsageError(`--start must be a number of seconds ≥ 0, got '${values.start}'`);
  let record: EcgRecord;
  try {
    record = readRecordFile(resolve(io.cwd, file), { anonymize }).record;
  } catch (err) {
    throw new FileError(file, err);
  }
  if (startSec > 0 && startSec >= record.samplesPerLead / record.samplingRateHz) {
    throw new UsageError(
      `--start ${startSec} s is past the end of the record (${(record.samplesPerLead / record.samplingRateHz).toFixed(1)} s)`,
    );
  }
  // Diagnoses: a saved analysis when given, else the model's own (--model or the bundled default) when it can take the record.
  const model = await findCliModel(values.model, io);
  let diagnoses = readDiagnoses(values.analysis, io);
  if (diagnoses === null && model) {
    const a = analyzeRecord(record, { model: model.loaded });
    if (a.model) diagnoses = { model: a.model, classes: a.diagnoses };
  }
  const review = reviewOf(values);
  const base = {
    anonymize,
    startSec,
    appVersion: VERSION,
    generatedAt: now.toISOString(),
    diagnoses,
    review,
  };
  if (values.denoise) {
    // The model's denoiser when one loads, else the monitoring-band filter.
    const denoised = model
      ? { record: denoiseRecord(record, model.loaded), method: `model ${model.loaded.manifest.name} ${model.loaded.manifest.version}` }
      : filterDenoise(record);
    return {
      ...base,
      record: denoised.record,
      measuredRecord: record,
      traces: { variant: 'denoised', method: denoised.method },
    };
  }
  return { ...base, record, traces: { variant: 'original' } };
}

function parseLayouts(raw: string | undefined): Layout[] {
  const parts = (raw ?? '3x4').split(',').map((s) => s.trim());
  for (const p of parts)
    if (p !== '3x4' && p !== '12x1')
      throw new UsageError(`--layout must be 3x4, 12x1 or both comma-separated, got '${p}'`);
  return parts as Layout[];
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'print a record as a PDF on a calibrated ECG grid with measurements and diagnoses',
  usage:
    'ecg-studio report <file> --out <r.pdf> [--paper a4|letter] [--layout 3x4|12x1|3x4,12x1] [--anonymize] [--analysis <analysis.json>] [--review-status confirmed|edited --reviewer <name>] [--denoise [--model DIR]] [--start <s>]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        out: { type: 'string', short: 'o' },
        paper: { type: 'string' },
        layout: { type: 'string' },
        anonymize: { type: 'boolean' },
        ...REPORT_INPUT_OPTIONS,
      },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError(`expected one input file\nusage: ${this.usage}`);
    if (values.out === undefined) throw new UsageError(`--out is required\nusage: ${this.usage}`);
    const paper = (values.paper ?? 'a4').toLowerCase();
    if (paper !== 'a4' && paper !== 'letter')
      throw new UsageError(`--paper must be a4 or letter, got '${values.paper}'`);
    const layouts = parseLayouts(values.layout);
    const now = new Date();
    const input = await reportInputFromCli(file, values, values.anonymize === true, io, now);
    const report = layoutEcgReport(input, { paper: paper as Paper, layouts });
    const bytes = await renderReportPdf(report, { creationDate: now, producer: productLine(VERSION) });
    try {
      writeFileSync(resolve(io.cwd, values.out), bytes);
    } catch (err) {
      throw new FileError(values.out, err);
    }
    io.stdout(
      `wrote ${resolve(io.cwd, values.out)} (${report.pages.length} page${report.pages.length === 1 ? '' : 's'}, ${paper === 'a4' ? 'A4' : 'Letter'})\n`,
    );
    return 0;
  },
};
