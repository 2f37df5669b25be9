// `ecg-studio train`: trains a multi-task model on a dataset folder and writes a model package.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MultiTaskNet } from '../../model/architectures/multiTaskNet';
import { selectBackend } from '../../model/backend';
import { loadModelPackage } from '../../model/package/modelPackage';
import { NoiseBank } from '../../pipeline/datasets/noise';
import { trainAndPackage } from '../../pipeline/trainModel';
import { trainingModeSettings, trainSettingsSchema } from '../../pipeline/trainSettings';
import { UsageError } from '../../shared/errors';
import { loadNstdbNoise, openDatasetFolder } from '../../store/datasetFolder';
import { readModelPackageDir, writeModelPackageDir } from '../../store/modelFiles';
import { parseCommandArgs, type CliCommand, type CliIo } from '../command';
import { FileError } from '../fileError';
import { openCliLibrary } from '../openCliLibrary';
import { libraryDataset } from '../../pipeline/libraryDataset';
import type { DatasetAccess } from '../../pipeline/trainModel';

/** One progress line: epoch, batch, per-task losses, task weights and ETA. */
export function progressLine(p: { epoch: number; epochs: number; batch: number; batches: number; losses: number[]; weights: number[]; elapsedSec: number; doneSteps: number; totalSteps: number }): string {
  const width = 20;
  const filled = Math.round((p.batch / p.batches) * width);
  const etaSec = p.doneSteps > 0 ? (p.elapsedSec / p.doneSteps) * (p.totalSteps - p.doneSteps) : NaN;
  const eta = Number.isFinite(etaSec) ? `${Math.floor(etaSec / 60)}m${String(Math.round(etaSec % 60)).padStart(2, '0')}s` : '—';
  return `epoch ${p.epoch}/${p.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] batch ${p.batch}/${p.batches} loss rec ${p.losses[0]?.toFixed(4)} cls ${p.losses[1]?.toFixed(4)} weights ${p.weights.map((w) => w.toFixed(3)).join('/')} ETA ${eta}`;
}

function loadSettings(path: string | undefined, io: CliIo) {
  if (path === undefined) return trainSettingsSchema.parse({});
  const file = resolve(io.cwd, path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FileError(path, err instanceof SyntaxError ? new Error(`not valid JSON (${err.message})`) : err);
  }
  const parsed = trainSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FileError(path, new Error(`${issue?.path.join('.') || '(root)'}: ${issue?.message}`));
  }
  return parsed.data;
}

/**
 * `--data library:`: the library's reviewed records (latest review = final labels), split by patient. The label set
 * is `--labels`, else every label the reviews use.
 */
function libraryTrainingData(dbOption: string | undefined, labelsOption: string | undefined, seed: number, io: CliIo): DatasetAccess {
  const { lib, dbPath } = openCliLibrary(dbOption, io);
  const codes = labelsOption
    ? labelsOption.split(',').map((l) => l.trim()).filter((l) => l.length > 0)
    : [...new Set(lib.datasetItems().flatMap((d) => d.labels))].sort();
  if (codes.length === 0) throw new FileError(dbPath, new Error('no reviewed record has a label yet; review records first (ecg-studio review <id> --labels …)'));
  try {
    return libraryDataset(lib, { classes: codes.map((code) => ({ code, description: code })), seed, name: `library ${dbPath}` });
  } catch (err) {
    throw new FileError(dbPath, err);
  }
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a multi-task model (denoising + classification) on a dataset folder',
  usage:
    'ecg-studio train --data <dir>|library: --out <modelDir> [--db library.db] [--labels A,B,…] [--config file.json] [--noise <nstdbDir>] [--name N] [--version X.Y.Z] [--epochs N] [--from <modelDir> [--classifier-only]]',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      {
        data: { type: 'string' },
        out: { type: 'string', short: 'o' },
        config: { type: 'string' },
        noise: { type: 'string' },
        name: { type: 'string' },
        version: { type: 'string' },
        epochs: { type: 'string' },
        db: { type: 'string' },
        labels: { type: 'string' },
        from: { type: 'string' },
        'classifier-only': { type: 'boolean' },
      },
      this.usage,
    );
    if (!values.data || !values.out) throw new UsageError(`--data and --out are required\nusage: ${this.usage}`);
    let settings = loadSettings(values.config, io);
    if (values.epochs !== undefined) {
      const n = Number(values.epochs);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--epochs must be a positive integer, got '${values.epochs}'`);
      settings.train.epochs = n;
    }
    // Fine-tuning: the starting package's network, weights and input spec, a tenth of the configured learning rate.
    let startFrom: { net: MultiTaskNet; name: string; version: string } | undefined;
    if (values['classifier-only'] && !values.from) throw new UsageError('--classifier-only needs --from <modelDir>');
    if (values.from) {
      const dir = resolve(io.cwd, values.from);
      let loaded;
      try {
        loaded = await loadModelPackage(readModelPackageDir(dir));
      } catch (err) {
        throw new FileError(dir, err);
      }
      startFrom = { net: loaded.net, name: loaded.manifest.name, version: loaded.manifest.version };
      const input = loaded.manifest.input;
      settings = trainingModeSettings(
        { ...settings, spec: { samplingRateHz: input.samplingRateHz, leads: [...input.leads], length: input.lengthSamples, ...(input.preFilter ? { preFilter: input.preFilter } : {}) } },
        values['classifier-only'] ? 'fine-tune-classifier' : 'fine-tune',
      );
      io.stderr(`fine-tuning from ${startFrom.name} ${startFrom.version}${values['classifier-only'] ? ' (classifier only)' : ''}, learning rate ${settings.train.learningRate}\n`);
    }
    const fromLibrary = values.data === 'library:';
    const dataDir = fromLibrary ? 'library:' : resolve(io.cwd, values.data);
    const outDir = resolve(io.cwd, values.out);
    const data = fromLibrary ? libraryTrainingData(values.db, values.labels, settings.train.seed, io) : openDatasetFolder(dataDir, { seed: settings.train.seed });
    if (!data.index.entries.some((e) => e.split === 'train')) throw new FileError(values.data, new Error('the dataset has no training records'));
    let noise = new NoiseBank();
    if (values.noise) noise = loadNstdbNoise(resolve(io.cwd, values.noise), settings.spec.samplingRateHz);
    const usable = settings.noise.types.filter((t) => t === 'powerline' || t === 'pop' || noise.types().includes(t));
    if (usable.length === 0) throw new UsageError('none of the configured noise types is available: pass --noise <folder with NSTDB bw.hea/ma.hea> or add powerline/pop');
    if (usable.length < settings.noise.types.length) io.stderr(`note: noise types without recordings are skipped (${settings.noise.types.filter((t) => !usable.includes(t)).join(', ')}); pass --noise <nstdbDir> to use them\n`);
    settings.noise.types = usable;

    const backend = await selectBackend();
    const trainCount = data.index.entries.filter((e) => e.split === 'train').length;
    const batches = Math.ceil(trainCount / settings.batchSize);
    io.stderr(`training on ${trainCount} records (${data.index.classes.length} labels: ${data.index.classes.map((c) => c.code).join(', ')}), backend ${backend.name}\n`);
    const checkpointDir = join(outDir, '.checkpoints');
    mkdirSync(checkpointDir, { recursive: true });
    const ckpt = join(checkpointDir, 'last.ckpt');
    const resumeFrom = existsSync(ckpt) ? new Uint8Array(readFileSync(ckpt)) : undefined;
    if (resumeFrom) io.stderr(`resuming from ${ckpt}\n`);
    const t0 = Date.now();
    let steps = 0;
    const out = await trainAndPackage({
      settings,
      data,
      noise,
      name: values.name ?? 'ecg-studio-model',
      version: values.version ?? '0.1.0',
      description: `Trained by ecg-studio train on ${dataDir}`,
      dataProvenance: [{ name: data.index.name, notes: dataDir }],
      dataDescription: dataDir,
      reproduce: `ecg-studio train --data ${values.data}${values.config ? ` --config ${values.config}` : ''}${values.noise ? ` --noise ${values.noise}` : ''} --out ${values.out}`,
      ...(resumeFrom ? { resumeFrom } : {}),
      ...(startFrom ? { startFrom } : {}),
      onStep: (log) => {
        steps++;
        const refining = log.stage === 'refine-recovery';
        // Steps of the whole plan: the joint epochs, then the recovery-head refinement's.
        const globalStep = (refining ? settings.train.epochs * batches : 0) + log.step;
        const line = progressLine({
          epoch: log.epoch + 1,
          epochs: refining ? settings.refine.epochs : settings.train.epochs,
          batch: log.stepInEpoch + 1,
          batches,
          losses: log.losses,
          weights: log.weights,
          elapsedSec: (Date.now() - t0) / 1000,
          doneSteps: steps,
          totalSteps: (settings.train.epochs + settings.refine.epochs) * batches - (globalStep + 1 - steps),
        });
        io.stderr(process.stderr.isTTY ? `\r${refining ? 'refine ' : ''}${line}` : `${refining ? 'refine ' : ''}${line}\n`);
      },
      onEpoch: (log) => {
        const v = log.validation;
        io.stderr(`${process.stderr.isTTY ? '\n' : ''}${log.stage === 'refine-recovery' ? 'recovery refinement epoch' : 'epoch'} ${log.epoch + 1}: val macro-AUC ${v?.macroAuc.toFixed(4) ?? '—'}, SNR improvement ${v?.snrImprovementDb.toFixed(2) ?? '—'} dB\n`);
      },
      onCheckpoint: (bytes) => writeFileSync(ckpt, bytes),
    });
    writeModelPackageDir(outDir, out.files);
    rmSync(checkpointDir, { recursive: true, force: true });
    const c = out.manifest.metrics['classification'] as { macroAuc: number };
    io.stdout(`wrote ${outDir} (${out.result.epochs} epochs, ${out.result.stoppedBy}, backend ${out.result.backend}); macro-AUC ${c.macroAuc.toFixed(4)} on ${String(out.manifest.metrics['split'])}\n`);
    return 0;
  },
};
