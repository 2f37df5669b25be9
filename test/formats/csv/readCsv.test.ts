import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv, csvReader } from '../../../src/formats/csv';
import { readEdf } from '../../../src/formats/edf';
import { splitHeaderUnit } from '../../../src/formats/csv/readCsv';
import { FormatError } from '../../../src/shared/errors';
import { validateRecord, type EcgLead } from '../../../src/shared/ecgRecord';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const text = (s: string) => new TextEncoder().encode(s);
const ctx = { fileName: 'test.csv' };
const LEADS12 = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

test('readCsv: BioSPPy ecg.txt — rate from its "# Sampling Rate" line, raw ADC units with a warning', { skip: skipWithoutSharedData('biosppy/ecg.txt') }, () => {
  const bytes = readShared('biosppy', 'ecg.txt');
  const record = readCsv(bytes, { fileName: 'ecg.txt' });
  assert.deepEqual(validateRecord(record), []);
  assert.equal(record.samplingRateHz, 1000);
  assert.equal(record.samplesPerLead, 15000);
  assert.deepEqual(record.leads.map((l) => [l.name, l.unit]), [['ECG', 'adu']]);
  assert.match(record.warnings.join(' '), /ADC resolution \(12 bits\) but no gain/);
  // Independent reference: every non-comment line parsed as one float.
  const expected = new TextDecoder().decode(bytes).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map(Number);
  assert.equal(expected.length, 15000);
  assertAllClose(record.leads[0]?.samples ?? [], expected, { atol: 0 });
  assert.ok(expected.every((v) => v >= 0 && v < 4096), '12-bit ADC values');
  assert.equal(csvReader.sniff(bytes, 'ecg.txt'), 0.45);
});

test('readCsv: contec_0000050.csv equals the EDF digital samples; without a rate it refuses', { skip: skipWithoutSharedData('edf/contec_0000050.csv') }, () => {
  const bytes = readShared('edf', 'contec_0000050.csv');
  assert.throws(() => readCsv(bytes, { fileName: 'contec.csv' }), (e: unknown) => e instanceof FormatError && /--rate HZ/.test(e.reason));
  const record = readCsv(bytes, { fileName: 'contec.csv' }, { samplingRateHz: 800, unit: 'adu', leadNames: LEADS12 });
  assert.equal(record.samplesPerLead, 37855);
  assert.deepEqual(record.leads.map((l) => l.name), LEADS12);
  assert.deepEqual(record.warnings, []);
  const edf = readEdf(readShared('edf', 'contec_0000050.edf'), { fileName: 'contec.edf' });
  let maxDiff = 0;
  let nanCount = 0;
  record.leads.forEach((lead, c) => {
    const e = edf.leads[c] as EcgLead;
    const { gain, offset } = e.details as { gain: number; offset: number };
    for (let i = 0; i < record.samplesPerLead; i++) {
      const v = lead.samples[i] as number;
      const digital = Math.round(((e.samples[i] as number) - offset) / gain);
      if (Number.isNaN(v)) {
        nanCount++;
        assert.equal(digital + 0, 0, 'empty CSV cells are the EDF zeros of unconnected leads');
      } else maxDiff = Math.max(maxDiff, Math.abs(v - digital));
    }
  });
  assert.equal(maxDiff, 0);
  assert.equal(nanCount, 6 * 37855);
});

test('readCsv: comma CSV with a time column and units in header names', () => {
  const rows = ['time,II (mV),V1_uV,"aVR [uV]",Resp'];
  for (let i = 0; i < 50; i++) rows.push(`${(i * 0.002).toFixed(3)},${(i / 100).toFixed(2)},${i * 10},${-i},${i % 3}`);
  const record = readCsv(text(rows.join('\r\n')), ctx, { unit: 'NU' });
  assert.equal(record.samplingRateHz, 500);
  assert.equal(record.samplesPerLead, 50);
  assert.deepEqual(record.leads.map((l) => [l.name, l.originalName, l.unit]), [
    ['II', 'II (mV)', 'mV'],
    ['V1', 'V1_uV', 'uV'],
    ['aVR', 'aVR [uV]', 'uV'],
    ['Resp', 'Resp', 'NU'],
  ]);
  assertClose(record.leads[0]?.samples[49] as number, 0.49, { atol: 1e-6 });
  assert.deepEqual(record.warnings, []);
  assert.equal((record.metadata['csv'] as { timeColumn: string }).timeColumn, 'time');
});

test('readCsv: semicolons with decimal commas; tab-separated ms time at 360 Hz snaps to 360', () => {
  const semi = readCsv(text('time_s;I;II\n0,000;0,125;-1,5\n0,004;0,25;-1,25\n0,008;0,5;-1\n'), ctx);
  assert.equal(semi.samplingRateHz, 250);
  assert.deepEqual(Array.from(semi.leads[1]?.samples ?? []), [-1.5, -1.25, -1]);
  assert.equal((semi.metadata['csv'] as { decimalComma: boolean }).decimalComma, true);
  assert.doesNotMatch(semi.warnings.join(' '), /guessed/, 'time_s header: ECG Studio layout, mV');

  const rows = ['time (ms)\tV2 (mV)'];
  for (let i = 0; i < 1000; i++) rows.push(`${Math.round((i * 1000) / 360)}\t${Math.sin(i / 10).toFixed(4)}`);
  const tab = readCsv(text(rows.join('\n')), ctx);
  assert.equal(tab.samplingRateHz, 360);
  assert.equal((tab.metadata['csv'] as { delimiter: string }).delimiter, 'tab');
});

test('readCsv: whitespace-delimited decimal commas, no header, uniform first column is time', () => {
  const record = readCsv(text('0,000 0,10 1,5\n0,004 0,20 1,6\n0,008 0,30 1,7\n0,012 0,40 1,8\n'), ctx, { leadNames: ['I', 'II'] });
  assert.equal(record.samplingRateHz, 250);
  assert.deepEqual(record.leads.map((l) => l.name), ['I', 'II']);
  assertClose(record.leads[1]?.samples[3] as number, 1.8, { atol: 1e-6 });

  const noHeader = readCsv(text('0.000,10,20\n0.004,11,21\n0.008,12,22\n'), ctx);
  assert.equal(noHeader.samplingRateHz, 250);
  assert.deepEqual(noHeader.leads.map((l) => l.name), ['ch2', 'ch3']);
  assert.match(noHeader.warnings.join(' '), /taken as time in seconds/);
});

test('readCsv: a sample-index column needs the rate; with it the index column is dropped', () => {
  const csv = text('sample,I,II\n0,100,200\n1,110,210\n2,120,220\n');
  assert.throws(() => readCsv(csv, ctx), (e: unknown) => e instanceof FormatError && /sample-index column.*--rate HZ/.test(e.reason));
  const record = readCsv(csv, ctx, { samplingRateHz: 1000 });
  assert.equal(record.samplingRateHz, 1000);
  assert.deepEqual(record.leads.map((l) => [l.name, l.unit]), [['I', 'uV'], ['II', 'uV']]);
  assert.match(record.warnings.join(' '), /guessed µV from the amplitude range \(max \|value\| 220\)/);
});

test('readCsv: empty fields and NaN read as NaN; short rows warned', () => {
  const record = readCsv(text('t,I,II\n0,1,\n0.5,NaN,2\n1,3\n'), ctx);
  assert.equal(record.samplingRateHz, 2);
  assert.ok(Number.isNaN(record.leads[1]?.samples[0] as number));
  assert.ok(Number.isNaN(record.leads[0]?.samples[1] as number));
  assert.ok(Number.isNaN(record.leads[1]?.samples[2] as number));
  assert.match(record.warnings.join(' '), /1 row\(s\) have a different number of fields/);
});

test('readCsv: non-uniform time, garbage cells, empty, binary and header-only input give FormatError', () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['non-uniform', 'time,I\n0,1\n0.002,1\n0.004,1\n0.008,1\n0.010,1\n', /not uniformly spaced/],
    ['garbage', 'time,I\n0,1\n0.002,abc\n', /line 3, column 2: 'abc' is not a number/],
    ['empty', '', /empty/],
    ['blank lines', '\n\n  \n', /no data rows/],
    ['header only', 'time,I,II\n', /header row but no data rows/],
    ['binary', Uint8Array.from([0x30, 0x2c, 0x00, 0x01]), /NUL bytes/],
    ['decreasing time', 'time,I\n1,1\n0,1\n', /does not increase/],
  ];
  for (const [name, input, reason] of cases) {
    const bytes = typeof input === 'string' ? text(input) : input;
    assert.throws(() => readCsv(bytes, ctx), (e: unknown) => e instanceof FormatError && e.format === 'csv' && reason.test(e.reason), name);
  }
});

test('splitHeaderUnit: parentheses, brackets, suffixes', () => {
  assert.deepEqual(splitHeaderUnit('II (mV)'), { name: 'II', unit: 'mV' });
  assert.deepEqual(splitHeaderUnit('V1_uV'), { name: 'V1', unit: 'uV' });
  assert.deepEqual(splitHeaderUnit('aVF [µV]'), { name: 'aVF', unit: 'µV' });
  assert.deepEqual(splitHeaderUnit('time_ms'), { name: 'time', unit: 'ms' });
  assert.deepEqual(splitHeaderUnit('MLII'), { name: 'MLII' });
  assert.deepEqual(splitHeaderUnit('[uV]'), { name: '[uV]' });
});

test('csvReader.sniff: numeric text scores below 0.5, other content 0', () => {
  assert.equal(csvReader.sniff(text('time,I\n0,1\n0.002,2\n'), 'a.csv'), 0.45);
  assert.equal(csvReader.sniff(text('time,I\n0,1\n0.002,2\n'), 'a.dat'), 0.15);
  assert.equal(csvReader.sniff(text('<?xml version="1.0"?>\n<a/>\n'), 'a.xml'), 0);
  assert.equal(csvReader.sniff(text('100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n'), '100.hea'), 0);
  assert.equal(csvReader.sniff(Uint8Array.from([0, 1, 2]), 'a.csv'), 0);
});
