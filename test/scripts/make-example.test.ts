import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEdf, writeEdf } from '../../src/formats/edf';
import { ecgSimulate } from '../../src/signal/ecgSimulate';
import { STANDARD_LEADS } from '../../src/shared/leads';
import { EXAMPLE_OPTIONS } from '../../scripts/make-example';

const EXAMPLE = join(__dirname, '..', '..', 'assets', 'example', 'example-12lead.edf');

test('assets/example/example-12lead.edf: 12 leads, 10 s at 500 Hz, 72 bpm, under 200 KB, and regenerable', () => {
  const bytes = new Uint8Array(readFileSync(EXAMPLE));
  assert.ok(bytes.length < 200 * 1024, `${bytes.length} bytes`);
  const record = readEdf(bytes, { fileName: 'example-12lead.edf' });
  assert.deepEqual(record.warnings, []);
  assert.deepEqual(record.leads.map((l) => l.name), [...STANDARD_LEADS]);
  assert.equal(record.samplingRateHz, 500);
  assert.equal(record.samplesPerLead, 5000);
  const beats = record.annotations.map((a) => a.sampleIdx);
  const bpm = (60 * 500 * (beats.length - 1)) / ((beats[beats.length - 1] as number) - (beats[0] as number));
  assert.ok(Math.abs(bpm - 72) / 72 < 0.02, `${bpm} bpm`);

  // Regenerating with the script's settings gives the same samples (within one digital step) and beats.
  const again = readEdf(writeEdf(ecgSimulate(EXAMPLE_OPTIONS)), { fileName: 'again.edf' });
  assert.deepEqual(again.annotations, record.annotations);
  record.leads.forEach((lead, k) => {
    const step = (lead.details as { gain: number }).gain;
    const other = again.leads[k]?.samples as Float32Array;
    lead.samples.forEach((v, i) => assert.ok(Math.abs(v - (other[i] as number)) <= step + 1e-9, `${lead.name}[${i}]`));
  });
});
