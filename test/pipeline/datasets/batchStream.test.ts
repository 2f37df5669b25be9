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
  const make = () =>
    createBatchStream({
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
  // The clean target is the record itself (PTB-XL 100 Hz, 1000 samples: no resampling or cropping).
  const entry = folder.index.entries.find((e) => e.id === a.ids[0]);
  assert.ok(entry);
  const rec = folder.loadRecord(entry);
  for (const t of [0, 250, 999]) assertClose(a.yClean[t * 12 + 1] as number, rec.leads[1]?.samples[t] as number, { atol: 1e-6 });
  assert.ok(a.snrDb.every((s) => s >= 0 && s <= 12));
  assert.ok(a.noiseTypes.every((t) => t === 'bw' || t === 'ma'));
  const other = make().epoch(1).next().value as TrainingBatch;
  assert.notDeepEqual(other.ids, a.ids);
});
