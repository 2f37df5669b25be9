import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEdf, parseEdfHeader, edfReader } from '../../../src/formats/edf';
import { FormatError } from '../../../src/shared/errors';
import { validateRecord, type EcgLead } from '../../../src/shared/ecgRecord';
import { assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';
import { buildEdf } from './edfBuilder';

const GOLDEN = join(__dirname, '..', '..', 'golden', 'edf');

function digitalOf(lead: EcgLead, i: number): number {
  const d = lead.details as { gain: number; offset: number };
  return Math.round(((lead.samples[i] as number) - d.offset) / d.gain) + 0;
}

test('readEdf: contec_0000050.edf equals the CSV of the same digital samples', { skip: skipWithoutSharedData('edf/contec_0000050.edf') }, () => {
  const record = readEdf(readShared('edf', 'contec_0000050.edf'), { fileName: 'contec_0000050.edf' });
  assert.deepEqual(validateRecord(record), []);
  assert.equal(record.samplingRateHz, 800);
  assert.equal(record.samplesPerLead, 37855);
  assert.deepEqual(record.leads.map((l) => l.name), ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
  assert.ok(record.leads.every((l) => l.unit === 'mV'));
  assert.equal(record.acquisition.startTime, '2020-11-16T21:44:39');
  assert.deepEqual(record.warnings, []);

  const rows = new TextDecoder().decode(readShared('edf', 'contec_0000050.csv')).trim().split('\n');
  assert.equal(rows.length, 37855);
  let maxDigitalDiff = 0;
  let maxPhysDiffMv = 0;
  let compared = 0;
  rows.forEach((row, i) => {
    const cells = row.split(',');
    for (let c = 0; c < 12; c++) {
      const lead = record.leads[c] as EcgLead;
      const cell = cells[c] ?? '';
      // The CSV leaves the unconnected chest leads empty; the EDF stores digital 0 there.
      const digital = cell === '' ? 0 : Number(cell);
      const expectedMv = ((digital + 32768) * 2000) / 65535 - 1000;
      maxDigitalDiff = Math.max(maxDigitalDiff, Math.abs(digitalOf(lead, i) - digital));
      maxPhysDiffMv = Math.max(maxPhysDiffMv, Math.abs((lead.samples[i] as number) - expectedMv));
      compared++;
    }
  });
  assert.equal(compared, 37855 * 12);
  assert.equal(maxDigitalDiff, 0);
  // Float32 storage of values near ±1 mV: well under one digital step (0.0305 mV).
  assert.ok(maxPhysDiffMv < 1e-5, `max physical difference ${maxPhysDiffMv} mV`);
});

test('readEdf: test_generator_2.edf equals its WFDB twin (.hea/.dat, format 16) sample by sample', { skip: skipWithoutSharedData('wfdb-python-samples/sample-data/test_generator_2.edf') }, () => {
  const dir = ['wfdb-python-samples', 'sample-data'];
  const record = readEdf(readShared(...dir, 'test_generator_2.edf'), { fileName: 'test_generator_2.edf' });
  const hea = new TextDecoder('latin1').decode(readShared(...dir, 'test_generator_2.hea')).trim().split('\n');
  // Record line: name, signals, frame rate (1 Hz: one 1-s EDF record per WFDB frame), frames.
  const [, nsText, frameRateText, framesText] = (hea[0] as string).split(/\s+/);
  const specs = hea.slice(1).map((line) => {
    const f = line.split(/\s+/);
    return {
      samplesPerFrame: Number((f[1] as string).split('x')[1]),
      gain: Number.parseFloat(f[2] as string),
      initial: Number(f[5]),
      checksum: Number(f[6]),
      name: f.slice(8).join(' ').trim(),
    };
  });
  assert.equal(specs.length, Number(nsText));
  assert.equal(record.samplingRateHz, Number(frameRateText) * (specs[0]?.samplesPerFrame as number));
  assert.equal(record.samplesPerLead, Number(framesText) * (specs[0]?.samplesPerFrame as number));
  // The WFDB twin carries the EDF annotation signal as an ordinary signal; the EDF reader turns it into annotations.
  const ordinary = specs.filter((s) => s.name !== 'EDF Annotations');
  assert.deepEqual(record.leads.map((l) => l.originalName), ordinary.map((s) => s.name));

  const dat = readShared(...dir, 'test_generator_2.dat');
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  const frameSamples = specs.reduce((n, s) => n + s.samplesPerFrame, 0);
  const frames = dat.length / 2 / frameSamples;
  assert.equal(frames, 600);
  let maxDigitalDiff = 0;
  let maxPhysDiffUv = 0;
  ordinary.forEach((spec, s) => {
    const lead = record.leads[s] as EcgLead;
    const before = specs.slice(0, specs.indexOf(spec)).reduce((n, x) => n + x.samplesPerFrame, 0);
    let checksum = 0;
    for (let f = 0; f < frames; f++) {
      for (let k = 0; k < spec.samplesPerFrame; k++) {
        const i = f * spec.samplesPerFrame + k;
        const d = view.getInt16(2 * (f * frameSamples + before + k), true);
        checksum = (checksum + d) & 0xffff;
        maxDigitalDiff = Math.max(maxDigitalDiff, Math.abs(digitalOf(lead, i) - d));
        maxPhysDiffUv = Math.max(maxPhysDiffUv, Math.abs((lead.samples[i] as number) - d / spec.gain));
      }
    }
    assert.equal(digitalOf(lead, 0), spec.initial, `${spec.name} initial value`);
    assert.equal(checksum > 32767 ? checksum - 65536 : checksum, spec.checksum, `${spec.name} checksum`);
  });
  assert.equal(maxDigitalDiff, 0);
  // EDF maps digital→physical with offset physMax − gain·digMax = +0.0153 µV; WFDB rounds that baseline to 0.
  assert.ok(maxPhysDiffUv <= 1 / 32.7675, `max physical difference ${maxPhysDiffUv} µV exceeds one digital step`);

  const golden = JSON.parse(readFileSync(join(GOLDEN, 'test_generator_2.json'), 'utf8')) as { count: number; first: { onsetSec: number; text: string }[] };
  assert.equal(record.annotations.length, golden.count);
  golden.first.forEach((g, i) => {
    assert.equal(record.annotations[i]?.aux, g.text);
    assert.equal(record.annotations[i]?.sampleIdx, Math.round(g.onsetSec * 200));
  });
  assert.equal(record.acquisition.startTime, '2009-12-10T12:44:02');
  assert.equal((record.metadata['edf'] as { variant: string }).variant, 'EDF+C');
});

test('readEdf: test_edfann.edf (annotations only) matches the golden TAL listing', { skip: skipWithoutSharedData('wfdb-python-samples/sample-data/test_edfann.edf') }, () => {
  const record = readEdf(readShared('wfdb-python-samples', 'sample-data', 'test_edfann.edf'), { fileName: 'test_edfann.edf' });
  type G = { onsetSec: number; durationSec: number | null; text: string };
  const golden = JSON.parse(readFileSync(join(GOLDEN, 'test_edfann.json'), 'utf8')) as {
    count: number;
    first: G[];
    last: G[];
    textCounts: Record<string, number>;
  };
  assert.equal(record.leads.length, 0);
  assert.equal(record.samplesPerLead, 0);
  assert.equal(record.samplingRateHz, 1000);
  assert.match(record.warnings.join(' '), /only annotations/);
  assert.equal(record.annotations.length, golden.count);
  const check = (a: (typeof record.annotations)[number] | undefined, g: G) => {
    assert.equal(a?.aux, g.text);
    assert.equal(a?.code, 'note');
    assert.equal(a?.sampleIdx, Math.round(g.onsetSec * 1000));
    assert.equal(a?.durationSamples, g.durationSec === null ? undefined : Math.round(g.durationSec * 1000));
  };
  golden.first.forEach((g, i) => check(record.annotations[i], g));
  golden.last.forEach((g, i) => check(record.annotations[golden.count - golden.last.length + i], g));
  const counts: Record<string, number> = {};
  for (const a of record.annotations) counts[a.aux as string] = (counts[a.aux as string] ?? 0) + 1;
  assert.deepEqual(counts, golden.textCounts);
  assert.equal(record.patient.id, 'SN001');
});

const tal = (onset: number, rest = '') => `+${onset}\x14\x14\x00${rest}`;

test('readEdf: EDF+C with patient fields, prefiltering, physical scaling and annotations', () => {
  const bytes = buildEdf({
    reserved: 'EDF+C',
    patient: 'MCH-0234567 F 02-MAY-1951 Haagse_Harry',
    recording: 'Startdate 02-MAR-2002 EMR-1 Tech ECG_Cart',
    startDate: '02.03.02',
    startTime: '14.30.00',
    durationField: '0.5',
    numRecords: 3,
    signals: [
      { label: 'ECG II', dimension: 'mV', physicalMin: -5, physicalMax: 5, digitalMin: -2048, digitalMax: 2047, prefiltering: 'HP:0.05Hz LP:150Hz N:50Hz', samplesPerRecord: 125 },
      { label: 'V1', dimension: 'uV', physicalMin: -5000, physicalMax: 5000, digitalMin: -2048, digitalMax: 2047, prefiltering: 'HP:0.05Hz LP:150Hz N:50Hz', samplesPerRecord: 125 },
      { label: 'EDF Annotations', dimension: '', physicalMin: -1, physicalMax: 1, samplesPerRecord: 30 },
    ],
    samples: (r, s, k) => (s === 0 ? r * 125 + k - 1000 : 2047 - k),
    tal: (r) => tal(r * 0.5, r === 1 ? '+0.6\x150.2\x14Artifact\x14\x00' : ''),
  });
  const record = readEdf(bytes, { fileName: 'dir/case1.edf' });
  assert.deepEqual(validateRecord(record), []);
  assert.equal(record.name, 'case1');
  assert.equal(record.samplingRateHz, 250);
  assert.equal(record.samplesPerLead, 375);
  assert.deepEqual(record.leads.map((l) => [l.name, l.originalName, l.unit]), [['II', 'ECG II', 'mV'], ['V1', 'V1', 'uV']]);
  const gain = 10 / 4095;
  assertClose(record.leads[0]?.samples[0] as number, -5 + gain * (-1000 + 2048), { atol: 1e-6 });
  assertClose(record.leads[0]?.samples[374] as number, -5 + gain * (374 - 1000 + 2048), { atol: 1e-6 });
  assertClose(record.leads[1]?.samples[0] as number, 5000, { atol: 1e-3 });
  assert.deepEqual(record.filters, { description: 'HP:0.05Hz LP:150Hz N:50Hz', highPassHz: 0.05, lowPassHz: 150, notchHz: 50 });
  assert.deepEqual(record.patient, { id: 'MCH-0234567', sex: 'F', birthDate: '1951-05-02', name: 'Haagse Harry', ageYears: 50 });
  assert.equal(record.acquisition.startTime, '2002-03-02T14:30:00');
  assert.equal(record.acquisition.device, 'ECG Cart');
  assert.deepEqual(record.annotations, [{ sampleIdx: 150, code: 'note', aux: 'Artifact', durationSamples: 50 }]);
  assert.deepEqual(record.warnings, []);

  const anonymous = readEdf(bytes, { fileName: 'case1.edf', anonymize: true });
  assert.deepEqual(anonymous.patient, { sex: 'F', ageYears: 50 });
  assert.equal((anonymous.metadata['edf'] as { patientField?: string }).patientField, undefined);
});

test('readEdf: Startdate field gives the 4-digit year beyond the 2084 clip', () => {
  const base = { durationField: '1', numRecords: 1, signals: [{ label: 'I', samplesPerRecord: 2 }] };
  const plain = readEdf(buildEdf({ ...base, startDate: '31.12.84', startTime: '23.59.59' }), { fileName: 'a.edf' });
  assert.equal(plain.acquisition.startTime, '2084-12-31T23:59:59');
  const old = readEdf(buildEdf({ ...base, startDate: '01.01.85', startTime: '00.00.00' }), { fileName: 'a.edf' });
  assert.equal(old.acquisition.startTime, '1985-01-01T00:00:00');
  const late = readEdf(
    buildEdf({ ...base, reserved: 'EDF+C', recording: 'Startdate 03-JAN-2090 X X X', startDate: '03.01.yy', startTime: '10.00.00' }),
    { fileName: 'a.edf' },
  );
  assert.match(late.warnings.join(' '), /malformed/);
  const late2 = readEdf(
    buildEdf({ ...base, reserved: 'EDF+C', recording: 'Startdate 03-JAN-2090 X X X', startDate: '03.01.90', startTime: '10.00.00' }),
    { fileName: 'a.edf' },
  );
  assert.equal(late2.acquisition.startTime, '2090-01-03T10:00:00');
});

test('readEdf: EDF+D places records by their TAL start times and fills gaps with NaN', () => {
  const starts = [0, 1, 3.5];
  const record = readEdf(
    buildEdf({
      reserved: 'EDF+D',
      durationField: '1',
      numRecords: 3,
      signals: [
        { label: 'II', samplesPerRecord: 4 },
        { label: 'EDF Annotations', samplesPerRecord: 20 },
      ],
      samples: (r, _s, k) => r * 10 + k,
      tal: (r) => tal(starts[r] as number, r === 2 ? '+4\x14beat\x14\x00' : ''),
    }),
    { fileName: 'd.edf' },
  );
  assert.equal(record.samplingRateHz, 4);
  assert.equal(record.samplesPerLead, 18);
  const s = Array.from(record.leads[0]?.samples ?? [], (v) => (Number.isNaN(v) ? NaN : Math.round(v * 10)));
  assert.deepEqual(s, [0, 1, 2, 3, 10, 11, 12, 13, NaN, NaN, NaN, NaN, NaN, NaN, 20, 21, 22, 23]);
  assert.deepEqual(record.annotations, [{ sampleIdx: 16, code: 'note', aux: 'beat' }]);
  assert.match(record.warnings.join(' '), /1 gap/);
});

test('readEdf: signals at other rates are dropped with a warning, not resampled', () => {
  const record = readEdf(
    buildEdf({
      durationField: '1',
      numRecords: 2,
      signals: [
        { label: 'ECG I', samplesPerRecord: 500 },
        { label: 'ECG II', samplesPerRecord: 500 },
        { label: 'Resp', samplesPerRecord: 25 },
        { label: 'SpO2', samplesPerRecord: 1, dimension: '%' },
        { label: 'EEG Fpz-Cz', samplesPerRecord: 100 },
        { label: 'EEG Pz-Oz', samplesPerRecord: 100 },
        { label: 'EOG', samplesPerRecord: 100 },
      ],
    }),
    { fileName: 'mixed.edf' },
  );
  assert.equal(record.samplingRateHz, 500);
  assert.deepEqual(record.leads.map((l) => l.name), ['I', 'II']);
  assert.equal(record.warnings.length, 1);
  assert.match(record.warnings[0] as string, /dropped 5 signal\(s\).*'Resp' \(25 Hz\).*'EEG Fpz-Cz' \(100 Hz\)/);

  const eegOnly = readEdf(
    buildEdf({ durationField: '1', numRecords: 1, signals: [{ label: 'EEG Fpz-Cz', samplesPerRecord: 100 }, { label: 'EEG Pz-Oz', samplesPerRecord: 100 }, { label: 'Resp', samplesPerRecord: 10 }] }),
    { fileName: 'eeg.edf' },
  );
  assert.deepEqual(eegOnly.leads.map((l) => l.name), ['EEG Fpz-Cz', 'EEG Pz-Oz']);
});

test('readEdf: fractional record duration, -1 records and a truncated last record', () => {
  const signals = [{ label: 'I', samplesPerRecord: 1 }, { label: 'II', samplesPerRecord: 1 }];
  const full = buildEdf({ durationField: '0.00125', numRecordsField: '-1', numRecords: 10, signals, samples: (r, s) => r + s });
  const unknown = readEdf(full, { fileName: 'x.edf' });
  assert.equal(unknown.samplingRateHz, 800);
  assert.equal(unknown.samplesPerLead, 10);
  assert.match(unknown.warnings.join(' '), /-1/);

  const declared = buildEdf({ durationField: '0.00125', numRecords: 10, signals, samples: (r, s) => r + s });
  const cut = readEdf(declared.subarray(0, declared.length - 3), { fileName: 'x.edf' });
  assert.equal(cut.samplesPerLead, 9);
  assert.match(cut.warnings.join(' '), /truncated.*10 data records, only 9/);
});

test('readEdf: empty, short, corrupt and absurd headers give FormatError', () => {
  const good = buildEdf({ durationField: '1', numRecords: 2, signals: [{ label: 'I', samplesPerRecord: 10 }] });
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['short', good.subarray(0, 100)],
    ['header only half', good.subarray(0, 300)],
    ['bad version', Uint8Array.from(good, (b, i) => (i === 0 ? 0x31 : b))],
    ['bdf', Uint8Array.from(good, (b, i) => (i === 0 ? 0xff : b))],
  ];
  const patched = (offset: number, text: string) => {
    const copy = good.slice();
    for (let i = 0; i < text.length; i++) copy[offset + i] = text.charCodeAt(i);
    return copy;
  };
  cases.push(['absurd signal count', patched(252, '9999')]);
  cases.push(['garbage records field', patched(236, 'abc     ')]);
  cases.push(['negative duration', patched(244, '-1      ')]);
  cases.push(['zero duration with signals', patched(244, '0       ')]);
  cases.push(['garbage samples field', patched(256 + 216, 'x       ')]);
  cases.push(['zero samples', patched(256 + 216, '0       ')]);
  for (const [name, bytes] of cases) {
    assert.throws(() => readEdf(bytes, { fileName: 'bad.edf' }), (err: unknown) => err instanceof FormatError && err.format === 'edf' && err.file === 'bad.edf', name);
  }
  assert.equal(parseEdfHeader(good).signals[0]?.samplesPerRecord, 10);
});

test('readEdf: every truncation of a valid EDF+ file gives a record or a FormatError, never a crash', () => {
  const good = buildEdf({
    reserved: 'EDF+C',
    durationField: '1',
    numRecords: 3,
    signals: [{ label: 'II', samplesPerRecord: 8 }, { label: 'EDF Annotations', samplesPerRecord: 16 }],
    tal: (r) => tal(r, '+0.5\x14x\x14\x00'),
  });
  for (let n = 0; n < good.length; n += 7) {
    try {
      const r = readEdf(good.subarray(0, n), { fileName: 't.edf' });
      assert.deepEqual(validateRecord(r), []);
    } catch (err) {
      assert.ok(err instanceof FormatError, `length ${n}: ${String(err)}`);
    }
  }
});

test('edfReader.sniff: EDF header scores high, other bytes zero', () => {
  const good = buildEdf({ durationField: '1', numRecords: 1, signals: [{ label: 'I', samplesPerRecord: 1 }] });
  assert.ok(edfReader.sniff(good, 'a.edf') >= 0.9);
  assert.equal(edfReader.sniff(new TextEncoder().encode('time,I\n0,1\n'), 'a.csv'), 0);
  assert.equal(edfReader.sniff(new Uint8Array(10), 'a.edf'), 0);
});
