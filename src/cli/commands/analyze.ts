// `ecg-studio analyze <file>`: the model's diagnoses (advisory) with measurements and per-lead quality.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../model/backend';
import { loadModelPackage, type LoadedModelPackage } from '../../model/package/modelPackage';
import { analyzeRecord, modelThresholds, type RecordAnalysis } from '../../pipeline/analyzeRecord';
import { modelInputProblems } from '../../pipeline/denoiseRecord';
import { UsageError } from '../../shared/errors';
import { readModelPackageDir } from '../../store/modelFiles';
import { parseCommandArgs, type CliCommand, type CliIo } from '../command';
import { FileError } from '../fileError';
import { bundledPath } from '../../store/packageRoot';
import { readCliRecord } from '../readCliRecord';
import { measureText } from './measure';

/** The bundled model folder (`ECG_STUDIO_DEFAULT_MODEL` overrides it, e.g. for tests and custom installs). */
export function defaultModelDir(io: CliIo): string {
  return io.env['ECG_STUDIO_DEFAULT_MODEL'] ?? bundledPath('models', 'default');
}

export interface CliModel {
  loaded: LoadedModelPackage;
  dir: string;
  /** True when the user named the folder (--model), false for the bundled default. */
  explicit: boolean;
}

/** Selects the tfjs backend, then loads the package in `dir`; any problem is `error: <dir>: <reason>`. */
export async function loadModelDir(dir: string): Promise<LoadedModelPackage> {
  await selectBackend();
  try {
    return await loadModelPackage(readModelPackageDir(dir));
  } catch (err) {
    throw new FileError(dir, err);
  }
}

/** The model named by --model, else the bundled default when it exists, else undefined. */
export async function findCliModel(option: string | undefined, io: CliIo): Promise<CliModel | undefined> {
  if (option !== undefined) {
    const dir = resolve(io.cwd, option);
    return { loaded: await loadModelDir(dir), dir: option, explicit: true };
  }
  const dir = defaultModelDir(io);
  if (!existsSync(join(dir, 'manifest.json'))) return undefined;
  return { loaded: await loadModelDir(dir), dir, explicit: false };
}

/** The JSON `analyze --json` prints. */
export function analyzeJson(a: RecordAnalysis) {
  return {
    model: a.model,
    backend: a.backend,
    diagnoses: a.diagnoses,
    quality: a.quality,
    measurements: a.measurements,
  };
}

/** Diagnoses as text lines (with the advisory notice), or the reason there are none; `▲` marks a probability at or
 * above the label's validation-tuned threshold when the model reports one. */
export function diagnosesText(a: RecordAnalysis, thresholds: ReadonlyMap<string, number> = new Map()): string {
  if (a.model === null || a.diagnoses.length === 0) return `diagnoses    none (${a.reason ?? 'no model'})\n`;
  const lines = [
    `model        ${a.model.name} ${a.model.version} on ${a.backend ?? '—'} (${a.windows?.count ?? 0} × ${a.windows?.durationSec ?? 0} s windows)`,
  ];
  lines.push(`diagnoses    (${a.advisory})`);
  const width = Math.max(...a.diagnoses.map((d) => d.code.length));
  for (const d of a.diagnoses) {
    const t = thresholds.get(d.code);
    const mark = t === undefined ? '' : d.probability >= t ? `  ▲ at or above its threshold ${(t * 100).toFixed(0)} %` : '';
    lines.push(`  ${d.code.padEnd(width)}  ${(d.probability * 100).toFixed(1).padStart(5)} %  ${d.label}${mark}`);
  }
  if (thresholds.size > 0) lines.push('  (thresholds tuned for F1 on the model’s validation split; see its MODEL.md)');
  return `${lines.join('\n')}\n`;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: "a model's diagnoses (advisory, not a diagnosis) with measurements and lead quality",
  usage: 'ecg-studio analyze <file> [--model DIR] [--json] [--rate HZ]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { model: { type: 'string' }, json: { type: 'boolean' }, rate: { type: 'string' } },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError(`expected one file\nusage: ${this.usage}`);
    const record = readCliRecord(file, values.rate);
    const model = await findCliModel(values.model, io);
    if (model === undefined)
      io.stderr(
        `no model found (looked in ${defaultModelDir(io)}); printing measurements and quality only\n`,
      );
    else {
      const problems = modelInputProblems(record, model.loaded.manifest);
      const why = `model '${model.loaded.manifest.name}' ${model.loaded.manifest.version} cannot be used on this record: ${problems.join('; ')}.`;
      if (problems.length && model.explicit) throw new UsageError(why);
      if (problems.length) io.stderr(`${why} Printing measurements and quality only.\n`);
    }
    const analysis = analyzeRecord(record, { model: model?.loaded ?? null });
    if (model) model.loaded.net.model.dispose();
    if (values.json) io.stdout(`${JSON.stringify(analyzeJson(analysis), null, 2)}\n`);
    else
      io.stdout(
        diagnosesText(analysis, model ? modelThresholds(model.loaded.manifest) : undefined) + measureText({ ...analysis.measurements, quality: analysis.quality }),
      );
    return 0;
  },
};
