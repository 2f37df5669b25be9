import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { validateRecord, type EcgRecord } from '../../src/shared/ecgRecord';
import { UsageError } from '../../src/shared/errors';
import { assertClose } from '../helpers/assertClose';

function lead(record: EcgRecord, name: string): Float32Array {
  const found = record.leads.find((l) => l.name === name);
  assert.ok(found, `lead ${name}`);
  return found.samples;
}

/** Independent R-peak pick: local maxima above half the signal maximum, at least 250 ms apart. */
function pickPeaks(x: Float32Array, fs: number): number[] {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v);
  const peaks: number[] = [];
  const refractory = Math.round(0.25 * fs);
  for (let i = 1; i < x.length - 1; i++) {
    const v = x[i] as number;
    if (v < 0.5 * max || v < (x[i - 1] as number) || v < (x[i + 1] as number)) continue;
    const last = peaks[peaks.length - 1];
    if (last !== undefined && i - last < refractory) {
      if (v > (x[last] as number)) peaks[peaks.length - 1] = i;
    } else peaks.push(i);
  }
  return peaks;
}

function meanHeartRate(peaks: number[], fs: number): number {
  return (60 * fs * (peaks.length - 1)) / ((peaks[peaks.length - 1] as number) - (peaks[0] as number));
}

test('ecgSimulate: heart rate matches the request within 2 % (annotations and an independent peak pick on II)', () => {
  for (const [bpm, fs, seed] of [[72, 500, 1], [50, 250, 7], [120, 360, 3]] as const) {
    const record = ecgSimulate({ samplingRateHz: fs, durationSec: 60, heartRateBpm: bpm, seed });
    assert.deepEqual(validateRecord(record), []);
    const fromAnnotations = meanHeartRate(record.annotations.map((a) => a.sampleIdx), fs);
    const picked = pickPeaks(lead(record, 'II'), fs);
    const fromPeaks = meanHeartRate(picked, fs);
    assertClose(fromAnnotations, bpm, { rtol: 0.02 }, `${bpm} bpm from annotations`);
    assertClose(fromPeaks, bpm, { rtol: 0.02 }, `${bpm} bpm from peaks`);
    assert.ok(Math.abs(picked.length - record.annotations.length) <= 1, `${picked.length} peaks vs ${record.annotations.length} annotations`);
    assert.ok(record.annotations.every((a) => a.code === 'N'));
  }
});

test('ecgSimulate: Einthoven and Goldberger identities hold within 1e-6 mV, with noise', () => {
  const record = ecgSimulate({
    samplingRateHz: 500,
    durationSec: 10,
    heartRateBpm: 80,
    noise: { baselineWanderMv: 0.3, powerlineMv: 0.05, whiteNoiseMv: 0.02, muscleMv: 0.02 },
  });
  const [I, II, III, aVR, aVL, aVF] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'].map((n) => lead(record, n)) as Float32Array[];
  let worst = 0;
  for (let i = 0; i < record.samplesPerLead; i++) {
    const a = I?.[i] as number;
    const b = II?.[i] as number;
    worst = Math.max(
      worst,
      Math.abs((III?.[i] as number) - (b - a)),
      Math.abs((aVR?.[i] as number) + (a + b) / 2),
      Math.abs((aVL?.[i] as number) - (a - b / 2)),
      Math.abs((aVF?.[i] as number) - (b - a / 2)),
    );
  }
  assert.ok(worst <= 1e-6, `worst identity error ${worst} mV`);
});

test('ecgSimulate: deterministic for a seed, different for another seed', () => {
  const opts = { samplingRateHz: 250, durationSec: 8, heartRateBpm: 66, noise: { whiteNoiseMv: 0.01, baselineWanderMv: 0.1 } };
  const a = ecgSimulate({ ...opts, seed: 42 });
  const b = ecgSimulate({ ...opts, seed: 42 });
  const c = ecgSimulate({ ...opts, seed: 43 });
  a.leads.forEach((l, k) => assert.deepEqual(l.samples, b.leads[k]?.samples));
  assert.deepEqual(a.annotations, b.annotations);
  let diff = 0;
  a.leads.forEach((l, k) => l.samples.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - (c.leads[k]?.samples[i] as number))))));
  assert.ok(diff > 0.01, `seeds 42 and 43 differ by only ${diff} mV`);
});

test('ecgSimulate: R amplitude in lead II is 0.5–2.5 mV and scales with amplitudeScale', () => {
  const record = ecgSimulate({ samplingRateHz: 500, durationSec: 10, heartRateBpm: 72 });
  const ii = lead(record, 'II');
  const amplitudes = record.annotations.map((a) => ii[a.sampleIdx] as number).sort((x, y) => x - y);
  const median = amplitudes[Math.floor(amplitudes.length / 2)] as number;
  assert.ok(median >= 0.5 && median <= 2.5, `median R amplitude ${median} mV`);
  const doubled = ecgSimulate({ samplingRateHz: 500, durationSec: 10, heartRateBpm: 72, amplitudeScale: 2 });
  assertClose(lead(doubled, 'II')[record.annotations[2]?.sampleIdx as number] as number, 2 * (ii[record.annotations[2]?.sampleIdx as number] as number), { rtol: 1e-5 });
  // Classic precordial progression: V1 mostly negative QRS, V5 mostly positive.
  const at = (name: string) => record.annotations.map((a) => lead(record, name)[a.sampleIdx] as number);
  assert.ok(Math.min(...lead(record, 'V1')) < -0.3);
  assert.ok(Math.min(...at('V5')) > 0.5);
});

/** LF (0.04–0.15 Hz) / HF (0.15–0.4 Hz) power of the RR tachogram, resampled at 4 Hz, by a plain DFT. */
function lfHf(peaks: number[], fs: number): number {
  const t = peaks.slice(1).map((p) => p / fs);
  const rr = peaks.slice(1).map((p, i) => (p - (peaks[i] as number)) / fs);
  const step = 0.25;
  const series: number[] = [];
  for (let time = t[0] as number, k = 0; time <= (t[t.length - 1] as number); time += step) {
    while (k < t.length - 2 && (t[k + 1] as number) < time) k++;
    const f = (time - (t[k] as number)) / ((t[k + 1] as number) - (t[k] as number));
    series.push((rr[k] as number) * (1 - f) + (rr[k + 1] as number) * f);
  }
  const m = series.reduce((s, v) => s + v, 0) / series.length;
  let lf = 0;
  let hf = 0;
  const n = series.length;
  for (let j = 1; j < n / 2; j++) {
    const freq = j / (n * step);
    if (freq < 0.04 || freq > 0.4) continue;
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += ((series[i] as number) - m) * Math.cos((2 * Math.PI * j * i) / n);
      im -= ((series[i] as number) - m) * Math.sin((2 * Math.PI * j * i) / n);
    }
    if (freq < 0.15) lf += re * re + im * im;
    else hf += re * re + im * im;
  }
  return lf / hf;
}

test('ecgSimulate: LF/HF ratio of the beat-to-beat RR series follows the request (loose)', () => {
  for (const ratio of [0.5, 2]) {
    const record = ecgSimulate({ samplingRateHz: 100, durationSec: 300, heartRateBpm: 70, hrStdBpm: 3, lfHfRatio: ratio, seed: 5 });
    const measured = lfHf(record.annotations.map((a) => a.sampleIdx), 100);
    assert.ok(measured > ratio / 1.4 && measured < ratio * 1.4, `requested ${ratio}, measured ${measured}`);
  }
});

test('ecgSimulate: lead subset in the requested order; bad options throw UsageError', () => {
  const record = ecgSimulate({ samplingRateHz: 250, durationSec: 2, leads: ['V6', 'aVF', 'I'] });
  assert.deepEqual(record.leads.map((l) => [l.name, l.unit]), [['V6', 'mV'], ['aVF', 'mV'], ['I', 'mV']]);
  assert.equal(record.samplesPerLead, 500);
  assert.equal(record.format, 'simulated');
  const bad: Parameters<typeof ecgSimulate>[0][] = [
    { samplingRateHz: Number.NaN },
    { samplingRateHz: 10 },
    { samplingRateHz: 500, heartRateBpm: 400 },
    { samplingRateHz: 500, durationSec: -1 },
    { samplingRateHz: 500, durationSec: 1e9 },
    { samplingRateHz: 500, leads: ['V7' as 'V6'] },
  ];
  for (const opts of bad) assert.throws(() => ecgSimulate(opts), UsageError, JSON.stringify(opts));
});
