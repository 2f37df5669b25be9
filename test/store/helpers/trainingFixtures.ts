// Test helper: tiny training settings (seconds per run on one core) and a library of reviewed simulated records.
import { ecgSimulate } from '../../../src/signal/ecgSimulate';
import type { Library } from '../../../src/store/library';
import type { TrainSettingsOverride } from '../../../src/store/trainingService';

/** A tiny net on the tiny model's input (2 leads, 100 Hz, 256 samples, from its manifest): about a second per epoch. */
export const TINY_TRAIN_OVERRIDE: TrainSettingsOverride = {
  net: { stageFilters: [8, 8], kernelSize: 5, blocksPerStage: 1, norm: 'batch', sharing: 'hard', recoveryTarget: 'noise', seed: 5 },
  batchSize: 4,
  noise: { types: ['powerline', 'pop'], snrDbRange: [0, 12], cleanFraction: 0.2, cleanHighPassHz: 0.5 },
  train: { learningRate: 3e-3, earlyStopping: { metric: 'val_loss', patience: 10, restoreBest: true } },
};

/** Imports `count` simulated records (one patient each) and reviews them, cycling NORM / AFIB / a label the model lacks. */
export function addReviewedRecords(library: Library, count: number): void {
  for (let i = 0; i < count; i++) {
    const record = ecgSimulate({ samplingRateHz: 100, durationSec: 4, heartRateBpm: 60 + 7 * i, leads: ['I', 'II'], seed: 100 + i });
    record.name = `sim-${i}`;
    record.patient = { id: `P${i}` };
    const { recordId } = library.insertRecord({ record, contentHash: `hash-${i}-${Math.random()}`, sourcePath: `/sim/${i}.edf` });
    library.addReview({ recordId, reviewer: 'test', action: 'edited', labels: i % 3 === 0 ? ['NORM'] : i % 3 === 1 ? ['AFIB'] : ['OTHER'] });
  }
}
