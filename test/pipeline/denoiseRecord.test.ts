import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelPackage } from '../../src/model/package/modelPackage';
import {
  denoiseRecord,
  modelInputProblems,
  normaliseWindows,
  windowStarts,
  type DenoiseMetadata,
} from '../../src/pipeline/denoiseRecord';
import { measureRecord } from '../../src/pipeline/measureRecord';
import { resampleSpan } from '../../src/pipeline/datasets/prepareInput';
import type { EcgRecord } from '../../src/shared/ecgRecord';
import { ecgPeaks } from '../../src/signal/ecgPeaks';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { resampleSignal } from '../../src/signal/resample';
import { readModelPackageDir } from '../../src/store/modelFiles';
import { readRecordFile } from '../../src/store/recordFiles';
import { assertAllClose } from '../helpers/assertClose';
import { testFloats, useWasmBackend } from '../model/tfTestBackend';
import { loadTinyModel, TINY_LENGTH } from './helpers/tinyModel';

const EXAMPLE = join(__dirname, '..', '..', 'assets', 'example', 'example-12lead.edf');
const DEFAULT_MODEL = join(__dirname, '..', '..', 'models', 'default');

const example = () => readRecordFile(EXAMPLE).record;
const lead = (r: EcgRecord, name: string) => r.leads.find((l) => l.name === name)!;

/** Median over beats of the R amplitude (max within ±30 ms of the R peak above the median of ±0.4 s around it). */
function medianRAmplitude(x: Float32Array, samplingRateHz: number, rPeaks: readonly number[]): number {
  const half = Math.round(0.4 * samplingRateHz);
  const near = Math.round(0.03 * samplingRateHz);
  const amps: number[] = [];
  for (const p of rPeaks) {
    if (p - half < 0 || p + half >= x.length) continue;
    const around = Array.from(x.subarray(p - half, p + half)).sort((a, b) => a - b);
    const base = around[around.length >> 1] as number;
    let max = -Infinity;
    for (let i = p - near; i <= p + near; i++) max = Math.max(max, (x[i] as number) - base);
    amps.push(max);
  }
  amps.sort((a, b) => a - b);
  return amps[amps.length >> 1] as number;
}

/** ΔR (%, lead II, median over beats) and ΔQRS (ms, measureRecord) between a record and its denoised copy. */
function cleanInputChange(record: EcgRecord, denoised: EcgRecord): { rPercent: number; qrsMs: number } {
  const fs = record.samplingRateHz;
  const peaks = ecgPeaks(lead(record, 'II').samples, fs).rPeakSampleIdx;
  const r0 = medianRAmplitude(lead(record, 'II').samples, fs, peaks);
  const r1 = medianRAmplitude(lead(denoised, 'II').samples, fs, peaks);
  const q0 = measureRecord(record).qrsMs;
  const q1 = measureRecord(denoised).qrsMs;
  assert.ok(q0 !== null && q1 !== null, 'QRS measured on both');
  return { rPercent: (100 * (r1 - r0)) / r0, qrsMs: q1 - q0 };
}

test('denoiseRecord: keeps rate, leads, units and length; leads the model does not take are copied and listed', async () => {
  const model = await loadTinyModel({ epochs: 3 });
  const record = example();
  const before = tf.memory().numTensors;
  const out = denoiseRecord(record, model);
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  assert.equal(out.samplingRateHz, record.samplingRateHz);
  assert.equal(out.samplesPerLead, record.samplesPerLead);
  assert.deepEqual(
    out.leads.map((l) => [l.name, l.unit, l.samples.length]),
    record.leads.map((l) => [l.name, l.unit, record.samplesPerLead]),
  );
  const meta = out.metadata['denoise'] as DenoiseMetadata;
  assert.deepEqual(meta.untouchedLeads, ['III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
  assert.deepEqual(
    {
      model: meta.model,
      version: meta.version,
      backend: meta.backend,
      windowSec: meta.windowSec,
      overlap: meta.overlap,
    },
    {
      model: 'tiny-test',
      version: '0.1.0',
      backend: 'wasm',
      windowSec: 2.56,
      overlap: 0.5,
    },
  );
  for (const name of meta.untouchedLeads)
    assert.deepEqual(lead(out, name).samples, lead(record, name).samples);
  assert.notDeepEqual(
    lead(out, 'II').samples,
    lead(record, 'II').samples,
    'a trained model changes the leads it takes',
  );
  assert.notEqual(lead(out, 'V1').samples, lead(record, 'V1').samples, 'a copy, not the same array');
  model.net.model.dispose();
});

test('denoiseRecord: a model that finds no noise (recovered == input) leaves µV samples at 360 Hz unchanged', async () => {
  const model = await loadTinyModel({ zeroNoise: true, normalisation: { method: 'per-lead-zscore' } });
  const sim = ecgSimulate({
    samplingRateHz: 360,
    durationSec: 20,
    leads: ['I', 'II'],
    seed: 2,
    noise: { whiteNoiseMv: 0.02 },
  });
  const record: EcgRecord = {
    ...sim,
    leads: sim.leads.map((l) => ({ ...l, unit: 'uV', samples: l.samples.map((v) => v * 1000) })),
  };
  record.leads[0]!.samples[100] = NaN;
  const out = denoiseRecord(record, model);
  for (let i = 0; i < record.leads.length; i++) {
    const a = Array.from(record.leads[i]!.samples).map((v) => (Number.isNaN(v) ? 0 : v));
    const b = Array.from(out.leads[i]!.samples).map((v) => (Number.isNaN(v) ? 0 : v));
    assertAllClose(b, a, { atol: 1e-3 });
  }
  assert.ok(Number.isNaN(out.leads[0]!.samples[100] as number), 'invalid samples stay invalid');
  model.net.model.dispose();
});

test('denoiseRecord: clean input (tiny model trained 100 epochs): |ΔR| ≤ 10 % in lead II and |ΔQRS| ≤ 10 ms', async (t) => {
  const model = await loadTinyModel({ epochs: 100 });
  for (const [name, record] of [
    ['bundled example', example()],
    ['noise-free simulator, 500 Hz', ecgSimulate({ samplingRateHz: 500, durationSec: 10, seed: 3 })],
  ] as const) {
    const change = cleanInputChange(record, denoiseRecord(record, model));
    t.diagnostic(`${name}: ΔR ${change.rPercent.toFixed(2)} %, ΔQRS ${change.qrsMs} ms`);
    assert.ok(Math.abs(change.rPercent) <= 10, `${name}: ΔR ${change.rPercent} %`);
    assert.ok(Math.abs(change.qrsMs) <= 10, `${name}: ΔQRS ${change.qrsMs} ms`);
  }
  // And it does remove what it was trained on: baseline wander added to a clean simulator record.
  const clean = ecgSimulate({ samplingRateHz: 500, durationSec: 10, leads: ['I', 'II'], seed: 4 });
  const noisy: EcgRecord = {
    ...clean,
    leads: clean.leads.map((l, c) => ({
      ...l,
      samples: l.samples.map((v, i) => v + 0.2 * Math.sin((2 * Math.PI * 0.3 * i) / 500 + c)),
    })),
  };
  const denoised = denoiseRecord(noisy, model);
  const rms = (a: Float32Array, b: Float32Array) =>
    Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.length);
  const before = rms(lead(noisy, 'II').samples, lead(clean, 'II').samples);
  const after = rms(lead(denoised, 'II').samples, lead(clean, 'II').samples);
  t.diagnostic(
    `baseline wander 0.2 mV: RMS error ${(before * 1000).toFixed(0)} µV → ${(after * 1000).toFixed(0)} µV`,
  );
  assert.ok(after < before * 0.7, `${after} < 0.7 × ${before}`);
  model.net.model.dispose();
});

test(
  'denoiseRecord: clean input with models/default: |ΔR| ≤ 10 % and |ΔQRS| ≤ 10 ms',
  {
    skip: existsSync(join(DEFAULT_MODEL, 'manifest.json'))
      ? false
      : 'models/default is not there (the lead trains it)',
  },
  async (t) => {
    await useWasmBackend();
    const model = await loadModelPackage(readModelPackageDir(DEFAULT_MODEL));
    for (const [name, record] of [
      ['bundled example', example()],
      ['noise-free simulator, 500 Hz', ecgSimulate({ samplingRateHz: 500, durationSec: 10, seed: 3 })],
    ] as const) {
      const change = cleanInputChange(record, denoiseRecord(record, model));
      t.diagnostic(
        `models/default ${model.manifest.version}, ${name}: ΔR ${change.rPercent.toFixed(2)} %, ΔQRS ${change.qrsMs} ms`,
      );
      assert.ok(Math.abs(change.rPercent) <= 10, `${name}: ΔR ${change.rPercent} %`);
      assert.ok(Math.abs(change.qrsMs) <= 10, `${name}: ΔQRS ${change.qrsMs} ms`);
    }
    model.net.model.dispose();
  },
);

test('denoiseRecord: 30 min at 360 Hz, 2 leads, in chunks; chunking does not change the result', async (t) => {
  const model = await loadTinyModel();
  const minute = ecgSimulate({
    samplingRateHz: 360,
    durationSec: 60,
    leads: ['I', 'II'],
    seed: 5,
    noise: { baselineWanderMv: 0.1, whiteNoiseMv: 0.02 },
  });
  const n = 360 * 1800;
  const long: EcgRecord = {
    ...minute,
    samplesPerLead: n,
    leads: minute.leads.map((l) => ({
      ...l,
      samples: Float32Array.from({ length: n }, (_, i) => l.samples[i % l.samples.length] as number),
    })),
  };
  const t0 = performance.now();
  const out = denoiseRecord(long, model, { chunkWindows: 64 });
  t.diagnostic(`30 min, 2 leads, 360 Hz: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  assert.equal(out.samplesPerLead, n);
  assert.deepEqual(
    out.leads.map((l) => l.samples.length),
    [n, n],
  );
  assert.ok(out.leads.every((l) => l.samples.every(Number.isFinite)));
  // The first 2 minutes with small chunks vs one chunk: identical up to float rounding.
  const short: EcgRecord = {
    ...long,
    samplesPerLead: 360 * 120,
    leads: long.leads.map((l) => ({ ...l, samples: l.samples.subarray(0, 360 * 120) })),
  };
  const a = denoiseRecord(short, model, { chunkWindows: 3 });
  const b = denoiseRecord(short, model, { chunkWindows: 100000 });
  for (let i = 0; i < 2; i++) assertAllClose(a.leads[i]!.samples, b.leads[i]!.samples, { atol: 1e-5 });
  model.net.model.dispose();
});

test('resampleSpan: equals the slice of the whole-signal resampling (360 → 100 Hz and back, 257 → 100 Hz)', () => {
  const x = testFloats(5000, 3);
  for (const [from, to] of [
    [360, 100],
    [100, 360],
    [257, 100],
  ] as const) {
    const whole = resampleSignal(x, from, to);
    for (const [s, e] of [
      [0, 50],
      [777, 1300],
      [whole.length - 40, whole.length],
    ] as const) {
      assertAllClose(
        resampleSpan((a, b) => x.subarray(a, b), x.length, from, to, s, e),
        whole.subarray(s, e),
        { atol: 1e-6 },
      );
    }
  }
});

test('windowStarts: hop steps and a last window flush with the end; one window for short input', () => {
  assert.deepEqual(windowStarts(1000, 256, 128), [0, 128, 256, 384, 512, 640, 744]);
  assert.deepEqual(windowStarts(200, 256, 128), [0]);
  assert.deepEqual(windowStarts(256, 256, 128), [0]);
});

test('normaliseWindows: per-lead z-score per window, µV scaling, gains convert differences back to mV', () => {
  const length = 4;
  const spec = {
    samplingRateHz: 100,
    leads: ['I', 'II'],
    lengthSamples: length,
    units: 'mV' as const,
    normalisation: { method: 'per-lead-zscore' as const },
  };
  const w = Float32Array.from([1, 5, 2, 5, 3, 5, 4, 5]);
  const gains = normaliseWindows(w, 1, spec);
  assertAllClose(
    Array.from(w).filter((_, i) => i % 2 === 0),
    [-1.3416408, -0.4472136, 0.4472136, 1.3416408],
    { atol: 1e-6 },
  );
  assert.deepEqual(
    Array.from(w).filter((_, i) => i % 2 === 1),
    [0, 0, 0, 0],
    'a constant lead normalises to zero',
  );
  assertAllClose(gains, [1 / Math.sqrt(1.25), 0], { atol: 1e-6 });
  const uv = Float32Array.from([0.5, 1]);
  assert.deepEqual(
    Array.from(
      normaliseWindows(uv, 1, {
        ...spec,
        lengthSamples: 1,
        units: 'uV',
        normalisation: { method: 'scale', scale: 2 },
      }),
    ),
    [2000, 2000],
  );
  assert.deepEqual(Array.from(uv), [1000, 2000]);
});

test('denoiseRecord: missing model leads are refused with the reason; limb leads are derived when possible', async () => {
  const model = await loadTinyModel();
  const sim = ecgSimulate({ samplingRateHz: 500, durationSec: 10, seed: 6 });
  const chest: EcgRecord = { ...sim, leads: sim.leads.filter((l) => l.name.startsWith('V')) };
  assert.deepEqual(modelInputProblems(chest, model.manifest), [
    'it needs leads I, II, which the input lacks',
  ]);
  assert.throws(
    () => denoiseRecord(chest, model),
    /model 'tiny-test' 0\.1\.0 cannot be used on this record: it needs leads I, II, which the input lacks/,
  );
  const tooShort: EcgRecord = {
    ...sim,
    samplesPerLead: 500,
    leads: sim.leads.map((l) => ({ ...l, samples: l.samples.subarray(0, 500) })),
  };
  assert.match(
    modelInputProblems(tooShort, model.manifest).join(),
    /shorter than half the model's 2\.56 s window/,
  );
  const noLeadI: EcgRecord = { ...sim, leads: sim.leads.filter((l) => l.name !== 'I') };
  const out = denoiseRecord(noLeadI, model);
  const meta = out.metadata['denoise'] as DenoiseMetadata;
  assert.deepEqual(meta.derivedInputLeads, ['I']);
  assert.ok(!meta.untouchedLeads.includes('II') && meta.untouchedLeads.includes('III'));
  assert.equal(TINY_LENGTH, 256);
  model.net.model.dispose();
});
