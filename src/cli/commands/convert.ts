// `ecg-studio convert <file> --to FORMAT --out PATH`: rewrites a record in another format.
import { FORMAT_WRITERS, writerFor } from '../../formats/writers';
import { UsageError } from '../../shared/errors';
import { readRecordFile, recordNameFromPath, writeOutputFiles } from '../../store/recordFiles';
import { parseCommandArgs, rateOption, type CliCommand } from '../command';
import { FileError } from '../fileError';
import { resolve } from 'node:path';

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'convert an ECG file to another format (csv, wfdb, edf, …)',
  usage: 'ecg-studio convert <file> --to csv|wfdb|edf|dicom --out <path> [--anonymize] [--rate HZ]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { to: { type: 'string' }, out: { type: 'string', short: 'o' }, anonymize: { type: 'boolean' }, rate: { type: 'string' } },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one input file\nusage: ${this.usage}`);
    if (values.to === undefined || values.out === undefined) throw new UsageError(`--to and --out are required\nusage: ${this.usage}`);
    const writer = writerFor(values.to);
    if (writer === undefined) {
      throw new UsageError(`cannot write '${values.to}'; choose one of: ${FORMAT_WRITERS.map((w) => w.name).join(', ')}`);
    }
    let record;
    try {
      record = readRecordFile(file, { anonymize: values.anonymize === true, ...rateOption(values.rate) }).record;
    } catch (err) {
      throw new FileError(file, err);
    }
    const outPath = resolve(io.cwd, values.out);
    let written: string[];
    try {
      written = writeOutputFiles(outPath, writer.write(record, recordNameFromPath(outPath)));
    } catch (err) {
      throw new FileError(values.out, err);
    }
    io.stdout(`wrote ${written.join(', ')}\n`);
    return 0;
  },
};
