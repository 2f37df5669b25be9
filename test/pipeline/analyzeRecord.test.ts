import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyzeRecord, ANALYSIS_ADVISORY, modelThresholds } from '../../src/pipeline/analyzeRecord';
import { prepareModelInput } from '../../src/pipeline/datasets/prepareInput';
import { measureRecord } from '../../src/pipeline/measureRecord';
import type { EcgRecord } from '../../src/shared/ecgRecord';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { readRecordFile } from '../../src/store/recordFiles';
import { assertClose } from '../helpers/assertClose';
import { loadTinyModel, TINY_LEADS, TINY_LENGTH, TINY_RATE_HZ } from './helpers/tinyModel';

const EXAMPLE = join(__dirname, '..', '..', 'assets', 'example', 'example-12lead.edf');

test('analyzeRecord: without a model, measurements and quality with model null, no diagnoses and a reason', () => {
  const record = readRecordFile(EXAMPLE).record;
  const a = analyzeRecord(record);
  assert.equal(a.model, null);
  assert.equal(a.backend, null);
  assert.deepEqual(a.diagnoses, []);
  assert.match(a.reason ?? '', /no model/);
  assert.equal(a.advisory, ANALYSIS_ADVISORY);
  const { quality, ...measurements } = measureRecord(record);
  assert.deepEqual(a.measurements, measurements);
  assert.deepEqual(a.quality, quality);
});

test('analyzeRecord: with a model, label probabilities sorted high to low over 4 windows of the 10 s example; no leaks', async () => {
  const model = await loadTinyModel();
  const record = readRecordFile(EXAMPLE).record;
  const before = tf.memory().numTensors;
  const a = analyzeRecord(record, { model });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(a.model, { name: 'tiny-test', version: '0.1.0' });
  assert.equal(a.backend, 'wasm');
  assert.deepEqual(a.windows, { count: 4, durationSec: 2.56 });
  assert.deepEqual(a.diagnoses.map((d) => d.code).sort(), ['AFIB', 'NORM']);
  assert.deepEqual(
    a.diagnoses.map((d) => Object.keys(d)),
    [
      ['code', 'label', 'probability'],
      ['code', 'label', 'probability'],
    ],
  );
  assert.ok(a.diagnoses[0]!.probability >= a.diagnoses[1]!.probability);
  assert.ok(a.diagnoses.every((d) => d.probability >= 0 && d.probability <= 1));
  assert.equal(a.diagnoses.find((d) => d.code === 'AFIB')!.label, 'atrial fibrillation');
  assert.equal(a.reason, undefined);
  model.net.model.dispose();
});

test('analyzeRecord: a record of one window gives exactly the model’s sigmoid outputs; long records cap the windows', async () => {
  const model = await loadTinyModel();
  const one = ecgSimulate({
    samplingRateHz: TINY_RATE_HZ,
    durationSec: TINY_LENGTH / TINY_RATE_HZ,
    leads: ['I', 'II'],
    seed: 4,
  });
  const a = analyzeRecord(one, { model });
  assert.equal(a.windows?.count, 1);
  const input = prepareModelInput(
    one,
    { samplingRateHz: TINY_RATE_HZ, leads: TINY_LEADS, length: TINY_LENGTH },
    0,
  ).samplesMv;
  const expected = tf.tidy(() =>
    Array.from(
      tf
        .sigmoid((model.net.model.predict(tf.tensor3d(input, [1, TINY_LENGTH, 2])) as tf.Tensor[])[1]!)
        .dataSync(),
    ),
  );
  for (const d of a.diagnoses)
    assertClose(d.probability, expected[d.code === 'NORM' ? 0 : 1] as number, { atol: 1e-6 });

  const long: EcgRecord = ecgSimulate({ samplingRateHz: 250, durationSec: 300, leads: ['I', 'II'], seed: 4 });
  assert.equal(analyzeRecord(long, { model, maxWindows: 8 }).windows?.count, 8);
  model.net.model.dispose();
});

test('analyzeRecord: a model whose input the record cannot meet gives no diagnoses and says why', async () => {
  const model = await loadTinyModel();
  const sim = ecgSimulate({ samplingRateHz: 500, durationSec: 10, seed: 6, leads: ['V1', 'V2'] });
  const a = analyzeRecord(sim, { model });
  assert.deepEqual(a.model, { name: 'tiny-test', version: '0.1.0' });
  assert.deepEqual(a.diagnoses, []);
  assert.match(
    a.reason ?? '',
    /model 'tiny-test' 0\.1\.0 cannot be used on this record: it needs leads I, II, which the input lacks/,
  );
  assert.equal(typeof a.measurements.hrBpm, 'number');
  model.net.model.dispose();
});

test('modelThresholds: per-label thresholds from a manifest, in label order; none without metrics', () => {
  const manifest = {
    labels: [{ code: 'NORM' }, { code: 'MI' }],
    metrics: { classification: { perClass: [{ threshold: 0.52 }, { threshold: 0.78 }] } },
  };
  assert.deepEqual([...modelThresholds(manifest)], [['NORM', 0.52], ['MI', 0.78]]);
  assert.equal(modelThresholds({ labels: [{ code: 'A' }], metrics: {} }).size, 0);
});
