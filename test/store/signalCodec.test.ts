import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketSamples,
  buildLevels,
  chooseEncoding,
  decodeValues,
  encodeValues,
  interleave,
  levelCountFor,
  LEVEL_TOP_MAX_BUCKETS,
} from '../../src/store/signalCodec';
import { assertAllClose } from '../helpers/assertClose';

test('chooseEncoding: int16 when ADC gain and baseline round-trip every sample bit-exactly', () => {
  const samples = Float32Array.from([0, 0.005, -1.2, 2.5, NaN], (x) => (Number.isNaN(x) ? NaN : Math.round(x * 200) / 200));
  const enc = chooseEncoding({ name: 'I', originalName: 'I', unit: 'mV', samples, details: { adcGain: 200, baseline: 0 } });
  assert.deepEqual(enc, { kind: 'i16', adcGain: 200, adcBaseline: 0 });
  const back = decodeValues(encodeValues(samples, enc), enc);
  assert.equal(back.length, samples.length);
  for (let i = 0; i < samples.length; i++) assert.ok(back[i] === samples[i] || (Number.isNaN(back[i]!) && Number.isNaN(samples[i]!)), `index ${i}`);
});

test('chooseEncoding: Float32 when there is no gain or a sample is not on the ADC grid', () => {
  const off = Float32Array.from([0, 0.0051]);
  assert.equal(chooseEncoding({ name: 'I', originalName: 'I', unit: 'mV', samples: off }).kind, 'f32');
  assert.equal(chooseEncoding({ name: 'I', originalName: 'I', unit: 'mV', samples: off, details: { adcGain: 200, baseline: 0 } }).kind, 'f32');
  const huge = Float32Array.from([1000]);
  assert.equal(chooseEncoding({ name: 'I', originalName: 'I', unit: 'mV', samples: huge, details: { adcGain: 200, baseline: 0 } }).kind, 'f32');
});

test('encode/decode Float32: exact, NaN kept, misaligned blob copied', () => {
  const values = Float32Array.from([1.5, -2.25, NaN, 3e-7]);
  const bytes = encodeValues(values, { kind: 'f32' });
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  assertAllClose(decodeValues(shifted.subarray(1), { kind: 'f32' }), values);
  assert.throws(() => decodeValues(new Uint8Array(3), { kind: 'f32' }), /whole number of values/);
});

test('levelCountFor: levels until the coarsest has at most LEVEL_TOP_MAX_BUCKETS buckets', () => {
  assert.equal(levelCountFor(1000), 0);
  assert.equal(levelCountFor(1001), 1);
  assert.equal(levelCountFor(650_000), 4);
  const n = 24 * 3600 * 500;
  const levels = levelCountFor(n);
  assert.ok(Math.ceil(n / bucketSamples(levels)) <= LEVEL_TOP_MAX_BUCKETS);
  assert.ok(Math.ceil(n / bucketSamples(levels - 1)) > LEVEL_TOP_MAX_BUCKETS);
});

test('buildLevels: min/max per 8^L samples match a direct computation, NaN ignored, all-NaN bucket NaN', () => {
  const n = 9000;
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = Math.sin(i * 0.37) * (1 + (i % 13));
  for (let i = 64; i < 72; i++) samples[i] = NaN; // one whole level-1 bucket
  samples[5] = NaN;
  const levels = buildLevels(samples);
  assert.equal(levels.length, levelCountFor(n));
  for (let L = 1; L <= levels.length; L++) {
    const level = levels[L - 1]!;
    const b = bucketSamples(L);
    assert.equal(level.min.length, Math.ceil(n / b));
    for (let k = 0; k < level.min.length; k++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = k * b; i < Math.min(n, (k + 1) * b); i++) {
        const x = samples[i]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      assert.ok(Object.is(level.min[k], lo === Infinity ? NaN : Math.fround(lo)), `L${L} min ${k}`);
      assert.ok(Object.is(level.max[k], hi === -Infinity ? NaN : Math.fround(hi)), `L${L} max ${k}`);
    }
  }
  assert.ok(Number.isNaN(levels[0]!.min[8]!));
  const pairs = interleave(levels[0]!, 0, 2);
  assert.deepEqual([...pairs], [levels[0]!.min[0], levels[0]!.max[0], levels[0]!.min[1], levels[0]!.max[1]]);
});
