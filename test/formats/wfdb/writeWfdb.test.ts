// Tests for writeWfdb: exact digital round trips in formats 16 and 212, gain choice, checksums, header text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseWfdbHeader } from '../../../src/formats/wfdb/parseWfdbHeader';
import { readWfdb } from '../../../src/formats/wfdb/readWfdb';
import { writeWfdb } from '../../../src/formats/wfdb/writeWfdb';
import { emptyRecord, type EcgRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import type { WrittenFile } from '../../../src/shared/formatReader';
import { assertAllClose } from '../../helpers/assertClose';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';
import { memoryContext, readWfdbFile } from './wfdbTestFiles';

function readBack(files: WrittenFile[], keepDigital = true): EcgRecord {
  const map = Object.fromEntries(files.map((f) => [f.name, f.bytes]));
  const hea = files.find((f) => f.name.endsWith('.hea'))!;
  return readWfdb(hea.bytes, memoryContext(hea.name, map), { keepDigital });
}

function digitalOf(r: EcgRecord, lead: number): Int32Array {
  return r.leads[lead]!.details!['digital'] as Int32Array;
}

function synthetic(samplesPerLead: number, leads: { name: string; unit: string; f: (i: number) => number }[]): EcgRecord {
  return emptyRecord({
    format: 'wfdb',
    name: 'syn',
    samplingRateHz: 500,
    samplesPerLead,
    leads: leads.map((l) => ({
      name: l.name,
      originalName: l.name,
      unit: l.unit,
      samples: Float32Array.from({ length: samplesPerLead }, (_, i) => l.f(i)),
    })),
  });
}

test('writeWfdb: MIT-BIH 100 → 212 and 16 → read back: identical digital samples, checksums verify', { skip: skipWithoutSharedData('mitdb') }, () => {
  const original = readWfdbFile(sharedPath('mitdb', '100.hea'), { keepDigital: true });
  for (const format of [212, 16] as const) {
    const files = writeWfdb(original, 'copy100', { format });
    assert.deepEqual(files.map((f) => f.name), ['copy100.hea', 'copy100.dat', 'copy100.atr']);
    const back = readBack(files);
    assert.equal(back.metadata['checksumsMismatched'], 0);
    assert.equal(back.metadata['checksumsVerified'], 2);
    for (let j = 0; j < 2; j++) assert.deepEqual(digitalOf(back, j), digitalOf(original, j), `format ${format} lead ${j}`);
    assert.deepEqual(back.annotations, original.annotations);
    assert.deepEqual(back.metadata['comments'], original.metadata['comments']);
  }
  // In format 212 the signal file comes out byte for byte as PhysioNet's 100.dat.
  const dat = writeWfdb(original, 'copy100', { format: 212 })[1]!.bytes;
  assert.ok(Buffer.from(dat).equals(readFileSync(sharedPath('mitdb', '100.dat'))));
  const header = parseWfdbHeader(writeWfdb(original, 'copy100', { format: 212 })[0]!.bytes);
  assert.deepEqual(header.signals.map((s) => [s.adcGain, s.baseline, s.adcResolutionBits, s.adcZero, s.initialValue, s.checksum]), [
    [200, 1024, 11, 1024, 995, -22131],
    [200, 1024, 11, 1024, 1011, 20052],
  ]);
});

test('writeWfdb: PTB-XL record read without digital values → 16 → identical digital samples', { skip: skipWithoutSharedData('ptb-xl') }, () => {
  const original = readWfdbFile(sharedPath('ptb-xl', 'records100', '00000', '00001_lr.hea'));
  const withDigital = readWfdbFile(sharedPath('ptb-xl', 'records100', '00000', '00001_lr.hea'), { keepDigital: true });
  const back = readBack(writeWfdb(original, 'p1'));
  assert.equal(parseWfdbHeader(writeWfdb(original, 'p1')[0]!.bytes).signals[0]!.format, 16);
  for (let j = 0; j < 12; j++) assert.deepEqual(digitalOf(back, j), digitalOf(withDigital, j));
});

test('writeWfdb: format 212, three leads, odd sample count, 200 adu/mV when the data fits', () => {
  const rec = synthetic(7, [
    { name: 'I', unit: 'mV', f: (i) => i * 0.105 - 0.3 },
    { name: 'II', unit: 'mV', f: (i) => -i * 0.5 },
    { name: 'V1', unit: 'uV', f: (i) => i * 100 },
  ]);
  const files = writeWfdb(rec, 'odd', { format: 212 });
  assert.equal(files[1]!.bytes.length, 3 * Math.ceil(21 / 2));
  const h = parseWfdbHeader(files[0]!.bytes);
  assert.deepEqual(h.signals.map((s) => [s.adcGain, s.baseline, s.units, s.format]), [[200, 0, 'mV', 212], [200, 0, 'mV', 212], [0.2, 0, 'uV', 212]]);
  const back = readBack(files);
  assert.equal(back.metadata['checksumsMismatched'], 0);
  for (let j = 0; j < 3; j++) assertAllClose(back.leads[j]!.samples, rec.leads[j]!.samples, { atol: 0.5 / h.signals[j]!.adcGain + 1e-6 });
  assert.equal(h.signals[0]!.initialValue, Math.round(-0.3 * 200));
});

test('writeWfdb: data beyond ±10 mV in 212 gets a smaller gain and still round-trips within one step', () => {
  const rec = synthetic(1000, [{ name: 'II', unit: 'mV', f: (i) => 40 * Math.sin(i / 30) }]);
  const files = writeWfdb(rec, 'big', { format: 212 });
  const gain = parseWfdbHeader(files[0]!.bytes).signals[0]!.adcGain;
  assert.ok(gain < 200 && gain * 40 <= 2047, `gain ${gain}`);
  const back = readBack(files);
  assertAllClose(back.leads[0]!.samples, rec.leads[0]!.samples, { atol: 0.5 / gain + 1e-5 });
});

test('writeWfdb: a signal far from zero is centred with a baseline (format 16)', () => {
  const rec = synthetic(100, [{ name: 'ABP', unit: 'mmHg', f: (i) => 100000 + (i % 10) }]);
  const files = writeWfdb(rec, 'abp', { format: 16 });
  const s = parseWfdbHeader(files[0]!.bytes).signals[0]!;
  assert.notEqual(s.baseline, 0);
  const back = readBack(files);
  assertAllClose(back.leads[0]!.samples, rec.leads[0]!.samples, { atol: 0.5 / s.adcGain + 0.01 });
});

test('writeWfdb: NaN samples are written as the invalid value and read back as NaN', () => {
  for (const format of [16, 212] as const) {
    const rec = synthetic(6, [{ name: 'I', unit: 'mV', f: (i) => (i === 2 ? NaN : i / 10) }]);
    const back = readBack(writeWfdb(rec, 'gap', { format }));
    assert.ok(Number.isNaN(back.leads[0]!.samples[2]!));
    assert.equal(digitalOf(back, 0)[2], format === 16 ? -32768 : -2048);
    assert.ok(Math.abs(back.leads[0]!.samples[3]! - 0.3) < 1e-6);
  }
});

test('writeWfdb: base date and time from acquisition.startTime', () => {
  const rec = synthetic(2, [{ name: 'I', unit: 'mV', f: () => 0 }]);
  rec.acquisition.startTime = '1994-08-15T17:27:45';
  const back = readBack(writeWfdb(rec, 'dated'));
  assert.equal(back.acquisition.startTime, '1994-08-15T17:27:45');
});

test('writeWfdb: bad record names and records without leads are refused with FormatError', () => {
  const rec = synthetic(2, [{ name: 'I', unit: 'mV', f: () => 0 }]);
  assert.throws(() => writeWfdb(rec, '../evil'), FormatError);
  assert.throws(() => writeWfdb(rec, 'a b'), FormatError);
  assert.throws(() => writeWfdb({ ...rec, leads: [] }, 'empty'), FormatError);
});
