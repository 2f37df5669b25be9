import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/model/backend';
import { defaultAnalysisPort } from '../../src/pipeline/appApi';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { analysisWithModel, createModelService } from '../../src/store/modelService';
import type { ModelEntry } from '../../src/shared/storeContracts';
import { writeTinyModel } from '../pipeline/helpers/tinyModel';

const record = () => ecgSimulate({ samplingRateHz: 250, durationSec: 6, heartRateBpm: 70, seed: 3, leads: ['I', 'II'] });

test('modelService: the bundled default classifies; a registered active model takes over', async () => {
  await selectBackend();
  const dir = mkdtempSync(join(tmpdir(), 'ecg-models-'));
  try {
    const bundled = await writeTinyModel(join(dir, 'default'));
    const registry: { active: ModelEntry | undefined } = { active: undefined };
    const service = createModelService({ registry: { activeModel: () => registry.active }, defaultModelDir: bundled });
    assert.equal(service.currentModelDir(), bundled);
    const out = await service.models.classify(record());
    assert.deepEqual(out.model, { name: 'tiny-test', version: '0.1.0' });
    assert.deepEqual(out.classes.map((c) => c.code).sort(), ['AFIB', 'NORM']);
    for (const c of out.classes) assert.ok(c.probability >= 0 && c.probability <= 1);
    const other = await writeTinyModel(join(dir, 'other'), { zeroNoise: true });
    registry.active = { id: 2, name: 'tiny-zero-noise', version: '0.1.0', path: other, manifest: {}, metrics: {}, active: true, registeredAt: '' };
    assert.equal((await service.models.classify(record())).model.name, 'tiny-zero-noise');
    // The zero-noise model finds no noise: denoising returns the record unchanged.
    const r = record();
    const d = await service.denoise(r);
    assert.match(d.method, /^model tiny-zero-noise 0\.1\.0/);
    assert.equal(d.record.samplesPerLead, r.samplesPerLead);
    for (let i = 0; i < 1000; i += 97) assert.ok(Math.abs((d.record.leads[1]!.samples[i] as number) - (r.leads[1]!.samples[i] as number)) < 1e-4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('modelService: without any model, classify rejects and the viewer falls back to the filter denoiser', async () => {
  const service = createModelService({ defaultModelDir: '/nonexistent/models/default' });
  assert.equal(service.currentModelDir(), undefined);
  await assert.rejects(service.models.classify(record()), /no model is registered/);
  const analysis = analysisWithModel(defaultAnalysisPort(), service);
  const d = await analysis.denoise!(record());
  assert.match(d.method, /^ecgFilter/);
});
