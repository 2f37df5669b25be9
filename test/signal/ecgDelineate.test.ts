import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgDelineate, ecgMedianBeats } from '../../src/signal/ecgDelineate';
import { syntheticEcg, WAVES } from './syntheticEcg';

const FS = 500;

test('ecgMedianBeats: aligns complete beats on R and drops an ectopic beat', () => {
  const { leads, rPeaks } = syntheticEcg({ samplingRateHz: FS, durationSec: 10, hrBpm: 60, noiseMv: 0.01 });
  // Turn beat 5 into a wide, inverted "ectopic" complex in every lead.
  const ectopic = rPeaks[5]!;
  for (const l of leads) for (let i = ectopic - 40; i <= ectopic + 40; i++) l.samplesMv[i] = -(l.samplesMv[i] as number) * 0.5 + 0.3 * Math.sin(((i - ectopic) / 40) * Math.PI);
  const beats = ecgMedianBeats(leads, FS, rPeaks)!;
  assert.ok(beats);
  assert.equal(beats.leads.length, 12);
  assert.ok(!beats.beatSampleIdx.includes(ectopic));
  assert.ok(beats.beatSampleIdx.length >= rPeaks.length - 3);
  const ii = beats.leads[1]!.samplesMv;
  let peak = 0;
  for (let i = 0; i < ii.length; i++) if ((ii[i] as number) > (ii[peak] as number)) peak = i;
  assert.ok(Math.abs(peak - beats.rSampleIdx) <= 1);
});

test('ecgMedianBeats: fewer than two complete beats give undefined', () => {
  const { leads } = syntheticEcg({ samplingRateHz: FS, durationSec: 10, hrBpm: 60 });
  assert.equal(ecgMedianBeats(leads, FS, [250]), undefined);
});

test('ecgDelineate: boundaries of the synthetic Gaussian waves fall where the waves start and end', () => {
  const { leads, rPeaks } = syntheticEcg({ samplingRateHz: FS, durationSec: 10, hrBpm: 60, noiseMv: 0.005 });
  const beats = ecgMedianBeats(leads, FS, rPeaks)!;
  const b = ecgDelineate(beats);
  const ms = (idx: number | undefined) => ((idx! - beats.rSampleIdx) / FS) * 1000;
  // Gaussian waves have no sharp ends: expect each boundary within ~2.5–3.5 σ of its wave centre.
  const near = (value: number, centreSec: number, sigmaSec: number, side: -1 | 1) => {
    const lo = (centreSec + side * 2 * sigmaSec) * 1000;
    const hi = (centreSec + side * 4 * sigmaSec) * 1000;
    return value >= Math.min(lo, hi) && value <= Math.max(lo, hi);
  };
  assert.ok(near(ms(b.qrsOnset), WAVES.q.t, WAVES.q.sigma, -1), `QRS onset ${ms(b.qrsOnset)} ms`);
  assert.ok(near(ms(b.qrsOffset), WAVES.s.t, WAVES.s.sigma, 1), `QRS offset ${ms(b.qrsOffset)} ms`);
  assert.ok(near(ms(b.pOnset), WAVES.p.t, WAVES.p.sigma, -1), `P onset ${ms(b.pOnset)} ms`);
  assert.ok(near(ms(b.pOffset), WAVES.p.t, WAVES.p.sigma, 1), `P offset ${ms(b.pOffset)} ms`);
  assert.ok(near(ms(b.tOffset), WAVES.t.t, WAVES.t.sigma, 1), `T offset ${ms(b.tOffset)} ms`);
  assert.ok(Math.abs(ms(b.tPeak) - WAVES.t.t * 1000) <= 4);
});
