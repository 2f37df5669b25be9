import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRecord, measureWindowStart } from '../../src/pipeline/measureRecord';
import { emptyRecord, type EcgRecord } from '../../src/shared/ecgRecord';
import { UsageError } from '../../src/shared/errors';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { testFloats } from '../model/tfTestBackend';
import { syntheticEcg } from '../signal/syntheticEcg';

function synthetic(durationSec: number, unit: 'mV' | 'uV' = 'mV'): EcgRecord {
  const { leads } = syntheticEcg({ samplingRateHz: 500, durationSec, hrBpm: 72, noiseMv: 0.01 });
  return emptyRecord({
    format: 'wfdb',
    name: 'synth',
    samplingRateHz: 500,
    samplesPerLead: leads[0]!.samplesMv.length,
    leads: leads.map((l) => ({
      name: l.name,
      originalName: l.name,
      unit,
      samples: unit === 'mV' ? l.samplesMv : l.samplesMv.map((v) => v * 1000),
    })),
  });
}

test('measureRecord: the measure --json shape, 72 bpm, intervals, all four QTc, axes, per-lead quality', () => {
  const m = measureRecord(synthetic(10));
  assert.deepEqual(Object.keys(m), [
    'samplingRateHz',
    'hrBpm',
    'prMs',
    'qrsMs',
    'qtMs',
    'qtcMs',
    'axesDeg',
    'rr',
    'beats',
    'detectionLead',
    'quality',
    'reasons',
  ]);
  assert.ok(Math.abs((m.hrBpm as number) - 72) < 1);
  for (const v of [m.prMs, m.qrsMs, m.qtMs]) assert.equal(typeof v, 'number');
  assert.deepEqual(Object.keys(m.qtcMs), ['bazett', 'fridericia', 'framingham', 'hodges']);
  assert.deepEqual(Object.keys(m.axesDeg), ['p', 'qrs', 't']);
  assert.equal(Object.keys(m.quality).length, 12);
  assert.deepEqual(Object.keys(m.quality.II!), ['score', 'flags']);
  assert.deepEqual(m.reasons, {});
});

test('measureRecord: µV leads give the same measurements as mV leads', () => {
  const a = measureRecord(synthetic(10));
  const b = measureRecord(synthetic(10, 'uV'));
  assert.deepEqual([b.hrBpm, b.prMs, b.qrsMs, b.qtMs], [a.hrBpm, a.prMs, a.qrsMs, a.qtMs]);
});

test('measureRecord: long record measures intervals on the first good 10 s window; RR and HRV over the rhythm', () => {
  const sim = ecgSimulate({ samplingRateHz: 250, durationSec: 90, seed: 9, leads: ['I', 'II', 'V1'] });
  // The first 20 s of lead II is noise: the measurement window must skip it.
  const noise = testFloats(250 * 20, 3);
  const ii = sim.leads[1]!.samples;
  for (let i = 0; i < noise.length; i++) ii[i] = 2 * (noise[i] as number);
  const leads = sim.leads.map((l) => ({ name: l.name, samplesMv: l.samples }));
  assert.equal(measureWindowStart(leads, 250, sim.samplesPerLead), 250 * 20);
  const m = measureRecord(sim);
  assert.ok(m.qrsMs !== null && m.qrsMs > 60 && m.qrsMs < 130, `QRS ${m.qrsMs}`);
  assert.ok(Math.abs((m.hrBpm as number) - 60) < 6, `HR ${m.hrBpm}`);
  assert.ok(m.beats >= 8 && m.beats <= 12, 'beats of the 10 s window');
  assert.ok(m.rr.count > 70, 'RR over the whole 90 s');
  assert.ok(m.hrv !== undefined, 'HRV for records of at least 60 s');
});

test('measureWindowStart: records up to 10 s use the whole record', () => {
  const r = synthetic(10);
  assert.equal(
    measureWindowStart(
      r.leads.map((l) => ({ name: l.name, samplesMv: l.samples })),
      500,
      r.samplesPerLead,
    ),
    0,
  );
});

test('measureRecord: a record without voltage leads is a UsageError', () => {
  const r = emptyRecord({
    format: 'wfdb',
    name: 'abp',
    samplingRateHz: 125,
    samplesPerLead: 1250,
    leads: [{ name: 'ABP', originalName: 'ABP', unit: 'mmHg', samples: new Float32Array(1250) }],
  });
  assert.throws(
    () => measureRecord(r),
    (e: unknown) => e instanceof UsageError && /no ECG \(voltage\) lead/.test(e.message),
  );
});
