import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../../src/shared/random';
import { mixNoise, NoiseBank, NOISE_SPLIT_FRACTIONS, noiseSegmentStart } from '../../../src/pipeline/datasets/noise';
import { assertClose } from '../../helpers/assertClose';

function sineWindow(length: number, leads: number): Float32Array {
  const x = new Float32Array(length * leads);
  for (let t = 0; t < length; t++) for (let c = 0; c < leads; c++) x[t * leads + c] = (c + 1) * Math.sin((2 * Math.PI * t) / 50);
  return x;
}

function powerPerLead(x: Float32Array, leads: number, c: number): number {
  const n = x.length / leads;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t * leads + c] as number;
  mean /= n;
  let p = 0;
  for (let t = 0; t < n; t++) p += ((x[t * leads + c] as number) - mean) ** 2;
  return p / n;
}

test('mixNoise: the added noise has the requested SNR on every lead', () => {
  const bank = new NoiseBank();
  const rng = new SeededRandom(3);
  const noise = new Float32Array(100000);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.normal() * 0.3;
  bank.add({ type: 'ma', samplesMv: noise });
  const clean = sineWindow(1000, 3);
  for (const snrDb of [0, 6, 12, -6]) {
    const mixed = mixNoise(clean, 3, 100, bank, new SeededRandom(1), { types: ['ma'], snrDbRange: [0, 0], split: 'train', snrDb });
    for (let c = 0; c < 3; c++) {
      const added = mixed.noisyMv.map((v, i) => v - (clean[i] as number));
      const measured = 10 * Math.log10(powerPerLead(clean, 3, c) / powerPerLead(added, 3, c));
      assertClose(measured, snrDb, { atol: 0.01 }, `lead ${c}`);
    }
  }
});

test('noiseSegmentStart: train, val and test segments come from disjoint parts of a channel', () => {
  const rng = new SeededRandom(5);
  for (const split of ['train', 'val', 'test'] as const) {
    const [f0, f1] = NOISE_SPLIT_FRACTIONS[split];
    for (let k = 0; k < 200; k++) {
      const start = noiseSegmentStart(10000, 500, split, rng);
      assert.ok(start !== undefined && start >= 10000 * f0 && start + 500 <= 10000 * f1, `${split}: ${start}`);
    }
  }
  assert.equal(noiseSegmentStart(1000, 500, 'val', rng), undefined);
});

test('mixNoise: powerline and electrode pops need no bank, masked leads stay zero', () => {
  const clean = sineWindow(500, 2);
  for (let t = 0; t < 500; t++) clean[t * 2 + 1] = 0;
  for (const type of ['powerline', 'pop'] as const) {
    const mixed = mixNoise(clean, 2, 500, new NoiseBank(), new SeededRandom(9), { types: [type], snrDbRange: [6, 6], split: 'test' });
    assert.equal(mixed.noiseType, type);
    for (let t = 0; t < 500; t++) assert.equal(mixed.noisyMv[t * 2 + 1], 0);
    const added = mixed.noisyMv.map((v, i) => v - (clean[i] as number));
    assertClose(10 * Math.log10(powerPerLead(clean, 2, 0) / powerPerLead(added, 2, 0)), 6, { atol: 0.01 });
  }
});
