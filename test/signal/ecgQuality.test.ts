import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgLeadQuality, ecgQuality } from '../../src/signal/ecgQuality';
import { readWfdb } from '../../src/formats/wfdb';
import { existsSync } from 'node:fs';
import { readShared, sharedPath, skipWithoutSharedData } from '../helpers/sharedData';
import { syntheticEcg } from './syntheticEcg';

const FS = 500;
const clean = () => syntheticEcg({ samplingRateHz: FS, durationSec: 10, hrBpm: 70, noiseMv: 0.01 }).leads[1]!.samplesMv;

test('ecgLeadQuality: a clean synthetic lead scores high with no flags', () => {
  const q = ecgLeadQuality(clean(), FS, 'II');
  assert.ok(q.score >= 0.9, `score ${q.score}`);
  assert.deepEqual(q.flags, []);
});

test('ecgLeadQuality: a flat lead is "electrode off / flat line" with score 0', () => {
  const q = ecgLeadQuality(new Float32Array(10 * FS).fill(0.2), FS, 'V4');
  assert.equal(q.score, 0);
  assert.deepEqual(q.flags, ['V4: electrode off / flat line']);
});

test('ecgLeadQuality: clipping at the amplifier rails is flagged', () => {
  const x = clean().map((v) => Math.min(0.4, v));
  const q = ecgLeadQuality(x, FS, 'II');
  assert.ok(q.flags.includes('II: clipping / amplifier saturation'), q.flags.join('; '));
  assert.ok(q.score < 0.5);
});

test('ecgLeadQuality: added 50 Hz and 60 Hz mains are flagged with their frequency', () => {
  for (const hz of [50, 60]) {
    const x = clean().map((v, i) => v + 0.2 * Math.sin((2 * Math.PI * hz * i) / FS));
    const q = ecgLeadQuality(x, FS, 'I');
    assert.equal(q.metrics.powerlineHz, hz);
    assert.ok(q.flags.includes(`I: ${hz} Hz mains interference`), q.flags.join('; '));
  }
});

test('ecgLeadQuality: added baseline wander is flagged', () => {
  const x = clean().map((v, i) => v + 0.8 * Math.sin((2 * Math.PI * 0.2 * i) / FS));
  const q = ecgLeadQuality(x, FS, 'II');
  assert.ok(q.flags.includes('II: baseline wander'), q.flags.join('; '));
  assert.ok(q.score < 0.5);
});

test('ecgQuality: keys results by lead name; missing samples are reported', () => {
  const x = clean();
  const gap = Float32Array.from(x);
  for (let i = 0; i < 1000; i++) gap[i] = NaN;
  const all = ecgQuality([{ name: 'II', samplesMv: x }, { name: 'V1', samplesMv: gap }], FS);
  assert.deepEqual(Object.keys(all), ['II', 'V1']);
  assert.ok(all['V1']!.flags.some((f) => f.startsWith('V1: 20 % of samples missing')));
});

// Real noise: NSTDB baseline wander ('bw') and muscle artefact ('ma') mixed into a clean MIT-BIH 100 segment.
const skip = skipWithoutSharedData('nstdb/bw.hea') || skipWithoutSharedData('mitdb/100.hea');

function record(folder: string, name: string): Float32Array {
  const r = readWfdb(readShared(folder, `${name}.hea`), {
    fileName: `${name}.hea`,
    readSibling: (n) => (existsSync(sharedPath(folder, n)) ? readShared(folder, n) : undefined),
  });
  return r.leads[0]!.samples;
}

function mix(signal: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  let ps = 0;
  let pn = 0;
  for (let i = 0; i < signal.length; i++) {
    ps += (signal[i] as number) ** 2;
    pn += (noise[i] as number) ** 2;
  }
  const g = Math.sqrt(ps / pn / 10 ** (snrDb / 10));
  return signal.map((v, i) => v + g * (noise[i] as number));
}

test('ecgLeadQuality: MIT-BIH 100 is clean; NSTDB bw and ma at 0 dB are flagged as wander and muscle noise', { skip }, () => {
  const fs = 360;
  const seg = record('mitdb', '100').slice(600 * fs, 610 * fs);
  const base = ecgLeadQuality(seg, fs, 'MLII');
  assert.deepEqual(base.flags, []);
  assert.equal(base.score, 1);
  const bw = record('nstdb', 'bw').slice(10 * fs, 20 * fs);
  const ma = record('nstdb', 'ma').slice(10 * fs, 20 * fs);
  const withBw = ecgLeadQuality(mix(seg, bw, 0), fs, 'MLII');
  assert.ok(withBw.flags.includes('MLII: baseline wander'), withBw.flags.join('; '));
  assert.ok(withBw.score < 0.6, `bw score ${withBw.score}`);
  const withMa = ecgLeadQuality(mix(seg, ma, 0), fs, 'MLII');
  assert.ok(withMa.flags.includes('MLII: muscle / high-frequency noise'), withMa.flags.join('; '));
  assert.ok(withMa.score < 0.7, `ma score ${withMa.score}`);
  // Milder noise (12 dB SNR) leaves the lead usable.
  assert.ok(ecgLeadQuality(mix(seg, ma, 12), fs, 'MLII').score >= 0.8);
});

test('ecgQuality: a low-voltage lead (PTB-XL 1, aVF, 0.2 mV) is judged on lead II beats, not flagged', { skip: skipWithoutSharedData('ptb-xl/records100/00000/00001_lr.hea') }, () => {
  const folder = 'ptb-xl/records100/00000';
  const r = readWfdb(readShared(folder, '00001_lr.hea'), {
    fileName: '00001_lr.hea',
    readSibling: (n) => (existsSync(sharedPath(folder, n)) ? readShared(folder, n) : undefined),
  });
  const leads = r.leads.map((l) => ({ name: l.name, samplesMv: l.samples }));
  const all = ecgQuality(leads, 100);
  assert.deepEqual(Object.keys(all), r.leads.map((l) => l.name));
  assert.deepEqual(all['aVF']!.flags, []);
  assert.ok(all['II']!.score >= 0.9);
  // On its own the same lead fails the two-detector agreement (bSQI), which is why ecgQuality avoids it.
  const alone = ecgLeadQuality(leads.find((l) => l.name === 'aVF')!.samplesMv, 100, 'aVF');
  assert.ok(alone.metrics.beatAgreement < 0.8);
});
