// Opens a training-data folder on disk (PTB-XL layout or a labels.csv folder) and the NSTDB noise records.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../shared/ecgRecord';
import { UsageError } from '../shared/errors';
import type { DatasetEntry, DatasetIndex } from '../pipeline/datasets/datasetIndex';
import { labelsCsvIndex } from '../pipeline/datasets/labelsCsv';
import { NoiseBank, type NoiseType } from '../pipeline/datasets/noise';
import { ptbxlIndex, type PtbxlLabelLevel } from '../pipeline/datasets/ptbxl';
import { leadMillivolts } from '../shared/ecgRecord';
import { resampleSignal } from '../signal/resample';
import { readRecordFile } from './recordFiles';

export interface DatasetFolder {
  root: string;
  kind: 'ptb-xl' | 'labels-csv';
  index: DatasetIndex;
  loadRecord(entry: DatasetEntry): EcgRecord;
}

/** Recognises a PTB-XL folder (ptbxl_database.csv + scp_statements.csv) or a folder with labels.csv. */
export function openDatasetFolder(root: string, options: { level?: PtbxlLabelLevel; rate?: 100 | 500; seed?: number } = {}): DatasetFolder {
  const loadRecord = (entry: DatasetEntry) => readRecordFile(join(root, entry.path)).record;
  const ptbxlCsv = join(root, 'ptbxl_database.csv');
  if (existsSync(ptbxlCsv)) {
    const statements = join(root, 'scp_statements.csv');
    if (!existsSync(statements)) throw new UsageError(`${root}: has ptbxl_database.csv but no scp_statements.csv`);
    const index = ptbxlIndex(readFileSync(ptbxlCsv, 'utf8'), readFileSync(statements, 'utf8'), {
      ...(options.level ? { level: options.level } : {}),
      ...(options.rate ? { rate: options.rate } : {}),
    });
    // The folder may hold only part of PTB-XL: keep the rows whose record is present.
    index.entries = index.entries.filter((e) => existsSync(join(root, e.path)));
    return { root, kind: 'ptb-xl', index, loadRecord };
  }
  const labels = join(root, 'labels.csv');
  if (existsSync(labels)) {
    const index = labelsCsvIndex(readFileSync(labels, 'utf8'), { fileName: labels, ...(options.seed === undefined ? {} : { seed: options.seed }) });
    return { root, kind: 'labels-csv', index, loadRecord };
  }
  throw new UsageError(`${root}: not a dataset folder (expected ptbxl_database.csv + scp_statements.csv, or labels.csv with columns file,labels)`);
}

/** Loads NSTDB noise records `bw`, `ma` (and `em` when present) resampled to the model rate, in mV. */
export function loadNstdbNoise(nstdbDir: string, samplingRateHz: number): NoiseBank {
  const bank = new NoiseBank();
  for (const type of ['bw', 'ma', 'em'] as NoiseType[]) {
    const header = join(nstdbDir, `${type}.hea`);
    if (!existsSync(header)) continue;
    const record = readRecordFile(header).record;
    for (const lead of record.leads) {
      const mv = leadMillivolts(lead);
      const samples = record.samplingRateHz === samplingRateHz ? mv : Float32Array.from(resampleSignal(mv, record.samplingRateHz, samplingRateHz));
      bank.add({ type, samplesMv: samples });
    }
  }
  if (bank.types().length === 0) throw new UsageError(`${nstdbDir}: no NSTDB noise records (bw.hea, ma.hea) found`);
  return bank;
}
