// `ecg-studio denoise <file> --out <path>`: writes the record denoised by a model, at its own rate and leads.
import { extname, resolve } from 'node:path';
import { FORMAT_WRITERS, writerFor, type FormatWriter } from '../../formats/writers';
import { denoiseRecord, type DenoiseMetadata } from '../../pipeline/denoiseRecord';
import type { EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { recordNameFromPath, writeOutputFiles } from '../../store/recordFiles';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';
import { defaultModelDir, findCliModel } from './analyze';
import { readCliRecord } from '../readCliRecord';

/** The writer for `--to`, or the one whose extension the output path has. */
export function writerForOutput(to: string | undefined, outPath: string): FormatWriter {
  const names = FORMAT_WRITERS.map((w) => w.name).join(', ');
  if (to !== undefined) {
    const writer = writerFor(to);
    if (writer === undefined) throw new UsageError(`cannot write '${to}'; choose one of: ${names}`);
    return writer;
  }
  const ext = extname(outPath).toLowerCase();
  const writer = FORMAT_WRITERS.find((w) => w.extension === ext);
  if (writer === undefined)
    throw new UsageError(`cannot tell the output format from '${ext || outPath}'; add --to (${names})`);
  return writer;
}

/** Writes `record` with `writer` to `outPath` (WFDB's other files beside it); returns the paths written. */
export function writeRecordFile(record: EcgRecord, writer: FormatWriter, outPath: string): string[] {
  try {
    return writeOutputFiles(outPath, writer.write(record, recordNameFromPath(outPath)));
  } catch (err) {
    throw new FileError(outPath, err);
  }
}

/** One line saying what was denoised, by which model, and what was left alone. */
export function denoiseSummary(record: EcgRecord, seconds: number): string {
  const d = record.metadata['denoise'] as DenoiseMetadata;
  const untouched = d.untouchedLeads.length ? `; unchanged: ${d.untouchedLeads.join(', ')}` : '';
  return `denoised with ${d.model} ${d.version} on ${d.backend} (${d.windowSec} s windows, ${d.overlap * 100} % overlap) in ${seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`}${untouched}`;
}

export const denoiseCommand: CliCommand = {
  name: 'denoise',
  summary: 'remove the noise a model finds, keeping the record’s rate, leads and detail',
  usage: 'ecg-studio denoise <file> --out <path> [--to csv|wfdb|edf|dicom] [--model DIR] [--rate HZ]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        out: { type: 'string', short: 'o' },
        to: { type: 'string' },
        model: { type: 'string' },
        rate: { type: 'string' },
      },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError(`expected one input file\nusage: ${this.usage}`);
    if (values.out === undefined) throw new UsageError(`--out is required\nusage: ${this.usage}`);
    const outPath = resolve(io.cwd, values.out);
    const writer = writerForOutput(values.to, outPath);
    const record = readCliRecord(file, values.rate);
    const model = await findCliModel(values.model, io);
    if (model === undefined)
      throw new UsageError(
        `no model found (looked in ${defaultModelDir(io)}); denoising needs one: add --model DIR`,
      );
    const t0 = performance.now();
    let denoised: EcgRecord;
    try {
      denoised = denoiseRecord(record, model.loaded);
    } finally {
      model.loaded.net.model.dispose();
    }
    const seconds = (performance.now() - t0) / 1000;
    const written = writeRecordFile(denoised, writer, outPath);
    io.stdout(`${denoiseSummary(denoised, seconds)}\nwrote ${written.join(', ')}\n`);
    return 0;
  },
};
