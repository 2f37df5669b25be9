// Tests for SCP section 1 tags → patient, acquisition and filter fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readScpSection1 } from '../../../src/formats/scp/scpSection1';
import { emptyRecord } from '../../../src/shared/ecgRecord';

function tags(list: [number, number[]][]): Uint8Array {
  const out: number[] = [];
  for (const [tag, v] of list) out.push(tag, v.length & 0xff, v.length >> 8, ...v);
  out.push(255, 0, 0);
  return Uint8Array.from(out);
}
const str = (s: string) => [...s].map((c) => c.charCodeAt(0)).concat(0);

test('readScpSection1: names, id, age, birth date, height, weight, sex, date/time and filters', () => {
  const body = tags([
    [0, str('Doe')], [1, str('Jane')], [2, str('ID42')], [4, [40, 0, 1]], [5, [0xb2, 0x07, 3, 9]],
    [6, [0xa5, 0, 1]], [7, [60, 0, 1]], [8, [2]], [25, [0xe8, 0x07, 2, 29]], [26, [13, 5, 9]],
    [27, [5, 0]], [28, [150, 0]], [29, [2]],
  ]);
  const record = emptyRecord({ format: 'scp-ecg', name: 'x', samplingRateHz: 500, samplesPerLead: 0, leads: [] });
  const result = readScpSection1(body, record, false);
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(record.patient, { name: 'Jane Doe', id: 'ID42', ageYears: 40, birthDate: '1970-03-09', heightCm: 165, weightKg: 60, sex: 'F' });
  assert.equal(record.acquisition.startTime, '2024-02-29T13:05:09');
  assert.deepEqual(record.filters, { highPassHz: 0.05, lowPassHz: 150, notchHz: 50 });
});

test('readScpSection1: anonymize leaves identifiers out; a tag running past the end is reported', () => {
  const record = emptyRecord({ format: 'scp-ecg', name: 'x', samplingRateHz: 500, samplesPerLead: 0, leads: [] });
  readScpSection1(tags([[0, str('Doe')], [2, str('ID42')], [8, [1]]]), record, true);
  assert.deepEqual(record.patient, { sex: 'M' });
  const broken = Uint8Array.from([0, 50, 0, 65, 66]);
  const r2 = emptyRecord({ format: 'scp-ecg', name: 'x', samplingRateHz: 500, samplesPerLead: 0, leads: [] });
  assert.equal(readScpSection1(broken, r2, false).warnings.length, 1);
});
