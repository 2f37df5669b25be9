// Tests for readWfdb: WFDB-tool golden outputs, checksums over all shared records, annotations, bad input.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { detectFormat } from '../../../src/formats/detect';
import { decodeFlac } from '../../../src/formats/wfdb/flac/decodeFlac';
import { MAX_OUTPUT_SAMPLES, readWfdb, wfdbReader, type ReadWfdbOptions } from '../../../src/formats/wfdb/readWfdb';
import { writeWfdb } from '../../../src/formats/wfdb/writeWfdb';
import { emptyRecord, validateRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';
import { memoryContext, readWfdbFile } from './wfdbTestFiles';

const SAMPLES = 'wfdb-python-samples/sample-data';
const EXPECTED = 'wfdb-python-samples/expected-output';

function expectedTable(name: string): number[][] {
  let raw = readFileSync(sharedPath(EXPECTED, name));
  if (name.endsWith('.gz')) raw = gunzipSync(raw);
  return raw
    .toString('latin1')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

interface GoldenCase {
  expected: string;
  record: string;
  options: ReadWfdbOptions;
  digital: boolean;
  /** rdsamp leaves out the last rows that skew pushes past the end; wfdb-python and we keep them (NaN). */
  dropLastRows?: number;
}

/** The rdsamp calls behind each expected output, from wfdb-python tests/test_record.py docstrings. */
const GOLDEN: GoldenCase[] = [
  { expected: 'record-1a', record: 'test01_00s', options: {}, digital: true },
  { expected: 'record-1b', record: 'a103l', options: { sampleFrom: 12500, sampleTo: 40000, channels: [2, 0] }, digital: false },
  { expected: 'record-1c', record: 'a103l', options: { sampleFrom: 20000, channels: [0, 1] }, digital: true },
  { expected: 'record-1d', record: '3000003_0003', options: { sampleFrom: 125, sampleTo: 1000, channels: [1] }, digital: false },
  { expected: 'record-1f.gz', record: 'binformats', options: {}, digital: true },
  { expected: 'record-flac.gz', record: 'flacformats', options: {}, digital: true },
  { expected: 'record-2b', record: '100', options: { sampleFrom: 1, sampleTo: 10800, channels: [1] }, digital: true },
  { expected: 'record-2c', record: '100_3chan', options: {}, digital: false },
  { expected: 'record-2d', record: '310derive', options: { sampleFrom: 2 }, digital: true },
  { expected: 'record-2e', record: '311derive', options: { sampleFrom: 1, sampleTo: 978 }, digital: false },
  { expected: 'record-3b', record: 's0010_re', options: { sampleFrom: 5000, sampleTo: 38000, channels: [13, 0, 4, 8, 3] }, digital: false },
  { expected: 'record-4a', record: 'test01_00s_skewframe', options: {}, digital: true, dropLastRows: 3 },
  { expected: 'record-4b', record: '03700181', options: {}, digital: true, dropLastRows: 4 },
  { expected: 'record-4c', record: '03700181', options: { sampleFrom: 1000, sampleTo: 16000, channels: [0, 2] }, digital: false },
  { expected: 'record-4d', record: 'test01_00s_skewframe', options: { expandFrames: true }, digital: false, dropLastRows: 6 },
  {
    expected: 'record-multi-fixed-c',
    record: 'multi-segment/fixed1/v102s',
    options: { sampleFrom: 70000, sampleTo: 80000, channels: [1, 0, 3] },
    digital: false,
  },
  { expected: 'record-multi-fixed-d.gz', record: 'multi-segment/041s/041s', options: { channels: [3, 2, 1], expandFrames: true }, digital: true },
  {
    expected: 'record-multi-variable-d',
    record: 'multi-segment/p000878/p000878-2137-10-26-16-57',
    options: { sampleFrom: 3550, sampleTo: 7500, channels: [0, 1] },
    digital: true,
  },
];

describe('readWfdb against WFDB rdsamp expected outputs', { skip: skipWithoutSharedData(EXPECTED) }, () => {
  for (const c of GOLDEN) {
    test(`readWfdb: ${c.expected} = ${c.record} ${JSON.stringify(c.options)} (${c.digital ? 'digital, exact' : 'physical, 8 decimals'})`, () => {
      const table = expectedTable(c.expected);
      const record = readWfdbFile(sharedPath(SAMPLES, `${c.record}.hea`), { ...c.options, keepDigital: true });
      assert.deepEqual(validateRecord(record), []);
      assert.equal(record.samplesPerLead - (c.dropLastRows ?? 0), table.length, 'row count');
      assert.equal(record.leads.length, (table[0] as number[]).length, 'column count');
      for (let col = 0; col < record.leads.length; col++) {
        const lead = record.leads[col]!;
        const digital = lead.details?.['digital'] as Int32Array;
        for (let row = 0; row < table.length; row++) {
          const e = table[row]![col]!;
          if (c.digital) {
            if (digital[row] !== e) assert.fail(`column ${col} row ${row}: expected ${e}, got ${digital[row]}`);
          } else {
            const a = lead.samples[row]!;
            if (Number.isNaN(e) && Number.isNaN(a)) continue;
            // Printed to 8 decimals (±5e-9); our samples are float32 (relative rounding 2^-24).
            if (!(Math.abs(a - e) <= 5e-9 + 1.2e-7 * Math.abs(e))) assert.fail(`column ${col} row ${row}: expected ${e}, got ${a}`);
          }
        }
      }
    });
  }

});

describe('readWfdb: FLAC signal files (formats 508/516/524)', { skip: skipWithoutSharedData(SAMPLES) }, () => {
  test('readWfdb: FLAC records flacformats, flac_3_constant and mixedsignals: all 12 header checksums match', () => {
    let verified = 0;
    for (const name of ['flacformats', 'flac_3_constant', 'mixedsignals']) {
      const r = readWfdbFile(sharedPath(SAMPLES, `${name}.hea`), { annotator: false });
      assert.equal(r.metadata['checksumsMismatched'], 0, name);
      verified += r.metadata['checksumsVerified'] as number;
    }
    assert.equal(verified, 3 + 3 + 6);
  });

  test('readWfdb: flac_3_constant (3 × 5,600,000 samples, format 508) is constant 25, 50, 75 digital', () => {
    const r = readWfdbFile(sharedPath(SAMPLES, 'flac_3_constant.hea'), { keepDigital: true });
    assert.equal(r.samplesPerLead, 5_600_000);
    assert.equal(r.samplingRateHz, 250);
    [25, 50, 75].forEach((v, j) => {
      const d = r.leads[j]!.details!['digital'] as Int32Array;
      for (let i = 0; i < d.length; i++) if (d[i] !== v) assert.fail(`signal ${j} sample ${i} is ${d[i]}`);
      assert.ok(Math.abs(r.leads[j]!.samples[123_456]! - v / 200) < 1e-7);
    });
  });

  test('readWfdb: mixedsignals (516x4, 516x2, 516): frame means, expandFrames and ranges agree', () => {
    const path = sharedPath(SAMPLES, 'mixedsignals.hea');
    const full = readWfdbFile(path, { keepDigital: true, expandFrames: true });
    assert.equal(full.samplesPerLead, 14400 * 4);
    assert.deepEqual(full.leads.map((l) => l.name), ['II', 'III', 'V', 'ABP', 'Pleth', 'Resp']);
    const mean = readWfdbFile(path, { keepDigital: true });
    assert.equal(mean.samplesPerLead, 14400);
    // ABP (2 samples per frame) expanded ×2 to the 4-per-frame rate: the frame mean is the mean of its 2 values.
    const abpFull = full.leads[3]!.details!['digital'] as Int32Array;
    const abpMean = mean.leads[3]!.details!['digital'] as Int32Array;
    for (let t = 0; t < 14400; t++) assert.equal(abpMean[t], Math.trunc((abpFull[4 * t]! + abpFull[4 * t + 2]!) / 2));
    const part = readWfdbFile(path, { keepDigital: true, sampleFrom: 1000, sampleTo: 1500, channels: [5, 0] });
    const resp = mean.leads[5]!.details!['digital'] as Int32Array;
    assert.deepEqual(Array.from(part.leads[0]!.details!['digital'] as Int32Array), Array.from(resp.subarray(1000, 1500)));
  });
});

describe('readWfdb: header checksums of every shared record', { skip: skipWithoutSharedData('mitdb') }, () => {
  const verify = (path: string): { verified: number; mismatched: number } => {
    const r = readWfdbFile(path, { annotator: false });
    return { verified: r.metadata['checksumsVerified'] as number, mismatched: r.metadata['checksumsMismatched'] as number };
  };

  test('readWfdb: all 48 MIT-BIH records (format 212), 96 signal checksums match', () => {
    const names = readFileSync(sharedPath('mitdb', 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
    assert.equal(names.length, 48);
    let verified = 0;
    for (const name of names) {
      const r = verify(sharedPath('mitdb', `${name}.hea`));
      assert.equal(r.mismatched, 0, name);
      verified += r.verified;
    }
    assert.equal(verified, 96);
  });

  test('readWfdb: nstdb bw and ma (gain 0 → 200, uncalibrated), 4 checksums match', () => {
    let verified = 0;
    for (const name of ['bw', 'ma']) {
      const r = readWfdbFile(sharedPath('nstdb', `${name}.hea`));
      assert.equal(r.metadata['checksumsMismatched'], 0);
      verified += r.metadata['checksumsVerified'] as number;
      assert.equal(r.leads[0]!.details!['adcGain'], 200);
      assert.equal(r.leads[0]!.details!['uncalibrated'], true);
    }
    assert.equal(verified, 4);
  });

  test('readWfdb: every PTB-XL record (format 16, 12 leads) has matching checksums', { skip: skipWithoutSharedData('ptb-xl') }, () => {
    let records = 0;
    let verified = 0;
    for (const rate of ['records100', 'records500']) {
      for (const folder of readdirSync(sharedPath('ptb-xl', rate))) {
        for (const file of readdirSync(sharedPath('ptb-xl', rate, folder))) {
          if (!file.endsWith('.hea')) continue;
          const r = verify(sharedPath('ptb-xl', rate, folder, file));
          assert.equal(r.mismatched, 0, file);
          verified += r.verified;
          records++;
        }
      }
    }
    assert.equal(records, 1959);
    assert.equal(verified, 1959 * 12);
  });

  test('readWfdb: wfdb-python sample records and multi-segment segments: checksums match', () => {
    const records = [
      '100', '100_3chan', '03700181', '3000003_0003', '310derive', '310derive_2', '310derive_3', '311derive', '311derive_2',
      '311derive_3', '311derive_4', 'a103l', 'binformats', 's0010_re', 'test01_00s', 'test01_00s_skew', 'test01_00s_frame',
      'test01_00s_skewframe', 'test_generator_2',
      'v102s', 'multi-segment/041s/041s', 'multi-segment/fixed1/v102s', 'multi-segment/s25047/s25047-2704-05-04-10-44',
    ];
    let verified = 0;
    for (const name of records) {
      const r = verify(sharedPath(SAMPLES, `${name}.hea`));
      assert.equal(r.mismatched, 0, name);
      verified += r.verified;
    }
    // 2+3+3+2+2+1+1+1+1+1+1+3+10+15+4+4+3+3+12+4 single-segment signals, 041s 2×7, fixed1 3×4, s25047 16×2+2×3.
    assert.equal(verified, 76 + 14 + 12 + 38);
  });

  test('readWfdb: a wrong header checksum becomes a warning, not an error', () => {
    const hea = readFileSync(sharedPath(SAMPLES, 'test01_00s.hea'), 'latin1').replace(' 114 0 ECG 1', ' 115 0 ECG 1');
    const ctx = memoryContext('test01_00s.hea', { 'test01_00s.dat': new Uint8Array(readFileSync(sharedPath(SAMPLES, 'test01_00s.dat'))) });
    const r = readWfdb(new TextEncoder().encode(hea), ctx);
    assert.equal(r.metadata['checksumsMismatched'], 1);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /checksum mismatch in signal 0 \(ECG 1\).*header says 115, data gives 114/);
  });
});

describe('readWfdb: record details', { skip: skipWithoutSharedData(SAMPLES) }, () => {
  test('readWfdb: MIT-BIH 100 header, leads, patient comment and .atr annotations', () => {
    const r = readWfdbFile(sharedPath('mitdb', '100.hea'));
    assert.equal(r.format, 'wfdb');
    assert.equal(r.name, '100');
    assert.equal(r.samplingRateHz, 360);
    assert.equal(r.samplesPerLead, 650000);
    assert.deepEqual(r.leads.map((l) => [l.name, l.unit]), [['MLII', 'mV'], ['V5', 'mV']]);
    assert.equal(r.patient.ageYears, 69);
    assert.equal(r.patient.sex, 'M');
    assert.deepEqual(r.metadata['comments'], ['69 M 1085 1629 x1', 'Aldomet, Inderal']);
    // First samples of 100: digital 995 and 1011 with baseline 1024, gain 200.
    assert.ok(Math.abs(r.leads[0]!.samples[0]! - (995 - 1024) / 200) < 1e-7);
    assert.ok(Math.abs(r.leads[1]!.samples[0]! - (1011 - 1024) / 200) < 1e-7);
    assert.equal(r.annotations.length, 2274);
    assert.deepEqual(r.annotations[0], { sampleIdx: 18, code: '+', subtype: 0, channel: 0, num: 0, aux: '(N' });
  });

  test('readWfdb: patient age and sex from PTB, Challenge and <age>: comment styles', () => {
    const dat = new Uint8Array(4);
    const read = (comments: string) =>
      readWfdb(new TextEncoder().encode(`r 1 100 2\nr.dat 16 200/mV 16 0 0 0 0 I\n${comments}`), memoryContext('r.hea', { 'r.dat': dat })).patient;
    assert.deepEqual(read('# age: 81\n# sex: female\n'), { ageYears: 81, sex: 'F' });
    assert.deepEqual(read('#Age: 74\n#Sex: Male\n#Dx: 164889003\n'), { ageYears: 74, sex: 'M' });
    assert.deepEqual(read('# <age>: 25  <sex>: M  <diagnoses>: (none)\n'), { ageYears: 25, sex: 'M' });
    assert.deepEqual(read('# <age>: ?? <sex>: ?\n'), {});
    assert.deepEqual(read('# 76 F 2777 3655 x2\n# Aldomet, Inderal\n'), { ageYears: 76, sex: 'F' });
  });

  test('readWfdb: format 8 (first differences) read from an offset equals the full read', () => {
    const full = readWfdbFile(sharedPath(SAMPLES, 'binformats.hea'), { keepDigital: true, channels: [0] });
    const part = readWfdbFile(sharedPath(SAMPLES, 'binformats.hea'), { keepDigital: true, channels: [0], sampleFrom: 7, sampleTo: 300 });
    assert.deepEqual(part.leads[0]!.details!['digital'], (full.leads[0]!.details!['digital'] as Int32Array).subarray(7, 300));
  });

  test('readWfdb: annotator option picks another annotation file or none', () => {
    const qrs = readWfdbFile(sharedPath(SAMPLES, '100.hea'), { annotator: 'qrs', sampleTo: 3600 });
    assert.ok(qrs.annotations.length > 0 && qrs.annotations.every((a) => a.sampleIdx < 3600));
    const none = readWfdbFile(sharedPath(SAMPLES, '100.hea'), { annotator: false, sampleTo: 10 });
    assert.equal(none.annotations.length, 0);
  });

  test('readWfdb: MIT-BIH beat counts from .atr (100, 101, 102, 103, 208, 232; 109,494 over 48 records)', () => {
    const beatCodes = new Set(['N', 'L', 'R', 'B', 'A', 'a', 'J', 'S', 'V', 'r', 'F', 'e', 'j', 'n', 'E', '/', 'f', 'Q', '?']);
    const published: Record<string, number> = { '100': 2273, '101': 1865, '102': 2187, '103': 2084, '208': 2955, '232': 1780 };
    const names = readFileSync(sharedPath('mitdb', 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
    let total = 0;
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(sharedPath('mitdb', `${name}.atr`)));
      const ctx = memoryContext(`${name}.hea`, {
        [`${name}.hea`]: new TextEncoder().encode(`${name} 0 360 650000\n`),
        [`${name}.atr`]: bytes,
      });
      const r = readWfdb(new TextEncoder().encode(`${name} 0 360 650000\n`), ctx);
      const beats = r.annotations.filter((a) => beatCodes.has(a.code)).length;
      if (published[name] !== undefined) assert.equal(beats, published[name], name);
      total += beats;
    }
    assert.equal(total, 109494);
  });

  test('readWfdb: a .dat file as input reads <stem>.hea beside it', () => {
    const r = readWfdbFile(sharedPath(SAMPLES, 'test01_00s.dat'));
    assert.equal(r.name, 'test01_00s');
    assert.equal(r.leads.length, 4);
    assert.equal(r.samplesPerLead, 4000);
  });

  test('readWfdb: a WFDB .mat signal file (format 16+24) as input reads a103l.hea', () => {
    const r = readWfdbFile(sharedPath(SAMPLES, 'a103l.mat'), { keepDigital: true });
    assert.equal(r.samplesPerLead, 82500);
    assert.deepEqual(r.leads.map((l) => l.unit), ['mV', 'mV', 'NU']);
    assert.equal((r.leads[0]!.details!['digital'] as Int32Array)[0], -171);
    assert.equal(r.metadata['checksumsMismatched'], 0);
  });

  test('readWfdb: header without a length infers it from the signal file (100-no-len, a103l-no-len)', () => {
    assert.equal(readWfdbFile(sharedPath(SAMPLES, '100-no-len.hea'), { annotator: false }).samplesPerLead, 650000);
    assert.equal(readWfdbFile(sharedPath(SAMPLES, 'a103l-no-len.hea')).samplesPerLead, 82500);
  });

  test('readWfdb: skew fills the samples pushed past the end with NaN (100skew)', () => {
    const plain = readWfdbFile(sharedPath(SAMPLES, '100.hea'), { annotator: false, keepDigital: true });
    const skew = readWfdbFile(sharedPath(SAMPLES, '100skew.hea'), { keepDigital: true });
    const a = plain.leads[1]!.details!['digital'] as Int32Array;
    const b = skew.leads[1]!.details!['digital'] as Int32Array;
    assert.equal(b[0], a[3]);
    assert.equal(b[649996], a[649999]);
    assert.ok(Number.isNaN(skew.leads[1]!.samples[649997]!));
  });

  test('readWfdb: base date/time, units and samples per frame (03700181)', () => {
    const rec = readWfdbFile(sharedPath(SAMPLES, '03700181.hea'), { sampleTo: 10 });
    assert.equal(rec.acquisition.startTime, '1994-08-15T17:27:45');
    assert.equal(rec.leads[1]!.unit, 'mmHg');
    assert.equal(rec.leads[0]!.details!['samplesPerFrame'], 4);
  });

  test('readWfdb: variable-layout multi-segment record: null segment is NaN, channels matched by name', () => {
    const r = readWfdbFile(sharedPath(SAMPLES, 'multi-segment/s25047/s25047-2704-05-04-10-44.hea'));
    assert.equal(r.samplesPerLead, 543240);
    assert.deepEqual(r.leads.map((l) => l.originalName), ['II', 'V', 'ABP']);
    assert.ok(Number.isNaN(r.leads[0]!.samples[0]!) && Number.isNaN(r.leads[0]!.samples[25739]!));
    assert.ok(!Number.isNaN(r.leads[0]!.samples[25740]!));
    // ABP exists only in the last two segments (97,500 samples).
    assert.ok(Number.isNaN(r.leads[2]!.samples[543240 - 97501]!));
    assert.ok(!Number.isNaN(r.leads[2]!.samples[543240 - 97500]!));
    assert.equal(r.metadata['layout'], 'variable');
    assert.equal(r.acquisition.startTime, '2704-05-04T10:44:18.529');
  });

  test('readWfdb: expandFrames repeats slower signals up to the fastest (03700181: 125 Hz frames × 4)', () => {
    const r = readWfdbFile(sharedPath(SAMPLES, '03700181.hea'), { expandFrames: true, sampleTo: 100, keepDigital: true });
    assert.equal(r.samplingRateHz, 500);
    assert.equal(r.samplesPerLead, 400);
    const abp = r.leads[1]!.details!['digital'] as Int32Array;
    assert.equal(abp[0], abp[3]);
  });

  test('readWfdb: multi-segment record with missing segment files fails only when the range needs them', () => {
    const path = sharedPath(SAMPLES, 'multi-segment/p000878/p000878-2137-10-26-16-57.hea');
    assert.throws(() => readWfdbFile(path, { sampleTo: 10000 }), (e: unknown) => e instanceof FormatError && /3269321_0003\.hea/.test(e.reason));
    assert.equal(readWfdbFile(path, { sampleTo: 5000 }).samplesPerLead, 5000);
  });
});

describe('readWfdb: fast decoders agree with the sample-by-sample decoder', () => {
  /** Pseudo-random record of `ns` leads with values spanning the 12-bit range and some NaN. */
  function noisy(ns: number, n: number) {
    let x = 12345;
    const next = (): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    return emptyRecord({
      format: 'wfdb',
      name: 'r',
      samplingRateHz: 250,
      samplesPerLead: n,
      leads: Array.from({ length: ns }, (_, j) => ({
        name: `L${j}`,
        originalName: `L${j}`,
        unit: 'mV',
        samples: Float32Array.from({ length: n }, (_, i) => (i % 97 === 5 ? NaN : Math.round((next() - 0.5) * 4000) / 200)),
      })),
    });
  }

  for (const format of [212, 16] as const) {
    for (const ns of [1, 2, 3, 4, 5]) {
      test(`readWfdb: format ${format}, ${ns} leads, odd and even ranges and channel subsets match the digital path`, () => {
        const [hea, dat] = writeWfdb(noisy(ns, 41), 'r', { format });
        const ctx = memoryContext('r.hea', { 'r.dat': dat!.bytes });
        const reference = readWfdb(hea!.bytes, ctx, { keepDigital: true });
        assert.equal(reference.metadata['checksumsMismatched'], 0);
        const subsets = [undefined, [ns - 1], ns > 2 ? [2, 0] : [0]];
        for (const from of [0, 1, 2, 3]) {
          for (const to of [40, 41]) {
            for (const channels of subsets) {
              const r = readWfdb(hea!.bytes, ctx, { sampleFrom: from, sampleTo: to, ...(channels ? { channels } : {}) });
              const chosen = channels ?? reference.leads.map((_, i) => i);
              chosen.forEach((c, i) => {
                const want = reference.leads[c]!.samples.subarray(from, to);
                const got = r.leads[i]!.samples;
                assert.equal(got.length, want.length);
                for (let k = 0; k < want.length; k++) {
                  if (!Object.is(got[k], want[k])) assert.fail(`from ${from} to ${to} channel ${c} sample ${k}: ${got[k]} vs ${want[k]}`);
                }
              });
            }
          }
        }
      });
    }
  }

  test('readWfdb: format 16 at an odd byte offset (unaligned) reads the same values', () => {
    const [hea, dat] = writeWfdb(noisy(3, 20), 'r', { format: 16 });
    const shifted = new Uint8Array(dat!.bytes.length + 1);
    shifted.set(dat!.bytes, 1);
    const text = new TextDecoder().decode(hea!.bytes).replace(/r\.dat 16 /g, 'r.dat 16+1 ');
    const a = readWfdb(hea!.bytes, memoryContext('r.hea', { 'r.dat': dat!.bytes }));
    const b = readWfdb(new TextEncoder().encode(text), memoryContext('r.hea', { 'r.dat': shifted }));
    assert.equal(b.metadata['checksumsMismatched'], 0);
    for (let j = 0; j < 3; j++) assert.deepEqual(b.leads[j]!.samples, a.leads[j]!.samples);
  });
});

describe('readWfdb: sniffing and detection', () => {
  const header = new TextEncoder().encode('rec 1 250 4\nrec.dat 16 200/mV 16 0 0 0 0 II\n');
  test('wfdbReader.sniff: .hea text scores high, binary and prose score 0', () => {
    assert.ok(wfdbReader.sniff(header, 'rec.hea') >= 0.9);
    assert.ok(wfdbReader.sniff(header, 'rec.txt') >= 0.5);
    assert.equal(wfdbReader.sniff(new TextEncoder().encode('Hello there, this is a letter.\n'), 'a.txt'), 0);
    assert.equal(wfdbReader.sniff(new Uint8Array([0, 1, 2, 3]), 'a.bin'), 0);
    assert.equal(wfdbReader.sniff(new TextEncoder().encode('1 2 3\n4 5 6\n7 8 9\n'), 'numbers.txt'), 0);
    assert.equal(wfdbReader.sniff(new TextEncoder().encode('time,I,II\n0,1,2\n'), 'leads.csv'), 0);
    assert.equal(wfdbReader.sniff(new Uint8Array(0), 'a.hea'), 0);
  });
  test('detectFormat: picks the WFDB reader for a header and for a .dat by extension', () => {
    assert.equal(detectFormat(header, 'rec.hea').format, 'wfdb');
    assert.equal(detectFormat(new Uint8Array([1, 2, 3, 4]), 'rec.dat').format, 'wfdb');
  });
});

describe('readWfdb: truncated, corrupt and empty input → FormatError', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const isFormatError = (e: unknown): boolean => e instanceof FormatError && e.format === 'wfdb';
  const dat16 = new Uint8Array(16);

  const cases: [string, Uint8Array, Record<string, Uint8Array>][] = [
    ['empty header', new Uint8Array(0), {}],
    ['only comments', enc('# nothing here\n'), {}],
    ['record line without signal count', enc('rec\n'), {}],
    ['bad sampling frequency', enc('rec 1 abc 4\nrec.dat 16\n'), { 'rec.dat': dat16 }],
    ['fewer signal lines than declared', enc('rec 2 250 4\nrec.dat 16\n'), { 'rec.dat': dat16 }],
    ['bad format field', enc('rec 1 250 4\nrec.dat 16q\n'), { 'rec.dat': dat16 }],
    ['unsupported format', enc('rec 1 250 4\nrec.dat 999\n'), { 'rec.dat': dat16 }],
    ['missing signal file', enc('rec 1 250 4\nrec.dat 16\n'), {}],
    ['truncated signal file', enc('rec 2 250 8\nrec.dat 16\nrec.dat 16\n'), { 'rec.dat': dat16.subarray(0, 30 - 15) }],
    ['header declares 10^12 samples', enc('rec 1 250 1000000000000\nrec.dat 16\n'), { 'rec.dat': dat16 }],
    ['byte offset beyond the file', enc('rec 1 250\nrec.dat 16+1000\n'), { 'rec.dat': dat16 }],
    ['mixed formats in one file', enc('rec 2 250 4\nrec.dat 16\nrec.dat 212\n'), { 'rec.dat': dat16 }],
    ['multi-segment with only a null segment', enc('rec/1 1 250 1000000000000\n~ 1000000000000\n'), {}],
    [
      'variable-layout multi-segment with a 10^12-sample null segment',
      enc('rec/2 1 250 1000000000000\nlay 0\n~ 1000000000000\n'),
      { 'lay.hea': enc('lay 1 250 0\n~ 0 200/mV 12 0 0 0 0 II\n') },
    ],
    ['multi-segment with missing segment header', enc('rec/1 1 250 4\nseg1 4\n'), {}],
    ['non-integer ADC zero', enc('rec 1 250 4\nrec.dat 16 200 16 x\n'), { 'rec.dat': dat16 }],
    ['binary garbage as header', new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x02]), {}],
  ];
  for (const [what, bytes, files] of cases) {
    test(`readWfdb: ${what}`, () => {
      assert.throws(() => readWfdb(bytes, memoryContext('rec.hea', files)), isFormatError);
    });
  }

  test('readWfdb: FLAC signal files that are truncated, corrupt or disagree with the header', () => {
    // A project golden file (test/golden/flac): 1 channel, 16 bits, 2000 samples.
    const flac = new Uint8Array(readFileSync(join(__dirname, '..', '..', 'golden', 'flac', 'mono16-lpc.flac')));
    const read = (hea: string, dat: Uint8Array): unknown => readWfdb(enc(hea), memoryContext('rec.hea', { 'rec.dat': dat }));
    const r = read('rec 1 360 2000\nrec.dat 516 200 16 0 0 0 0 I\n', flac) as ReturnType<typeof readWfdb>;
    assert.equal(r.samplesPerLead, 2000);
    const reason = (hea: string, dat: Uint8Array): string => {
      try {
        read(hea, dat);
      } catch (e) {
        assert.ok(isFormatError(e), String(e));
        return (e as FormatError).reason;
      }
      return assert.fail('no FormatError');
    };
    assert.match(reason('rec 1 360 2000\nrec.dat 516\n', flac.subarray(0, 1500)), /truncated/);
    assert.match(reason('rec 1 360 2001\nrec.dat 516\n', flac), /holds 2000 frames, the header declares 2001/);
    assert.match(reason('rec 1 360 1000\nrec.dat 516+1001\n', flac), /holds 999 frames/);
    assert.match(reason('rec 1 360 2000\nrec.dat 508\n', flac), /16-bit samples, format 508 allows 8/);
    assert.match(reason('rec 2 360 1000\nrec.dat 516\nrec.dat 516\n', flac), /1 channels, the header assigns it 2 signals/);
    assert.match(reason('rec 2 360 1000\nrec.dat 516x2\nrec.dat 516\n', flac), /different samples per frame/);
    assert.match(reason('rec 1 360 10\nrec.dat 516\n', new Uint8Array(100)), /no "fLaC" marker/);
  });

  test('readWfdb: FLAC groups with skew and with 2 samples per frame map channel samples as libwfdb does', () => {
    const flac = new Uint8Array(readFileSync(join(__dirname, '..', '..', 'golden', 'flac', 'stereo16-joint.flac')));
    const { channels } = decodeFlac(flac);
    const read = (hea: string, options: ReadWfdbOptions): Int32Array[] =>
      readWfdb(enc(hea), memoryContext('rec.hea', { 'rec.dat': flac }), { ...options, keepDigital: true }).leads.map(
        (l) => l.details!['digital'] as Int32Array,
      );
    const skewed = read('rec 2 44100 2560\nrec.dat 516\nrec.dat 516:3\n', {});
    assert.deepEqual(Array.from(skewed[0]!), Array.from(channels[0]!));
    assert.deepEqual(Array.from(skewed[1]!.subarray(0, 2557)), Array.from(channels[1]!.subarray(3)));
    assert.deepEqual(Array.from(skewed[1]!.subarray(2557)), [-32768, -32768, -32768]);
    const twice = read('rec 2 100 1280\nrec.dat 516x2\nrec.dat 516x2\n', { expandFrames: true });
    assert.deepEqual(Array.from(twice[0]!), Array.from(channels[0]!));
    assert.deepEqual(Array.from(twice[1]!), Array.from(channels[1]!));
  });

  test('readWfdb: a .dat input whose header is absent', () => {
    assert.throws(() => readWfdb(dat16, memoryContext('rec.dat', {})), isFormatError);
  });

  test('readWfdb: a sample range outside the record and an unknown channel', () => {
    const files = { 'rec.dat': dat16 };
    const h = enc('rec 1 250 8\nrec.dat 16\n');
    assert.throws(() => readWfdb(h, memoryContext('rec.hea', files), { sampleFrom: 9 }), isFormatError);
    assert.throws(() => readWfdb(h, memoryContext('rec.hea', files), { channels: [1] }), isFormatError);
  });

  test('readWfdb: every truncation of a small valid record gives a FormatError or a valid record', () => {
    const record = emptyRecord({
      format: 'wfdb',
      name: 't',
      samplingRateHz: 100,
      samplesPerLead: 5,
      leads: [0, 1, 2].map((j) => ({ name: `L${j}`, originalName: `L${j}`, unit: 'mV', samples: Float32Array.from([0.1, -0.2, 0.3, 1, j]) })),
    });
    for (const format of [16, 212] as const) {
      const [hea, dat] = writeWfdb(record, 't', { format });
      // 15 samples need 30 bytes in format 16 and 23 in format 212 (the 24th byte only pads the last pair).
      const needed = format === 16 ? 30 : 23;
      for (let cut = 0; cut < needed; cut++) {
        assert.throws(() => readWfdb(hea!.bytes, memoryContext('t.hea', { 't.dat': dat!.bytes.subarray(0, cut) })), isFormatError);
      }
      for (let cut = 0; cut < hea!.bytes.length; cut++) {
        try {
          const r = readWfdb(hea!.bytes.subarray(0, cut), memoryContext('t.hea', { 't.dat': dat!.bytes }));
          assert.deepEqual(validateRecord(r), []);
        } catch (e) {
          assert.ok(isFormatError(e), `cut ${cut}: ${String(e)}`);
        }
      }
    }
  });

  test('readWfdb: the in-memory limit is far above a 24 h three-lead Holter (31 M samples per lead)', () => {
    assert.ok(MAX_OUTPUT_SAMPLES > 3 * 31_104_000);
  });
});
