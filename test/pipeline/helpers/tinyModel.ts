// Test helper: a tiny multi-task model package (leads I and II, 100 Hz, 2.56 s), trained a few steps on simulator data.
import * as tf from '@tensorflow/tfjs';
import { buildMultiTaskNet, defaultNetConfig } from '../../../src/model/architectures/multiTaskNet';
import type { ModelManifest } from '../../../src/model/package/manifest';
import {
  loadModelPackage,
  saveModelPackage,
  type LoadedModelPackage,
  type ModelPackageFiles,
} from '../../../src/model/package/modelPackage';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { trainMultiTask } from '../../../src/model/train/trainMultiTask';
import { ecgSimulate } from '../../../src/signal/ecgSimulate';
import { writeModelPackageDir } from '../../../src/store/modelFiles';
import { testFloats, useWasmBackend } from '../../model/tfTestBackend';

export const TINY_LEADS = ['I', 'II'];
export const TINY_RATE_HZ = 100;
export const TINY_LENGTH = 256;

export interface TinyModelOptions {
  /** Training steps' worth of epochs on simulator data (0 = untrained). */
  epochs?: number;
  /** Zero the last recovery conv so that recovered == input exactly (a model that finds no noise). */
  zeroNoise?: boolean;
  normalisation?: ModelManifest['input']['normalisation'];
  units?: 'mV' | 'uV';
}

function manifestFor(architecture: ModelManifest['architecture'], options: TinyModelOptions): ModelManifest {
  return {
    formatVersion: 1,
    name: options.zeroNoise ? 'tiny-zero-noise' : 'tiny-test',
    version: '0.1.0',
    created: '2026-01-01T00:00:00Z',
    labels: [
      { code: 'NORM', description: 'normal ECG' },
      { code: 'AFIB', description: 'atrial fibrillation' },
    ],
    input: {
      samplingRateHz: TINY_RATE_HZ,
      leads: TINY_LEADS,
      lengthSamples: TINY_LENGTH,
      units: options.units ?? 'mV',
      normalisation: options.normalisation ?? { method: 'none' },
    },
    outputs: {
      recovery: { name: 'recovery', units: 'mV' },
      classification: { name: 'class_logits', activation: 'logits' },
    },
    architecture,
    training: { epochs: options.epochs ?? 0 },
    dataProvenance: [{ name: 'ecgSimulate', notes: 'test data' }],
    metrics: {},
    backend: 'wasm',
    tfjsVersion: tf.version.tfjs,
  };
}

/** Noisy/clean window pairs cut from a 100 Hz simulator record (baseline wander and white noise added). */
function simulatorExamples(count: number) {
  const clean = ecgSimulate({ samplingRateHz: TINY_RATE_HZ, durationSec: 60, leads: ['I', 'II'], seed: 7 });
  const white = testFloats(clean.samplesPerLead * 2, 11);
  const per = TINY_LENGTH * 2;
  const x = new Float32Array(count * per);
  const yClean = new Float32Array(count * per);
  const yClass = new Float32Array(count * 2);
  const hop = Math.floor((clean.samplesPerLead - TINY_LENGTH) / Math.max(1, count - 1));
  for (let w = 0; w < count; w++) {
    yClass[w * 2] = 1;
    for (let t = 0; t < TINY_LENGTH; t++) {
      const i = w * hop + t;
      for (let c = 0; c < 2; c++) {
        const v = clean.leads[c]!.samples[i] as number;
        const wander = 0.2 * Math.sin((2 * Math.PI * 0.3 * i) / TINY_RATE_HZ + c);
        yClean[(w * TINY_LENGTH + t) * 2 + c] = v;
        x[(w * TINY_LENGTH + t) * 2 + c] = v + wander + 0.05 * (white[i * 2 + c] as number);
      }
    }
  }
  return { count, length: TINY_LENGTH, leads: 2, classCount: 2, x, yClean, yClass };
}

/** Builds (and optionally trains) the tiny model and returns its package files. */
export async function tinyModelFiles(options: TinyModelOptions = {}): Promise<ModelPackageFiles> {
  await useWasmBackend();
  const config = defaultNetConfig({
    inputLength: TINY_LENGTH,
    leads: 2,
    classCount: 2,
    stageFilters: [8, 8],
    kernelSize: 5,
    seed: 3,
  });
  const net = buildMultiTaskNet(config);
  if (options.epochs) {
    await trainMultiTask({
      net,
      train: inMemoryBatchSource(simulatorExamples(64), 16),
      config: {
        epochs: options.epochs,
        learningRate: 3e-3,
        seed: 1,
        schedule: { strategy: { kind: 'joint' } },
        weighting: { method: 'fixed', weights: [1, 0.1] },
        classLoss: { kind: 'bce' },
      },
    });
  }
  if (options.zeroNoise) {
    const last = net.model.getLayer('rec_negnoise');
    last.setWeights(last.getWeights().map((w) => tf.zerosLike(w)));
  }
  const files = await saveModelPackage(net.model, manifestFor(config, options));
  net.model.dispose();
  return files;
}

export async function loadTinyModel(options: TinyModelOptions = {}): Promise<LoadedModelPackage> {
  return loadModelPackage(await tinyModelFiles(options));
}

/** Writes the tiny model's package to `dir` (for CLI tests). */
export async function writeTinyModel(dir: string, options: TinyModelOptions = {}): Promise<string> {
  writeModelPackageDir(dir, await tinyModelFiles(options));
  return dir;
}
