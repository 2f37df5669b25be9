import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineSimilarity, prdPercent, RecoveryMetricsAccumulator, rmseUv, snrDb, snrImprovementDb } from '../../../src/model/metrics/recovery';
import { assertClose } from '../../helpers/assertClose';

const clean = [1, 1, -1, -1];
const noisy = [1.5, 0.5, -1.5, -0.5]; // error energy 4 · 0.25 = 1
const denoised = [1.1, 0.9, -1.1, -0.9]; // error energy 4 · 0.01 = 0.04

test('snrDb / snrImprovementDb: 10·log10(4/1) → 10·log10(4/0.04), improvement 20 dB', () => {
  assertClose(snrDb(clean, noisy), 10 * Math.log10(4), { atol: 1e-12 });
  assertClose(snrDb(clean, denoised), 20, { atol: 1e-9 });
  assertClose(snrImprovementDb(clean, noisy, denoised), 20 - 10 * Math.log10(4), { atol: 1e-9 });
});

test('rmseUv: 0.1 mV RMS error is 100 µV; PRD = 100·√(0.04/4) = 10 %', () => {
  assertClose(rmseUv(clean, denoised, 1000), 100, { atol: 1e-9 });
  assertClose(prdPercent(clean, denoised), 10, { atol: 1e-9 });
});

test('cosineSimilarity: identical 1, opposite −1, orthogonal 0', () => {
  assertClose(cosineSimilarity([1, 2, 3], [2, 4, 6]), 1, { atol: 1e-12 });
  assertClose(cosineSimilarity([1, 2], [-1, -2]), -1, { atol: 1e-12 });
  assertClose(cosineSimilarity([1, 0], [0, 1]), 0, { atol: 1e-12 });
  assert.throws(() => cosineSimilarity([1], [1, 2]), /length mismatch/);
});

test('RecoveryMetricsAccumulator: means per record over streamed records', () => {
  const acc = new RecoveryMetricsAccumulator(1000);
  acc.addRecord(clean, noisy, denoised);
  acc.addRecord(clean, noisy, noisy);
  const r = acc.result();
  assert.equal(r.records, 2);
  assertClose(r.snrImprovementDb, 10 - 5 * Math.log10(4), { atol: 1e-9 });
  assertClose(r.rmseUv, (100 + 500) / 2, { atol: 1e-9 });
});
