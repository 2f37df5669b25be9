import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from './helpers/syntheticRecord';

const pkg = (version: string) => ({ name: 'ecgnet', version, path: `/models/ecgnet-${version}`, manifest: { name: 'ecgnet', version }, metrics: { f1: 0.8 } });

test('models: first registered is active; activate switches; exactly one active at any time', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const v1 = lib.registerModel(pkg('1.0.0'));
  const v2 = lib.registerModel(pkg('1.1.0'));
  assert.equal(lib.activeModel()!.id, v1);
  lib.activateModel(v2);
  assert.equal(lib.activeModel()!.id, v2);
  assert.equal(lib.listModels().filter((m) => m.active).length, 1);
  assert.deepEqual(lib.listModels().find((m) => m.id === v2)!.metrics, { f1: 0.8 });
  assert.throws(() => lib.registerModel(pkg('1.1.0')), /already registered/);
  assert.throws(() => lib.activateModel(999), /no model/);
  lib.close();
});

test('models: rollback returns to the previously active model and keeps the history', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const v1 = lib.registerModel(pkg('1.0.0'));
  assert.throws(() => lib.rollbackModel(), /first active model/);
  const v2 = lib.registerModel(pkg('2.0.0'));
  const v3 = lib.registerModel(pkg('3.0.0'));
  lib.activateModel(v2);
  lib.activateModel(v3);
  assert.equal(lib.rollbackModel().id, v2);
  assert.equal(lib.activeModel()!.id, v2);
  assert.deepEqual(
    lib.modelActivations().map((a) => [a.modelId, a.previousModelId, a.reason]),
    [
      [v1, null, 'register'],
      [v2, v1, 'activate'],
      [v3, v2, 'activate'],
      [v2, v3, 'rollback'],
    ],
  );
  lib.close();
});

test('models: analyses keep the model version that made them after another model is activated', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const { recordId } = lib.insertRecord({ record: syntheticRecord(), contentHash: 'm', sourcePath: '/m' });
  lib.registerModel(pkg('1.0.0'));
  const v2 = lib.registerModel(pkg('2.0.0'));
  lib.addAnalysis({ recordId, modelName: 'ecgnet', modelVersion: lib.activeModel()!.version, backend: 'wasm', probabilities: { AF: 0.4 }, measurements: { hrBpm: 72 }, quality: { score: 0.9 } });
  lib.activateModel(v2);
  const a = lib.latestAnalysis(recordId)!;
  assert.equal(a.modelVersion, '1.0.0');
  assert.deepEqual(a.measurements, { hrBpm: 72 });
  assert.throws(() => lib.addAnalysis({ ...a, probabilities: { AF: 1.5 } }), /not within 0–1/);
  lib.close();
});
