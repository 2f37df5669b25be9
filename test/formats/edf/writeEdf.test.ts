import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEdf, writeEdf } from '../../../src/formats/edf';
import { formatEdfNumber } from '../../../src/formats/edf/writeEdf';
import { writerFor } from '../../../src/formats/writers';
import { emptyRecord, type EcgLead, type EcgRecord } from '../../../src/shared/ecgRecord';
import { UsageError } from '../../../src/shared/errors';
import { assertClose } from '../../helpers/assertClose';

function lead(name: string, unit: string, n: number, f: (i: number) => number): EcgLead {
  return { name, originalName: name, unit, samples: Float32Array.from({ length: n }, (_, i) => f(i)) };
}

function sampleRecord(rate: number, n: number): EcgRecord {
  const record = emptyRecord({
    format: 'simulated',
    name: 'rt',
    samplingRateHz: rate,
    samplesPerLead: n,
    leads: [
      lead('II', 'mV', n, (i) => 1.2 * Math.sin((2 * Math.PI * 1.1 * i) / rate) + 0.1 * Math.cos(i)),
      lead('V1', 'uV', n, (i) => 800 * Math.sin((2 * Math.PI * 0.7 * i) / rate) - 150),
      lead('PLETH', 'NU', n, (i) => (i % 97) / 97),
    ],
  });
  record.annotations = [
    { sampleIdx: 0, code: 'N' },
    { sampleIdx: 1234, code: 'V', aux: 'PVC' },
    { sampleIdx: n - 1, code: 'note', aux: 'end of test', durationSamples: 1 },
  ];
  record.patient = { id: 'P 17', sex: 'M', birthDate: '1960-07-04', name: 'Jan Jansen' };
  record.acquisition = { startTime: '2021-03-04T05:06:07' };
  record.filters = { highPassHz: 0.05, lowPassHz: 150, notchHz: 50 };
  return record;
}

function assertWithinOneStep(written: EcgRecord, read: EcgRecord, count: number): number {
  let worstSteps = 0;
  written.leads.forEach((w, li) => {
    const r = read.leads[li] as EcgLead;
    const step = (r.details as { gain: number }).gain;
    for (let i = 0; i < count; i++) {
      const steps = Math.abs((r.samples[i] as number) - (w.samples[i] as number)) / step;
      worstSteps = Math.max(worstSteps, steps);
    }
  });
  assert.ok(worstSteps <= 1, `worst error ${worstSteps} digital steps`);
  return worstSteps;
}

test('writeEdf: round trip at 500 Hz within one digital step, metadata and annotations kept', () => {
  const record = sampleRecord(500, 5000);
  const bytes = writeEdf(record);
  const back = readEdf(bytes, { fileName: 'rt.edf' });
  assert.deepEqual(back.warnings, []);
  assert.equal(back.samplingRateHz, 500);
  assert.equal(back.samplesPerLead, 5000);
  assert.deepEqual(back.leads.map((l) => [l.name, l.unit]), [['II', 'mV'], ['V1', 'uV'], ['PLETH', 'NU']]);
  assertWithinOneStep(record, back, 5000);
  assert.deepEqual(back.annotations, [
    { sampleIdx: 0, code: 'note', aux: 'N' },
    { sampleIdx: 1234, code: 'note', aux: 'V PVC' },
    { sampleIdx: 4999, code: 'note', aux: 'end of test', durationSamples: 1 },
  ]);
  assert.deepEqual(back.patient, { id: 'P 17', sex: 'M', birthDate: '1960-07-04', name: 'Jan Jansen', ageYears: 60 });
  assert.equal(back.acquisition.startTime, '2021-03-04T05:06:07');
  assert.deepEqual(back.filters, { description: 'HP:0.05Hz LP:150Hz N:50Hz', highPassHz: 0.05, lowPassHz: 150, notchHz: 50 });
  assert.equal((back.metadata['edf'] as { variant: string }).variant, 'EDF+C');
  assert.equal((back.metadata['edf'] as { recordDurationSec: number }).recordDurationSec, 1);
});

test('writeEdf: 360 Hz record whose length is no whole number of records is padded at the end', () => {
  const record = sampleRecord(360, 3601);
  const back = readEdf(writeEdf(record), { fileName: 'pad.edf' });
  assert.equal(back.samplingRateHz, 360);
  assert.equal(back.samplesPerLead, 3960);
  assertWithinOneStep(record, back, 3601);
  const details = back.leads[0]?.details as { physicalMin: number };
  assertClose(back.leads[0]?.samples[3700] as number, details.physicalMin, { atol: 1e-5 });
});

test('writeEdf: record duration divides 1 s when that avoids padding; fractional rates use longer records', () => {
  const short = readEdf(writeEdf(sampleRecord(800, 1200)), { fileName: 'a.edf' });
  assert.equal(short.samplesPerLead, 1200);
  assert.equal((short.metadata['edf'] as { recordDurationSec: number }).recordDurationSec, 0.5);
  const half = readEdf(writeEdf(sampleRecord(128.5, 1028)), { fileName: 'b.edf' });
  assert.equal(half.samplingRateHz, 128.5);
  assert.equal(half.samplesPerLead, 1028);
  assert.throws(() => writeEdf(sampleRecord(1000 / 3, 1000)), UsageError);
});

test('writeEdf: NaN samples become the physical minimum; constant and all-NaN leads are writable', () => {
  const record = emptyRecord({
    format: 'simulated',
    name: 'nan',
    samplingRateHz: 10,
    samplesPerLead: 20,
    leads: [lead('I', 'mV', 20, (i) => (i === 5 ? NaN : i / 10)), lead('II', 'mV', 20, () => 0), lead('III', 'mV', 20, () => NaN)],
  });
  const back = readEdf(writeEdf(record), { fileName: 'nan.edf' });
  const min = (back.leads[0]?.details as { physicalMin: number }).physicalMin;
  assert.ok(min < 0);
  assertClose(back.leads[0]?.samples[5] as number, min, { atol: 1e-6 });
  assertClose(back.leads[0]?.samples[19] as number, 1.9, { atol: 1e-4 });
  assert.ok(Array.from(back.leads[1]?.samples ?? []).every((v) => Math.abs(v) < 1e-6));
});

test('formatEdfNumber: fits 8 characters and rounds outward', () => {
  assert.equal(formatEdfNumber(-1.23456789, 'down'), '-1.23457');
  assert.equal(formatEdfNumber(1.23456789, 'up'), '1.234568');
  assert.equal(formatEdfNumber(-12345.678, 'down'), '-12345.7');
  assert.equal(formatEdfNumber(0.00125, 'nearest'), '0.00125');
  assert.throws(() => formatEdfNumber(1e12, 'up'), UsageError);
});

test('writers registry: edf writer names its file <base>.edf', () => {
  const writer = writerFor('edf');
  assert.ok(writer !== undefined);
  assert.equal(writer.extension, '.edf');
  const files = writer.write(sampleRecord(250, 500), 'out');
  assert.equal(files.length, 1);
  assert.equal(files[0]?.name, 'out.edf');
});
