// Tests for the DICOM waveform reader: pydicom golden values, encodings built byte by byte, corrupt input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomWaveform } from '../../../src/formats/dicom/readDicomWaveform';
import {
  concat,
  dsElement,
  part10File,
  rawElement,
  sequenceElement,
  stringElement,
  tag,
  ulElement,
  usElement,
  type DicomElement,
} from '../../../src/formats/dicom/dicomEncoder';
import { validateRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLE = 'dicom-ecg/waveform_ecg.dcm';
const skip = skipWithoutSharedData(SAMPLE);

interface GoldenChannel {
  source: { value: string; scheme: string; meaning: string };
  sensitivity: number;
  unit: string;
  filterLowHz: number | null;
  filterHighHz: number | null;
  firstDigital: number[];
  lastDigital: number[];
  firstUv: number[];
  lastUv: number[];
  digitalSum: number;
  minUv: number;
  maxUv: number;
  meanUv: number;
  stdUv: number;
}
interface Golden {
  sopClassUid: string;
  patient: { name: string; id: string; birthDate: string; sex: string; age: string };
  acquisitionDateTime: string;
  manufacturer: string;
  model: string;
  groups: { label: string; samplingRateHz: number; samples: number; channels: GoldenChannel[] }[];
  annotationTexts: string[];
  annotationMeasurements: { name: string; value: number }[];
  annotationPointCount: number;
}
const golden = JSON.parse(readFileSync(join(__dirname, '../../golden/dicom/waveform_ecg.golden.json'), 'utf8')) as Golden;
const EXPECTED_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}

function meanStd(a: Float32Array): { mean: number; std: number } {
  const mean = sum(a) / a.length;
  let v = 0;
  for (const x of a) v += (x - mean) ** 2;
  return { mean, std: Math.sqrt(v / a.length) };
}

function expectFormatError(fn: () => unknown, pattern?: RegExp): FormatError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FormatError, `expected FormatError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    if (pattern) assert.match(err.reason, pattern);
    return err;
  }
  assert.fail('expected a FormatError');
}

test('readDicomWaveform: Mortara 12-lead file matches pydicom golden values (rhythm and median groups)', { skip }, () => {
  const record = readDicomWaveform(readShared(SAMPLE), { fileName: 'waveform_ecg.dcm' });
  assert.deepEqual(validateRecord(record), []);
  const groups = [
    { g: golden.groups[0]!, rate: record.samplingRateHz, n: record.samplesPerLead, leads: record.leads },
    { g: golden.groups[1]!, rate: record.representativeBeats!.samplingRateHz, n: record.representativeBeats!.samplesPerLead, leads: record.representativeBeats!.leads },
  ];
  assert.equal(golden.groups[0]!.label, 'RHYTHM');
  assert.equal(golden.groups[1]!.label, 'MEDIAN BEAT');
  for (const { g, rate, n, leads } of groups) {
    assert.equal(rate, g.samplingRateHz);
    assert.equal(n, g.samples);
    assert.deepEqual(leads.map((l) => l.name), EXPECTED_LEADS);
    g.channels.forEach((ch, i) => {
      const lead = leads[i]!;
      const msg = `${g.label} ${lead.name}:`;
      assert.equal(lead.originalName, ch.source.meaning, msg);
      assert.equal(lead.unit, 'uV', msg);
      assert.equal(lead.details!['channelSensitivity'], ch.sensitivity, msg);
      const digital = lead.details!['digitalSamples'] as Int16Array;
      assert.deepEqual(Array.from(digital.subarray(0, 20)), ch.firstDigital, msg);
      assert.deepEqual(Array.from(digital.subarray(n - 20)), ch.lastDigital, msg);
      assert.equal(sum(digital), ch.digitalSum, msg);
      assertAllClose(lead.samples.subarray(0, 20), ch.firstUv, { atol: 1e-4 }, msg);
      assertAllClose(lead.samples.subarray(n - 20), ch.lastUv, { atol: 1e-4 }, msg);
      const { mean, std } = meanStd(lead.samples);
      assertClose(mean, ch.meanUv, { atol: 1e-6, rtol: 1e-9 }, `${msg} mean`);
      assertClose(std, ch.stdUv, { rtol: 1e-9 }, `${msg} std`);
      assertClose(Math.min(...lead.samples), ch.minUv, { atol: 1e-6 }, `${msg} min`);
      assertClose(Math.max(...lead.samples), ch.maxUv, { atol: 1e-6 }, `${msg} max`);
    });
  }
  const ch0 = golden.groups[0]!.channels[0]!;
  assert.deepEqual(record.filters, { highPassHz: ch0.filterLowHz!, lowPassHz: ch0.filterHighHz! });
});

test('readDicomWaveform: patient, acquisition, measurements, statements and fiducials agree with pydicom', { skip }, () => {
  const record = readDicomWaveform(readShared(SAMPLE), { fileName: '/data/waveform_ecg.dcm' });
  assert.equal(record.name, 'waveform_ecg');
  assert.equal(record.format, 'dicom');
  assert.deepEqual(record.patient, { name: golden.patient.name, id: golden.patient.id, birthDate: '1971-01-23', sex: 'F', ageYears: 42 });
  assert.equal(golden.acquisitionDateTime, '20130125105919');
  assert.equal(record.acquisition.startTime, '2013-01-25T10:59:19');
  assert.equal(record.acquisition.manufacturer, golden.manufacturer);
  assert.equal(record.acquisition.device, golden.model);
  assert.deepEqual(record.metadata['deviceStatements'], golden.annotationTexts);
  const measurements = record.metadata['dicomMeasurements'] as { name: string; value: number }[];
  assert.deepEqual(measurements.map((m) => [m.name, m.value]), golden.annotationMeasurements.map((m) => [m.name, m.value]));
  const device = record.metadata['deviceMeasurements'] as Record<string, number>;
  const byName = new Map(golden.annotationMeasurements.map((m) => [m.name, m.value]));
  assert.equal(device['prMs'], byName.get('PR Interval'));
  assert.equal(device['qrsMs'], byName.get('QRS Duration'));
  assert.equal(device['qtMs'], byName.get('QT Interval'));
  assert.equal(device['qtcMs'], byName.get('QTc Interval'));
  assert.equal(device['qrsAxisDeg'], byName.get('QRS Axis'));
  assert.equal(record.annotations.length, golden.annotationPointCount);
  // DICOM sample positions are 1-based (first P onset at position 299 → index 298).
  assert.deepEqual(record.annotations[0], { code: 'Pon', num: 2, sampleIdx: 298 });
  assert.ok(record.annotations.every((a) => a.sampleIdx >= 0 && a.sampleIdx < record.samplesPerLead));
  const dicom = record.metadata['dicom'] as { sopClassUid: string; multiplexGroups: { role: string }[] };
  assert.equal(dicom.sopClassUid, golden.sopClassUid);
  assert.deepEqual(dicom.multiplexGroups.map((g) => g.role), ['rhythm', 'median']);
  assert.deepEqual(record.warnings, []);
});

test('readDicomWaveform: anonymize leaves out name, ID, birth date and instance UIDs but keeps sex and age', { skip }, () => {
  const record = readDicomWaveform(readShared(SAMPLE), { fileName: 'x.dcm', anonymize: true });
  assert.deepEqual(record.patient, { sex: 'F', ageYears: 42 });
  const dicom = record.metadata['dicom'] as Record<string, unknown>;
  assert.equal(dicom['studyInstanceUid'], undefined);
  assert.equal(dicom['sopInstanceUid'], undefined);
});

test('readDicomWaveform: same file without the 128-byte preamble, and as a bare data set, reads identically', { skip }, () => {
  const bytes = readShared(SAMPLE);
  const full = readDicomWaveform(bytes, { fileName: 'a.dcm' });
  const noPreamble = readDicomWaveform(bytes.subarray(132), { fileName: 'b.dcm' });
  const metaLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(132 + 8, true);
  const bare = readDicomWaveform(bytes.subarray(132 + 12 + metaLength), { fileName: 'c.dcm' });
  for (const other of [noPreamble, bare]) {
    assert.equal(other.samplesPerLead, full.samplesPerLead);
    assert.deepEqual(other.leads.map((l) => l.name), full.leads.map((l) => l.name));
    other.leads.forEach((l, i) => assert.deepEqual(l.samples, full.leads[i]!.samples));
  }
});

// ---- byte-built files -------------------------------------------------------------------------

const code = (value: string, scheme: string, meaning: string): DicomElement[] => [
  stringElement(tag(0x0008, 0x0100), 'SH', value),
  stringElement(tag(0x0008, 0x0102), 'SH', scheme),
  stringElement(tag(0x0008, 0x0104), 'LO', meaning),
];

interface ChannelSpec {
  code: [string, string, string];
  sensitivity?: number;
  correction?: number;
  baseline?: number;
  unit?: string;
}

function channel(spec: ChannelSpec): DicomElement[] {
  const els = [sequenceElement(tag(0x003a, 0x0208), [code(...spec.code)])];
  if (spec.sensitivity !== undefined) {
    els.push(
      dsElement(tag(0x003a, 0x0210), spec.sensitivity),
      sequenceElement(tag(0x003a, 0x0211), [code(spec.unit ?? 'uV', 'UCUM', 'unit')]),
      dsElement(tag(0x003a, 0x0212), spec.correction ?? 1),
      dsElement(tag(0x003a, 0x0213), spec.baseline ?? 0),
    );
  }
  return els;
}

function group(args: { label: string; rateHz: number; samples: number; bits: 8 | 16; interp: string; channels: ChannelSpec[]; data: Uint8Array; declaredSamples?: number }): DicomElement[] {
  return [
    usElement(tag(0x003a, 0x0005), args.channels.length),
    ulElement(tag(0x003a, 0x0010), args.declaredSamples ?? args.samples),
    dsElement(tag(0x003a, 0x001a), args.rateHz),
    stringElement(tag(0x003a, 0x0020), 'SH', args.label),
    sequenceElement(tag(0x003a, 0x0200), args.channels.map(channel)),
    usElement(tag(0x5400, 0x1004), args.bits),
    stringElement(tag(0x5400, 0x1006), 'CS', args.interp),
    rawElement(tag(0x5400, 0x1010), args.bits === 16 ? 'OW' : 'OB', args.data),
  ];
}

function explicitFile(sopClass: string, groups: DicomElement[][]): Uint8Array {
  const meta = [
    rawElement(tag(0x0002, 0x0001), 'OB', new Uint8Array([0, 1])),
    stringElement(tag(0x0002, 0x0002), 'UI', sopClass),
    stringElement(tag(0x0002, 0x0003), 'UI', '2.25.1'),
    stringElement(tag(0x0002, 0x0010), 'UI', '1.2.840.10008.1.2.1'),
  ];
  return part10File(meta, [
    stringElement(tag(0x0008, 0x0016), 'UI', sopClass),
    stringElement(tag(0x0008, 0x0018), 'UI', '2.25.1'),
    sequenceElement(tag(0x5400, 0x0100), groups),
  ]);
}

const int16le = (values: number[]): Uint8Array => {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(out.buffer).setInt16(i * 2, v, true));
  return out;
};
const uint16le = (values: number[]): Uint8Array => {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(out.buffer).setUint16(i * 2, v, true));
  return out;
};

test('readDicomWaveform: 16-bit US samples with baseline, correction factor and mV units', () => {
  // 2 channels × 3 samples, interleaved: (ch0, ch1) per sample.
  const bytes = explicitFile('1.2.840.10008.5.1.4.1.1.9.1.2', [
    group({
      label: 'RHYTHM', rateHz: 250, samples: 3, bits: 16, interp: 'US',
      channels: [
        { code: ['2:2', 'MDC', 'Lead II'], sensitivity: 0.005, correction: 2, baseline: -10, unit: 'mV' },
        { code: ['5.6.3-9-3', 'SCPECG', 'Lead V1'], sensitivity: 1, unit: 'uV' },
      ],
      data: uint16le([1000, 1, 2000, 2, 65535, 3]),
    }),
  ]);
  const record = readDicomWaveform(bytes, { fileName: 'us.dcm' });
  assert.deepEqual(record.leads.map((l) => [l.name, l.unit]), [['II', 'mV'], ['V1', 'uV']]);
  // value = raw × sensitivity × correction + baseline (PS3.3 C.10.9: baseline in sensitivity units).
  assertAllClose(record.leads[0]!.samples, [1000 * 0.01 - 10, 2000 * 0.01 - 10, 65535 * 0.01 - 10], { atol: 1e-3 });
  assertAllClose(record.leads[1]!.samples, [1, 2, 3], { atol: 0 });
  assert.equal(record.samplingRateHz, 250);
  assert.equal(record.representativeBeats, undefined);
});

/** Implicit VR little endian element: tag, 32-bit length, value (PS3.5 7.1.3). */
function implicit(t: number, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 ? concat([value, new Uint8Array([0x20])]) : value;
  const head = new Uint8Array(8);
  const v = new DataView(head.buffer);
  v.setUint16(0, t >>> 16, true);
  v.setUint16(2, t & 0xffff, true);
  v.setUint32(4, padded.length, true);
  return concat([head, padded]);
}
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
function implicitSequence(t: number, itemBodies: Uint8Array[]): Uint8Array {
  const items = itemBodies.map((b) => implicit(tag(0xfffe, 0xe000), b));
  return implicit(t, concat(items));
}

test('readDicomWaveform: implicit VR data set without file meta, 8-bit SB samples', () => {
  const chan = (scp: string, meaning: string) =>
    concat([
      implicitSequence(tag(0x003a, 0x0208), [concat([implicit(tag(0x0008, 0x0100), text(scp)), implicit(tag(0x0008, 0x0102), text('SCPECG')), implicit(tag(0x0008, 0x0104), text(meaning))])]),
      implicit(tag(0x003a, 0x0210), text('10')),
      implicitSequence(tag(0x003a, 0x0211), [concat([implicit(tag(0x0008, 0x0100), text('uV')), implicit(tag(0x0008, 0x0102), text('UCUM'))])]),
    ]);
  const u16 = (n: number) => new Uint8Array([n & 0xff, n >> 8]);
  const u32 = (n: number) => new Uint8Array([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  const groupBody = concat([
    implicit(tag(0x003a, 0x0005), u16(2)),
    implicit(tag(0x003a, 0x0010), u32(4)),
    implicit(tag(0x003a, 0x001a), text('100')),
    implicitSequence(tag(0x003a, 0x0200), [chan('5.6.3-9-1', 'Lead I'), chan('5.6.3-9-64', 'Lead aVF')]),
    implicit(tag(0x5400, 0x1004), u16(8)),
    implicit(tag(0x5400, 0x1006), text('SB')),
    implicit(tag(0x5400, 0x1010), new Uint8Array([1, 0xff, 2, 0xfe, 0x7f, 0x80, 0, 0])),
  ]);
  const bytes = concat([
    implicit(tag(0x0008, 0x0016), text('1.2.840.10008.5.1.4.1.1.9.1.3\0')),
    implicit(tag(0x0010, 0x0040), text('M')),
    implicitSequence(tag(0x5400, 0x0100), [groupBody]),
  ]);
  const record = readDicomWaveform(bytes, { fileName: 'implicit.dcm' });
  assert.deepEqual(record.leads.map((l) => l.name), ['I', 'aVF']);
  assertAllClose(record.leads[0]!.samples, [10, 20, 1270, 0], { atol: 0 });
  assertAllClose(record.leads[1]!.samples, [-10, -20, -1280, 0], { atol: 0 });
  assert.equal(record.patient.sex, 'M');
  assert.equal((record.metadata['dicom'] as { transferSyntaxUid: string }).transferSyntaxUid, '1.2.840.10008.1.2');
});

test('readDicomWaveform: hemodynamic object keeps only its ECG channels', () => {
  const bytes = explicitFile('1.2.840.10008.5.1.4.1.1.9.2.1', [
    group({
      label: 'ECG+PRESSURE', rateHz: 240, samples: 2, bits: 16, interp: 'SS',
      channels: [
        { code: ['5.6.3-9-2', 'SCPECG', 'Lead II'], sensitivity: 5 },
        { code: ['2:16386', 'MDC', 'Aortic pressure'], sensitivity: 0.1, unit: 'mm[Hg]' },
      ],
      data: int16le([100, 800, -100, 900]),
    }),
  ]);
  const record = readDicomWaveform(bytes, { fileName: 'hemo.dcm' });
  assert.deepEqual(record.leads.map((l) => l.name), ['II']);
  assertAllClose(record.leads[0]!.samples, [500, -500], { atol: 0 });
  assert.match(record.warnings.join(' '), /kept 1 ECG channels of 2/);
});

test('readDicomWaveform: a median group labelled MEDIAN becomes representativeBeats even when listed first', () => {
  const ch: ChannelSpec[] = [{ code: ['5.6.3-9-1', 'SCPECG', 'Lead I'], sensitivity: 1 }];
  const bytes = explicitFile('1.2.840.10008.5.1.4.1.1.9.1.1', [
    group({ label: 'MEDIAN', rateHz: 500, samples: 2, bits: 16, interp: 'SS', channels: ch, data: int16le([7, 8]) }),
    group({ label: 'RHYTHM', rateHz: 500, samples: 4, bits: 16, interp: 'SS', channels: ch, data: int16le([1, 2, 3, 4]) }),
  ]);
  const record = readDicomWaveform(bytes, { fileName: 'm.dcm' });
  assert.equal(record.samplesPerLead, 4);
  assert.equal(record.representativeBeats?.samplesPerLead, 2);
  assertAllClose(record.representativeBeats!.leads[0]!.samples, [7, 8], { atol: 0 });
});

test('readDicomWaveform: declared samples × channels × bytes larger than Waveform Data is a FormatError before any allocation', () => {
  const bytes = explicitFile('1.2.840.10008.5.1.4.1.1.9.1.2', [
    group({
      label: 'RHYTHM', rateHz: 500, samples: 2, declaredSamples: 2_000_000_000, bits: 16, interp: 'SS',
      channels: [{ code: ['5.6.3-9-1', 'SCPECG', 'Lead I'], sensitivity: 1 }], data: int16le([1, 2]),
    }),
  ]);
  expectFormatError(() => readDicomWaveform(bytes, { fileName: 'big.dcm' }), /2000000000 samples × 1 channels × 2 bytes = 4000000000 bytes declared, but Waveform Data holds 4/);
});

test('readDicomWaveform: unsupported sample interpretation, a non-ECG SOP class, empty and non-DICOM input are FormatErrors', () => {
  const ch: ChannelSpec[] = [{ code: ['5.6.3-9-1', 'SCPECG', 'Lead I'], sensitivity: 1 }];
  const mb = explicitFile('1.2.840.10008.5.1.4.1.1.9.1.2', [group({ label: 'R', rateHz: 500, samples: 2, bits: 8, interp: 'MB', channels: ch, data: new Uint8Array([1, 2]) })]);
  expectFormatError(() => readDicomWaveform(mb, { fileName: 'mb.dcm' }), /Sample Interpretation 'MB' is not supported/);
  const ct = explicitFile('1.2.840.10008.5.1.4.1.1.2', []);
  expectFormatError(() => readDicomWaveform(ct, { fileName: 'ct.dcm' }), /SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2 is not an ECG waveform/);
  const err = expectFormatError(() => readDicomWaveform(new Uint8Array(0), { fileName: 'empty.dcm' }), /empty/);
  assert.equal(err.file, 'empty.dcm');
  expectFormatError(() => readDicomWaveform(text('hello, this is not DICOM at all'), { fileName: 't.dcm' }), /not a DICOM file/);
  const noWaveform = explicitFile('1.2.840.10008.5.1.4.1.1.9.1.1', []);
  expectFormatError(() => readDicomWaveform(noWaveform, { fileName: 'n.dcm' }), /no Waveform Sequence/);
});

/** Small deterministic PRNG (mulberry32) so corruption tests are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Either a sound record or a FormatError; anything else fails the test. */
function readsOrFormatError(bytes: Uint8Array, label: string): 'record' | 'error' {
  try {
    const record = readDicomWaveform(bytes, { fileName: 'corrupt.dcm' });
    assert.deepEqual(validateRecord(record), [], label);
    return 'record';
  } catch (err) {
    assert.ok(err instanceof FormatError, `${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return 'error';
  }
}

test('readDicomWaveform: the real file truncated at 24 points gives FormatError, never a crash', { skip }, () => {
  const bytes = readShared(SAMPLE);
  const cuts = [1, 64, 131, 133, 200, 300, 500, 1000, 2000, 5000, 10000, 20000, 30000, 40000, 45000, 48000, 50000, 100000, 200000, 260000, 262000, 263000, 290000, bytes.length - 2];
  for (const cut of cuts) {
    const outcome = readsOrFormatError(bytes.subarray(0, cut), `cut at ${cut}`);
    assert.equal(outcome, 'error', `cut at ${cut} should not read as a whole record`);
  }
});

test('readDicomWaveform: 300 single-bit flips and 20 length-field overwrites give a record or a FormatError', { skip }, () => {
  const original = readShared(SAMPLE);
  const rnd = prng(20261128);
  const counts = { record: 0, error: 0 };
  for (let i = 0; i < 300; i++) {
    const bytes = original.slice();
    // Mostly in the header and annotation area, where structure lives; some in the samples.
    const pos = i % 5 === 4 ? Math.floor(rnd() * bytes.length) : 128 + Math.floor(rnd() * 48000);
    bytes[pos] = (bytes[pos] as number) ^ (1 << Math.floor(rnd() * 8));
    counts[readsOrFormatError(bytes, `bit flip at ${pos}`)]++;
  }
  for (let i = 0; i < 20; i++) {
    const bytes = original.slice();
    const pos = 132 + Math.floor(rnd() * 48000);
    new DataView(bytes.buffer).setUint32(pos, 0x7ffffff0 + i, true);
    counts[readsOrFormatError(bytes, `length overwrite at ${pos}`)]++;
  }
  assert.ok(counts.error > 0 && counts.record > 0, `outcomes ${JSON.stringify(counts)}`);
});

test('readDicomWaveform: WaveformData element cut short by editing the group sample count is caught with its numbers', { skip }, () => {
  const bytes = readShared(SAMPLE).slice();
  // NumberOfWaveformSamples (003A,0010) UL 10000 of the rhythm group: find its tag and raise it.
  const view = new DataView(bytes.buffer);
  let found = -1;
  for (let i = 132; i < bytes.length - 12; i++) {
    if (view.getUint16(i, true) === 0x003a && view.getUint16(i + 2, true) === 0x0010 && view.getUint32(i + 8, true) === 10000) {
      found = i;
      break;
    }
  }
  assert.ok(found > 0);
  view.setUint32(found + 8, 10001, true);
  expectFormatError(() => readDicomWaveform(bytes, { fileName: 'x.dcm' }), /10001 samples × 12 channels × 2 bytes = 240024 bytes declared, but Waveform Data holds 240000/);
});

const PY = '/usr/bin/python3';
const hasPydicom = spawnSync(PY, ['-c', 'import pydicom'], { encoding: 'utf8' }).status === 0;
const TO_IMPLICIT = `
import sys, pydicom
from pydicom.uid import ImplicitVRLittleEndian
ds = pydicom.dcmread(sys.argv[1])
ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
ds.is_implicit_VR = True
ds.is_little_endian = True
ds.save_as(sys.argv[2], write_like_original=False)
`;

test('readDicomWaveform: the real file re-encoded by pydicom as implicit VR little endian reads identically', { skip: skip || (hasPydicom ? false : 'python3-pydicom not installed; implicit VR re-encoding skipped') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-dicom-implicit-'));
  try {
    const src = join(dir, 'explicit.dcm');
    const dst = join(dir, 'implicit.dcm');
    writeFileSync(src, readShared(SAMPLE));
    const r = spawnSync(PY, ['-c', TO_IMPLICIT, src, dst], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const explicitRecord = readDicomWaveform(readShared(SAMPLE), { fileName: 'explicit.dcm' });
    const implicitRecord = readDicomWaveform(new Uint8Array(readFileSync(dst)), { fileName: 'implicit.dcm' });
    assert.equal((implicitRecord.metadata['dicom'] as { transferSyntaxUid: string }).transferSyntaxUid, '1.2.840.10008.1.2');
    assert.deepEqual(implicitRecord.leads.map((l) => l.name), explicitRecord.leads.map((l) => l.name));
    implicitRecord.leads.forEach((l, i) => assert.deepEqual(l.samples, explicitRecord.leads[i]!.samples));
    assert.equal(implicitRecord.representativeBeats?.samplesPerLead, 1200);
    assert.deepEqual(implicitRecord.annotations, explicitRecord.annotations);
    assert.deepEqual(implicitRecord.metadata['deviceMeasurements'], explicitRecord.metadata['deviceMeasurements']);
    assert.deepEqual(implicitRecord.patient, explicitRecord.patient);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
