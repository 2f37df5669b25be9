// `ecg-studio evaluate`: scores a model package on a dataset folder (classification AUC/F1, recovery SNR/RMSE/PRD).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectBackend } from '../../model/backend';
import { classificationReport } from '../../model/metrics/classification';
import { loadModelPackage } from '../../model/package/modelPackage';
import { evaluateMultiTask } from '../../model/train/evaluate';
import type { DatasetIndex, DatasetSplit } from '../../pipeline/datasets/datasetIndex';
import { NoiseBank, type NoiseType } from '../../pipeline/datasets/noise';
import { splitSource } from '../../pipeline/trainModel';
import { UsageError } from '../../shared/errors';
import { loadNstdbNoise, openDatasetFolder } from '../../store/datasetFolder';
import { readModelPackageDir } from '../../store/modelFiles';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';

const SPLITS = ['train', 'val', 'test', 'all'] as const;

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'score a model on a dataset folder: macro-AUC, per-class AUC/F1, SNR improvement, RMSE, PRD, cosine',
  usage: 'ecg-studio evaluate --model <dir> --data <dir> [--split train|val|test|all] [--noise <nstdbDir>] [--json] [--predictions file.json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      { model: { type: 'string' }, data: { type: 'string' }, split: { type: 'string' }, noise: { type: 'string' }, json: { type: 'boolean' }, predictions: { type: 'string' } },
      this.usage,
    );
    if (!values.model || !values.data) throw new UsageError(`--model and --data are required\nusage: ${this.usage}`);
    const split = (values.split ?? 'test') as (typeof SPLITS)[number];
    if (!SPLITS.includes(split)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')}`);
    await selectBackend();
    let loaded;
    try {
      loaded = await loadModelPackage(readModelPackageDir(resolve(io.cwd, values.model)));
    } catch (err) {
      throw new FileError(values.model, err);
    }
    const { manifest, net } = loaded;
    const folder = openDatasetFolder(resolve(io.cwd, values.data));
    // Score against the model's own label set; entries keep their labels (unknown ones are ignored).
    const index: DatasetIndex = {
      ...folder.index,
      classes: manifest.labels,
      entries: split === 'all' ? folder.index.entries.map((e) => ({ ...e, split: 'test' as DatasetSplit })) : folder.index.entries,
    };
    const evalSplit: DatasetSplit = split === 'all' ? 'test' : split;
    const count = index.entries.filter((e) => e.split === evalSplit).length;
    if (count === 0) throw new FileError(values.data, new Error(`no records in the '${split}' split`));
    const spec = { samplingRateHz: manifest.input.samplingRateHz, leads: manifest.input.leads, length: manifest.input.lengthSamples };
    let noise = new NoiseBank();
    if (values.noise) noise = loadNstdbNoise(resolve(io.cwd, values.noise), spec.samplingRateHz);
    const types: NoiseType[] = noise.types().length ? noise.types() : ['powerline', 'pop'];
    const access = { data: { index, loadRecord: folder.loadRecord }, noise, spec, batchSize: 32 };
    const opts = { classLoss: { kind: 'bce' as const }, microvoltsPerUnit: 1000 };
    const clean = await evaluateMultiTask(net.model, splitSource(access, evalSplit, { types, snrDbRange: [0, 0], cleanFraction: 1 }, 0), opts);
    const noisy = await evaluateMultiTask(net.model, splitSource(access, evalSplit, { types, snrDbRange: [-6, 24] }, 1), opts);
    const hasVal = evalSplit !== 'val' && index.entries.some((e) => e.split === 'val');
    const val = hasVal ? await evaluateMultiTask(net.model, splitSource(access, 'val', { types, snrDbRange: [0, 0], cleanFraction: 1 }, 0), opts) : undefined;
    const k = manifest.labels.length;
    const report = classificationReport(clean.scores, clean.labels, k, val ? { scores: val.scores, labels: val.labels } : undefined);
    const result = {
      model: { name: manifest.name, version: manifest.version },
      backend: clean.backend,
      split,
      records: clean.records,
      classification: {
        macroAuc: report.macroAuc,
        macroF1: report.macroF1,
        thresholdsTunedOn: val ? 'val' : split,
        perClass: Object.fromEntries(manifest.labels.map((l, i) => [l.code, report.perClass[i]])),
      },
      recovery: {
        noiseTypes: types,
        inputSnrDbRange: [-6, 24],
        snrImprovementDb: noisy.snrImprovementDb,
        rmseUv: noisy.rmseUv,
        prdPercent: noisy.prdPercent,
        cosine: noisy.cosine,
      },
    };
    if (values.predictions) {
      const entries = index.entries.filter((e) => e.split === evalSplit);
      const records = entries.map((e, r) => ({
        id: e.id,
        file: e.path,
        probabilities: Object.fromEntries(manifest.labels.map((l, c) => [l.code, clean.scores[r * k + c]])),
      }));
      writeFileSync(resolve(io.cwd, values.predictions), JSON.stringify({ model: result.model, split, records }, null, 2) + '\n');
    }
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout(`${manifest.name} ${manifest.version} on ${split} (${clean.records} records, backend ${clean.backend})\n`);
      io.stdout(`classification: macro-AUC ${report.macroAuc.toFixed(4)}, macro-F1 ${report.macroF1.toFixed(4)}\n`);
      manifest.labels.forEach((l, i) => {
        const p = report.perClass[i]!;
        io.stdout(`  ${l.code.padEnd(6)} AUC ${p.auc.toFixed(4)}  F1 ${p.f1.toFixed(3)}  Se ${p.sensitivity.toFixed(3)}  Sp ${p.specificity.toFixed(3)}\n`);
      });
      io.stdout(`recovery (${types.join(', ')}, input SNR −6…24 dB): SNR improvement ${noisy.snrImprovementDb.toFixed(2)} dB, RMSE ${noisy.rmseUv.toFixed(1)} µV, PRD ${noisy.prdPercent.toFixed(1)} %, cosine ${noisy.cosine.toFixed(4)}\n`);
    }
    net.model.dispose();
    return 0;
  },
};
