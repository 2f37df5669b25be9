import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv, writeCsv } from '../../../src/formats/csv';
import { writerFor } from '../../../src/formats/writers';
import { emptyRecord, type EcgLead } from '../../../src/shared/ecgRecord';
import { assertAllClose } from '../../helpers/assertClose';

function lead(name: string, unit: string, values: number[]): EcgLead {
  return { name, originalName: name, unit, samples: Float32Array.from(values) };
}

test('writeCsv: header, millivolts with 4 decimals, NaN as empty field, exact 500 Hz times', () => {
  const record = emptyRecord({
    format: 'simulated',
    name: 'w',
    samplingRateHz: 500,
    samplesPerLead: 3,
    leads: [lead('I', 'mV', [0.1, -0.00001, NaN]), lead('V1', 'uV', [1234.5, 0, -50]), lead('ABP', 'mmHg', [80, 81, 82])],
  });
  const lines = new TextDecoder().decode(writeCsv(record)).split('\n');
  assert.deepEqual(lines, [
    'time_s,I,V1,ABP [mmHg]',
    '0.000,0.1000,1.2345,80.0000',
    '0.002,0.0000,0.0000,81.0000',
    '0.004,,-0.0500,82.0000',
    '',
  ]);
});

test('writeCsv: round trip through readCsv (360 Hz, 12 leads, NaN gaps) within 0.5e-4 mV', () => {
  const n = 720;
  const names = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
  const leads = names.map((name, k) => lead(name, 'mV', Array.from({ length: n }, (_, i) => (i === 100 + k ? NaN : Math.sin(i / (7 + k)) * (1 + k / 10)))));
  const record = emptyRecord({ format: 'simulated', name: 'rt', samplingRateHz: 360, samplesPerLead: n, leads });
  const back = readCsv(writeCsv(record), { fileName: 'rt.csv' });
  assert.equal(back.samplingRateHz, 360);
  assert.equal(back.samplesPerLead, n);
  assert.deepEqual(back.leads.map((l) => [l.name, l.unit]), names.map((name) => [name, 'mV']));
  // `time_s,<lead>` is ECG Studio's own layout, in mV by definition: nothing is guessed.
  assert.doesNotMatch(back.warnings.join(' '), /guessed/);
  back.leads.forEach((l, k) => assertAllClose(l.samples, leads[k]?.samples ?? [], { atol: 0.5e-4 + 1e-7 }, names[k]));
});

test('writers registry: csv writer names its file <base>.csv', () => {
  const writer = writerFor('csv');
  assert.equal(writer?.extension, '.csv');
  const record = emptyRecord({ format: 'simulated', name: 'x', samplingRateHz: 1, samplesPerLead: 1, leads: [lead('I', 'mV', [1])] });
  assert.equal(writer?.write(record, 'out')[0]?.name, 'out.csv');
});
