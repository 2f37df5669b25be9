import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STANDARD_LEADS } from '../../../src/shared/leads';
import { createBatchStream, type TrainingBatch } from '../../../src/pipeline/datasets/batchStream';
import { loadNstdbNoise, openDatasetFolder } from '../../../src/store/datasetFolder';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';
import { assertClose } from '../../helpers/assertClose';

test('createBatchStream: PTB-XL fold 10 with NSTDB noise, reproducible, clean target = record', { skip: skipWithoutSharedData('ptb-xl') }, () => {
  const folder = openDatasetFolder(sharedPath('ptb-xl'));
  const noise = loadNstdbNoise(sharedPath('nstdb'), 100);
  assert.deepEqual(noise.types().sort(), ['bw', 'ma']);
  const make = (cleanHighPassHz?: number) =>
    createBatchStream({
      ...(cleanHighPassHz === undefined ? {} : { cleanHighPassHz }),
      index: folder.index,
      split: 'test',
      spec: { samplingRateHz: 100, leads: STANDARD_LEADS, length: 1000 },
      loadRecord: folder.loadRecord,
      noise,
      noiseOptions: { types: ['bw', 'ma'], snrDbRange: [0, 12] },
      batchSize: 16,
      seed: 7,
      shuffle: true,
      cacheEntries: 8,
    });
  const a = make().epoch(0).next().value as TrainingBatch;
  const b = make().epoch(0).next().value as TrainingBatch;
  assert.ok(a && b);
  assert.equal(a.size, 16);
  assert.deepEqual(a.ids, b.ids);
  assert.deepEqual(a.snrDb, b.snrDb);
  assert.equal(a.x.length, 16 * 1000 * 12);
  assert.ok(a.x.every((v, i) => v === b.x[i]));
  // Without the high-pass the clean target is the record itself (PTB-XL 100 Hz, 1000 samples: no resampling or cropping).
  const raw = make(0).epoch(0).next().value as TrainingBatch;
  const entry = folder.index.entries.find((e) => e.id === raw.ids[0]);
  assert.ok(entry);
  const rec = folder.loadRecord(entry);
  for (const t of [0, 250, 999]) assertClose(raw.yClean[t * 12 + 1] as number, rec.leads[1]?.samples[t] as number, { atol: 1e-6 });
  // By default the record's own baseline wander is removed (0.5 Hz high-pass): each lead's mean is ~0, and the
  // slow part (1-s moving average) is much smaller than in the raw record.
  const slowPower = (w: Float32Array, c: number) => {
    let p = 0;
    for (let t = 50; t < 950; t++) {
      let m = 0;
      for (let k = t - 50; k < t + 50; k++) m += w[k * 12 + c] as number;
      p += (m / 100) ** 2;
    }
    return p;
  };
  let rawSlow = 0;
  let hpSlow = 0;
  for (let c = 0; c < 12; c++) {
    rawSlow += slowPower(raw.yClean.subarray(0, 12000), c);
    hpSlow += slowPower(a.yClean.subarray(0, 12000), c);
  }
  assert.ok(hpSlow < rawSlow / 4, `slow power ${rawSlow} → ${hpSlow}`);
  assert.ok(a.snrDb.every((s) => s >= 0 && s <= 12));
  assert.ok(a.noiseTypes.every((t) => t === 'bw' || t === 'ma'));
  const other = make().epoch(1).next().value as TrainingBatch;
  assert.notDeepEqual(other.ids, a.ids);
});
