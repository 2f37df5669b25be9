import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRecord } from '../../../src/shared/ecgRecord';
import { STANDARD_LEADS } from '../../../src/shared/leads';
import { prepareModelInput } from '../../../src/pipeline/datasets/prepareInput';
import { assertClose } from '../../helpers/assertClose';

function twoLeadRecord(rateHz: number, seconds: number, unit: 'mV' | 'uV') {
  const n = rateHz * seconds;
  const scale = unit === 'uV' ? 1000 : 1;
  const lead = (name: string, f: (t: number) => number) => ({
    name,
    originalName: name,
    unit,
    samples: Float32Array.from({ length: n }, (_, i) => f(i / rateHz) * scale),
  });
  return emptyRecord({
    format: 'csv',
    name: 't',
    samplingRateHz: rateHz,
    samplesPerLead: n,
    leads: [lead('I', (t) => Math.sin(2 * Math.PI * 1 * t)), lead('II', (t) => 0.5 * Math.cos(2 * Math.PI * 2 * t)), lead('V2', () => 0.25)],
  });
}

test('prepareModelInput: 500 Hz µV record with I, II, V2 → 100 Hz 12-lead input, limb leads derived', () => {
  const record = twoLeadRecord(500, 12, 'uV');
  const spec = { samplingRateHz: 100, leads: STANDARD_LEADS, length: 1000 };
  const p = prepareModelInput(record, spec);
  assert.deepEqual(Array.from(p.leadMask), [1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(p.derivedLeads, ['III', 'aVR', 'aVL', 'aVF']);
  assert.equal(p.startSample, 100); // 1200 resampled samples, centred 1000-sample window
  const at = (t: number, c: number) => p.samplesMv[t * 12 + c] as number;
  for (const t of [10, 333, 500, 990]) {
    const sec = (t + p.startSample) / 100;
    const i = Math.sin(2 * Math.PI * sec);
    const ii = 0.5 * Math.cos(4 * Math.PI * sec);
    assertClose(at(t, 0), i, { atol: 2e-3 }, `I at ${t}`);
    assertClose(at(t, 1), ii, { atol: 2e-3 }, `II at ${t}`);
    assertClose(at(t, 2), ii - i, { atol: 4e-3 }, 'III');
    assertClose(at(t, 3), -(i + ii) / 2, { atol: 4e-3 }, 'aVR');
    assertClose(at(t, 4), i - ii / 2, { atol: 4e-3 }, 'aVL');
    assertClose(at(t, 5), ii - i / 2, { atol: 4e-3 }, 'aVF');
    assertClose(at(t, 7), 0.25, { atol: 2e-3 }, 'V2');
    assert.equal(at(t, 6), 0);
  }
});

test('prepareModelInput: shorter record is zero-padded, NaN samples interpolated', () => {
  const record = twoLeadRecord(100, 5, 'mV');
  (record.leads[0] as { samples: Float32Array }).samples[100] = NaN;
  const p = prepareModelInput(record, { samplingRateHz: 100, leads: ['I', 'II'], length: 1000 });
  assert.equal(p.startSample, 0);
  assertClose(p.samplesMv[100 * 2] as number, Math.sin(2 * Math.PI * 1), { atol: 0.07 });
  for (let t = 500; t < 1000; t++) assert.equal(p.samplesMv[t * 2], 0);
  assert.ok(p.samplesMv.every((v) => Number.isFinite(v)));
});
