// `ecg-studio demo`: the main job on the bundled example — what it holds, measurements, quality, diagnoses, denoised copies.
import { join, resolve } from 'node:path';
import { writerFor, type FormatWriter } from '../../formats/writers';
import { analyzeRecord, modelThresholds } from '../../pipeline/analyzeRecord';
import { denoiseRecord, modelInputProblems } from '../../pipeline/denoiseRecord';
import type { EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { parseCommandArgs, type CliCommand } from '../command';
import { bundledPath } from '../../store/packageRoot';
import { defaultModelDir, diagnosesText, findCliModel } from './analyze';
import { readCliRecord } from '../readCliRecord';
import { denoiseSummary, writeRecordFile } from './denoise';
import { inspectSummary } from './inspect';
import { measureText } from './measure';

export const DEMO_RECORD = ['assets', 'example', 'example-12lead.edf'] as const;

function holds(record: EcgRecord): string {
  const s = inspectSummary(record, false);
  const units = [...new Set(Object.values(s.metadata.units))].join(', ');
  return [
    `record       ${s.metadata.name} (${s.format}): ${s.leads.length} leads (${s.leads.join(', ')})`,
    `             ${s.samplingRateHz} Hz, ${s.durationSec.toFixed(1)} s (${s.samplesPerLead} samples per lead) in ${units}, ${s.annotations} annotations`,
    '',
  ].join('\n');
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'run the main job on the bundled example: inspect, measure, classify, denoise, write',
  usage: 'ecg-studio demo [--out DIR] [--model DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { out: { type: 'string', short: 'o' }, model: { type: 'string' } },
      this.usage,
    );
    if (positionals.length) throw new UsageError(`demo takes no file\nusage: ${this.usage}`);
    const outDir = resolve(io.cwd, values.out ?? 'ecg-studio-demo');
    const file = bundledPath(...DEMO_RECORD);
    const record = readCliRecord(file, undefined);
    io.stdout(`ECG Studio demo on ${file}\n\n${holds(record)}\n`);

    const model = await findCliModel(values.model, io);
    const problems = model ? modelInputProblems(record, model.loaded.manifest) : [];
    if (model && problems.length) {
      io.stdout(
        `model '${model.loaded.manifest.name}' cannot be used on the example: ${problems.join('; ')}.\n`,
      );
    }
    const usable = model && problems.length === 0 ? model.loaded : undefined;
    const analysis = analyzeRecord(record, { model: usable ?? null });
    io.stdout(`${measureText({ ...analysis.measurements, quality: analysis.quality })}\n`);
    if (model === undefined)
      io.stdout(`diagnoses    none: no model in ${defaultModelDir(io)} (pass --model DIR)\n\n`);
    else io.stdout(`${diagnosesText(analysis, model ? modelThresholds(model.loaded.manifest) : undefined)}\n`);

    const written: string[] = [];
    const csv = writerFor('csv') as FormatWriter;
    const edf = writerFor('edf') as FormatWriter;
    written.push(...writeRecordFile(record, csv, join(outDir, 'example-12lead.csv')));
    if (usable) {
      const t0 = performance.now();
      const denoised = denoiseRecord(record, usable);
      io.stdout(`${denoiseSummary(denoised, (performance.now() - t0) / 1000)}\n\n`);
      written.push(...writeRecordFile(denoised, edf, join(outDir, 'example-12lead-denoised.edf')));
      written.push(...writeRecordFile(denoised, csv, join(outDir, 'example-12lead-denoised.csv')));
    } else {
      io.stdout('denoised     not written: denoising needs a model\n\n');
    }
    if (model) model.loaded.net.model.dispose();
    io.stdout(`wrote to ${outDir}:\n${written.map((p) => `  ${p}`).join('\n')}\n`);
    return 0;
  },
};
