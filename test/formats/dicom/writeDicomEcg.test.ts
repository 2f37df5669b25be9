// Tests for the DICOM ECG writer: round trips through our reader, dciodvfy conformance and pydicom readback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomWaveform } from '../../../src/formats/dicom/readDicomWaveform';
import { chooseSopClass, newUuidUid, writeDicomEcg, IMPLEMENTATION_CLASS_UID } from '../../../src/formats/dicom/writeDicomEcg';
import { SOP_CLASS } from '../../../src/formats/dicom/dicomCodes';
import { emptyRecord, type EcgRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { assertAllClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLE = 'dicom-ecg/waveform_ecg.dcm';
const skip = skipWithoutSharedData(SAMPLE);
const FIXED = { now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) };
const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** A synthetic record: a sum of sines per lead, in mV, with optional NaN gaps. */
function synthetic(samplingRateHz: number, samplesPerLead: number, names: readonly string[], unit = 'mV'): EcgRecord {
  const leads = names.map((name, k) => {
    const samples = new Float32Array(samplesPerLead);
    for (let i = 0; i < samplesPerLead; i++) samples[i] = 1.3 * Math.sin((2 * Math.PI * 1.1 * i) / samplingRateHz + k) + 0.2 * Math.sin(i / 7);
    return { name, originalName: name, unit, samples };
  });
  const record = emptyRecord({ format: 'wfdb', name: 'syn', samplingRateHz, samplesPerLead, leads });
  record.patient = { name: 'Doe^Jane', id: 'P-77', birthDate: '1950-06-30', sex: 'F', ageYears: 75.4 };
  record.acquisition = { startTime: '2024-02-29T13:14:15.5', manufacturer: 'Acme', device: 'Cardio 1' };
  record.filters = { highPassHz: 0.5, lowPassHz: 40, notchHz: 50 };
  return record;
}

function digitalOf(record: EcgRecord, i: number): Int16Array {
  return record.leads[i]!.details!['digitalSamples'] as Int16Array;
}

test('writeDicomEcg: the Mortara file read, written and read again has identical digital and physical samples', { skip }, () => {
  const original = readDicomWaveform(readShared(SAMPLE), { fileName: 'waveform_ecg.dcm' });
  const again = readDicomWaveform(writeDicomEcg(original, FIXED), { fileName: 'again.dcm' });
  assert.equal(again.samplingRateHz, original.samplingRateHz);
  assert.equal(again.samplesPerLead, original.samplesPerLead);
  assert.deepEqual(again.leads.map((l) => l.name), original.leads.map((l) => l.name));
  original.leads.forEach((lead, i) => {
    assert.deepEqual(digitalOf(again, i), digitalOf(original, i), `${lead.name} digital`);
    assert.equal(again.leads[i]!.details!['channelSensitivity'], 1.25);
    assertAllClose(again.leads[i]!.samples, lead.samples, { atol: 0 }, lead.name);
  });
  assert.deepEqual(again.patient, original.patient);
  assert.deepEqual(again.filters, original.filters);
  assert.equal(again.acquisition.startTime, original.acquisition.startTime);
  assert.equal((again.metadata['dicom'] as { sopClassUid: string }).sopClassUid, SOP_CLASS.twelveLeadEcg);
});

test('writeDicomEcg: synthetic mV record round trips within half a quantisation step, NaN stays NaN, digital samples re-encode exactly', () => {
  const record = synthetic(500, 5000, TWELVE);
  record.leads[3]!.samples[10] = NaN;
  const bytes = writeDicomEcg(record, FIXED);
  const back = readDicomWaveform(bytes, { fileName: 'syn.dcm' });
  assert.equal(back.samplesPerLead, 5000);
  back.leads.forEach((lead, i) => {
    assert.equal(lead.unit, 'uV');
    const step = lead.details!['channelSensitivity'] as number;
    assert.equal(step, 1);
    const expectedUv = Array.from(record.leads[i]!.samples, (v) => v * 1000);
    assertAllClose(lead.samples, expectedUv, { atol: step / 2 + 1e-3 }, lead.name);
  });
  assert.ok(Number.isNaN(back.leads[3]!.samples[10]));
  // Second generation: the digital samples must be written back unchanged.
  const third = readDicomWaveform(writeDicomEcg(back, FIXED), { fileName: 'syn2.dcm' });
  back.leads.forEach((_, i) => assert.deepEqual(digitalOf(third, i), digitalOf(back, i)));
  assert.deepEqual(back.patient, { name: 'Doe Jane', id: 'P-77', birthDate: '1950-06-30', sex: 'F', ageYears: 75 });
  assert.equal(back.acquisition.startTime, '2024-02-29T13:14:15.5');
  assert.deepEqual(back.filters, { highPassHz: 0.5, lowPassHz: 40, notchHz: 50 });
});

test('writeDicomEcg: large amplitudes get a coarser sensitivity that still fits 16 bits', () => {
  const record = synthetic(250, 100, ['II']);
  record.leads[0]!.samples[5] = 200; // 200 mV = 200000 µV, beyond ±32767 µV
  const back = readDicomWaveform(writeDicomEcg(record, FIXED), { fileName: 'big.dcm' });
  const step = back.leads[0]!.details!['channelSensitivity'] as number;
  assert.ok(step > 6 && step < 6.2, `step ${step}`);
  assertAllClose(back.leads[0]!.samples, Array.from(record.leads[0]!.samples, (v) => v * 1000), { atol: step / 2 + 1e-2 });
});

test('writeDicomEcg: anonymize writes empty patient name, ID and birth date', () => {
  const back = readDicomWaveform(writeDicomEcg(synthetic(500, 100, ['I']), { ...FIXED, anonymize: true }), { fileName: 'a.dcm' });
  assert.deepEqual(back.patient, { sex: 'F', ageYears: 75 });
});

test('writeDicomEcg: non-ASCII names are written as UTF-8 (ISO_IR 192) and read back unchanged', () => {
  const record = synthetic(500, 50, ['I']);
  record.patient.name = 'Müller^Jürgen';
  record.acquisition.site = 'Hôpital Cantonal';
  const back = readDicomWaveform(writeDicomEcg(record, FIXED), { fileName: 'u.dcm' });
  assert.equal(back.patient.name, 'Müller Jürgen');
  assert.equal(back.acquisition.site, 'Hôpital Cantonal');
});

test('chooseSopClass: 12-lead when the IOD constraints hold, else general or ambulatory ECG, else a FormatError', () => {
  assert.deepEqual(chooseSopClass(500, TWELVE, 5000), { sopClassUid: SOP_CLASS.twelveLeadEcg });
  const mit = chooseSopClass(360, ['MLII', 'V5'], 650000);
  assert.equal(mit.sopClassUid, SOP_CLASS.generalEcg);
  assert.match(mit.reason!, /650000 samples per lead are more than 16384/);
  assert.match(mit.reason!, /leads MLII are not among the 12 standard leads/);
  assert.equal(chooseSopClass(1000, TWELVE, 20000).sopClassUid, SOP_CLASS.generalEcg);
  assert.equal(chooseSopClass(128, ['II'], 1280).sopClassUid, SOP_CLASS.ambulatoryEcg);
  assert.throws(() => chooseSopClass(2000, ['II'], 100), (e: unknown) => e instanceof FormatError && /no DICOM ECG waveform IOD fits/.test(e.reason));
  // PTB-XL's 100 Hz 12-lead records only fit the ambulatory IOD (50–1000 Hz); 13 channels at 100 Hz fit none.
  assert.equal(chooseSopClass(100, TWELVE, 1000).sopClassUid, SOP_CLASS.ambulatoryEcg);
  assert.throws(() => chooseSopClass(100, [...TWELVE, 'V4R'], 100), FormatError);
});

test('newUuidUid: 2.25 UUID-derived UIDs are unique, at most 64 characters, without leading zeros', () => {
  const uids = new Set(Array.from({ length: 200 }, newUuidUid));
  assert.equal(uids.size, 200);
  for (const uid of uids) assert.match(uid, /^2\.25\.[1-9]\d{0,38}$/);
  assert.match(IMPLEMENTATION_CLASS_UID, /^2\.25\.[1-9]\d+$/);
});

test('writeDicomEcg: records without voltage leads or samples are refused with a FormatError', () => {
  const r = synthetic(500, 10, ['ABP'], 'mmHg');
  assert.throws(() => writeDicomEcg(r), (e: unknown) => e instanceof FormatError && /no voltage leads/.test(e.reason));
  assert.throws(() => writeDicomEcg(synthetic(500, 0, ['I'])), FormatError);
});

function hasTool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.error === undefined;
}

const hasDciodvfy = hasTool('dciodvfy', ['-h']);
const PY = '/usr/bin/python3';
const hasPydicom = hasTool(PY, ['-c', 'import pydicom, numpy']) && spawnSync(PY, ['-c', 'import pydicom, numpy']).status === 0;

function withTempFiles<T>(files: Record<string, Uint8Array>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-dicom-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: Record<string, () => EcgRecord> = {
  'twelve.dcm': () => synthetic(500, 5000, TWELVE),
  'mitlike.dcm': () => synthetic(360, 21600, ['MLII', 'V5']),
  'ambulatory.dcm': () => synthetic(128, 1280, ['II', 'V5']),
  'utf8.dcm': () => {
    const r = synthetic(500, 500, ['I', 'II']);
    r.patient.name = 'Müller^Jürgen';
    return r;
  },
};

test('writeDicomEcg: dciodvfy (dicom3tools) reports no errors for 12-lead, general and ambulatory ECG output', { skip: hasDciodvfy ? false : 'dciodvfy not installed (apt-get install dicom3tools); conformance check skipped' }, () => {
  const files = Object.fromEntries(Object.entries(CASES).map(([name, make]) => [name, writeDicomEcg(make(), FIXED)]));
  withTempFiles(files, (dir) => {
    const expectedIod: Record<string, string> = { 'twelve.dcm': 'TwelveLeadECG', 'mitlike.dcm': 'GeneralECG', 'ambulatory.dcm': 'AmbulatoryECG', 'utf8.dcm': 'TwelveLeadECG' };
    for (const name of Object.keys(files)) {
      const r = spawnSync('dciodvfy', [join(dir, name)], { encoding: 'utf8' });
      const lines = `${r.stdout}${r.stderr}`.split('\n').filter(Boolean);
      const errors = lines.filter((l) => /^Error/.test(l));
      assert.deepEqual(errors, [], `${name}:\n${lines.join('\n')}`);
      assert.ok(lines.includes(expectedIod[name]!), `${name} validated as ${expectedIod[name]}:\n${lines.join('\n')}`);
    }
  });
});

const PYDICOM_DUMP = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
arr = ds.waveform_array(0)
mg = ds.WaveformSequence[0]
print(json.dumps({
  "sop": str(ds.SOPClassUID), "ts": str(ds.file_meta.TransferSyntaxUID),
  "name": str(ds.PatientName), "rate": float(mg.SamplingFrequency), "shape": list(arr.shape),
  "leads": [str(c.ChannelSourceSequence[0].CodeMeaning) for c in mg.ChannelDefinitionSequence],
  "first": arr[:5].T.tolist(), "sum": arr.sum(axis=0).tolist(),
}))
`;

test('writeDicomEcg: pydicom reads our output back with the same values', { skip: hasPydicom ? false : 'python3-pydicom not installed; pydicom readback skipped' }, () => {
  const record = CASES['utf8.dcm']!();
  const bytes = writeDicomEcg(record, FIXED);
  const ours = readDicomWaveform(bytes, { fileName: 'utf8.dcm' });
  withTempFiles({ 'utf8.dcm': bytes }, (dir) => {
    const r = spawnSync(PY, ['-c', PYDICOM_DUMP, join(dir, 'utf8.dcm')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const py = JSON.parse(r.stdout) as { sop: string; ts: string; name: string; rate: number; shape: number[]; leads: string[]; first: number[][]; sum: number[] };
    assert.equal(py.sop, SOP_CLASS.twelveLeadEcg);
    assert.equal(py.ts, '1.2.840.10008.1.2.1');
    assert.equal(py.name, 'Müller^Jürgen');
    assert.equal(py.rate, 500);
    assert.deepEqual(py.shape, [500, 2]);
    assert.deepEqual(py.leads, ['Lead I', 'Lead II']);
    ours.leads.forEach((lead, i) => {
      assertAllClose(lead.samples.subarray(0, 5), py.first[i]!, { atol: 1e-6 }, lead.name);
      assertAllClose([lead.samples.reduce((a, b) => a + b, 0)], [py.sum[i]!], { atol: 1e-2 }, `${lead.name} sum`);
    });
  });
});
