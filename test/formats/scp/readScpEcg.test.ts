// Tests for the SCP-ECG reader: vendor header values, the aECG twin, synthetic records, corrupt input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { detectFormat } from '../../../src/formats/detect';
import { readHl7Aecg } from '../../../src/formats/hl7aecg';
import { readScpEcg, scpEcgReader } from '../../../src/formats/scp';
import { FormatError } from '../../../src/shared/errors';
import { validateRecord, type EcgRecord } from '../../../src/shared/ecgRecord';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';
import { buildScp, encodeDefaultHuffman, secondDifferences } from './buildScp';

const golden = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'golden', 'scp', name), 'utf8')) as {
    recordBytes: number;
    sections: number[];
    protocolVersion: number;
    acquisitionDate: string;
    acquisitionTime: string;
    deviceModel: string;
    leadCount: number;
    referenceBeatSubtraction: boolean;
    leads: { start: number; end: number; code: number }[];
    rhythm: { avmNv: number; intervalUs: number; difference: number; samplingRateHz: number };
    referenceBeat: { avmNv: number; intervalUs: number };
    section4: { referenceBeatLengthMs: number };
    section7: { pOn: number; pOff: number; qrsOn: number; qrsOff: number; tOff: number; pAxis: number; qrsAxis: number; tAxis: number };
  };

const SCP_NAMES: Record<number, string> = { 1: 'I', 2: 'II', 3: 'V1', 4: 'V2', 5: 'V3', 6: 'V4', 7: 'V5', 8: 'V6', 61: 'III', 62: 'aVR', 63: 'aVL', 64: 'aVF' };

function expectFormatError(fn: () => unknown, what: string): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FormatError, `${what}: expected FormatError, got ${String(err)}`);
    assert.equal(err.format, 'scp-ecg');
    return;
  }
  assert.fail(`${what}: expected a FormatError`);
}

function checkAgainstGolden(record: EcgRecord, g: ReturnType<typeof golden>): void {
  assert.deepEqual(validateRecord(record), []);
  assert.equal(record.leads.length, g.leadCount);
  assert.deepEqual(record.leads.map((l) => l.name), g.leads.map((l) => SCP_NAMES[l.code]));
  assert.equal(record.samplesPerLead, (g.leads[0] as { end: number }).end - (g.leads[0] as { start: number }).start + 1);
  assertClose(record.samplingRateHz, g.rhythm.samplingRateHz, { rtol: 1e-12 });
  assert.equal(record.metadata.rhythmAvmNv, g.rhythm.avmNv);
  assert.equal(record.metadata.rhythmDifferenceEncoding, g.rhythm.difference);
  assert.equal(record.metadata.referenceBeatSubtraction, g.referenceBeatSubtraction);
  assert.deepEqual(record.metadata.scpSections, g.sections);
  assert.equal(record.metadata.scpProtocolVersion, g.protocolVersion);
  assert.equal(record.acquisition.startTime, `${g.acquisitionDate}T${g.acquisitionTime}`);
  assert.equal(record.acquisition.device, g.deviceModel);
  const beats = record.representativeBeats;
  assert.ok(beats);
  assert.equal(beats.samplesPerLead, Math.round((g.section4.referenceBeatLengthMs * 1000) / g.referenceBeat.intervalUs));
  const m = record.metadata.deviceMeasurements as Record<string, number>;
  const s7 = g.section7;
  assert.equal(m.prMs, s7.qrsOn - s7.pOn);
  assert.equal(m.qrsMs, s7.qrsOff - s7.qrsOn);
  assert.equal(m.qtMs, s7.tOff - s7.qrsOn);
  assert.equal(m.pAxisDeg, s7.pAxis);
  assert.equal(m.qrsAxisDeg, s7.qrsAxis);
  assert.equal(m.tAxisDeg, s7.tAxis);
  // Every sample decodes (no NaN) and every value is a multiple of the AVM.
  for (const lead of record.leads) {
    for (let k = 0; k < lead.samples.length; k += 7) {
      const nv = (lead.samples[k] as number) * 1000;
      assert.ok(Number.isFinite(nv), `${lead.name}[${k}] is not finite`);
      assertClose(nv / g.rhythm.avmNv, Math.round(nv / g.rhythm.avmNv), { atol: 1e-3 });
    }
  }
}

describe('readScpEcg: real files', () => {
  test('readScpEcg: Example.scp matches its declared header values (section 1/3/5/6/7)', { skip: skipWithoutSharedData('scp-ecg/Example.scp') }, () => {
    const record = readScpEcg(readShared('scp-ecg', 'Example.scp'), { fileName: 'Example.scp' });
    checkAgainstGolden(record, golden('example.json'));
    assert.deepEqual(record.warnings, []);
    assert.equal(record.patient.id, 'SBJ-123');
    assert.equal(record.metadata.huffman, 'default');
  });

  test('readScpEcg: Example.scp equals the same ECG in HL7 aECG sample by sample (rhythm and reference beat)', { skip: skipWithoutSharedData('hl7-aecg/Example_aECG.xml') }, () => {
    const scp = readScpEcg(readShared('scp-ecg', 'Example.scp'), { fileName: 'Example.scp' });
    const aecg = readHl7Aecg(readShared('hl7-aecg', 'Example_aECG.xml'), { fileName: 'Example_aECG.xml' });
    assert.equal(scp.samplingRateHz, aecg.samplingRateHz);
    assert.equal(scp.samplesPerLead, aecg.samplesPerLead);
    // Best lag over ±3 samples must be 0 and the difference within half the coarser step (2.5 µV both).
    let best = { lag: 99, maxAbsUv: Infinity };
    for (let lag = -3; lag <= 3; lag++) {
      let maxAbsUv = 0;
      for (const a of aecg.leads) {
        const s = scp.leads.find((l) => l.name === a.name);
        assert.ok(s, `SCP lacks lead ${a.name}`);
        for (let k = 3; k < a.samples.length - 3; k++) maxAbsUv = Math.max(maxAbsUv, Math.abs((a.samples[k] as number) - (s.samples[k + lag] as number)));
      }
      if (maxAbsUv < best.maxAbsUv) best = { lag, maxAbsUv };
    }
    assert.equal(best.lag, 0);
    assert.ok(best.maxAbsUv <= 1.25, `max |SCP − aECG| = ${best.maxAbsUv} µV`);
    for (const a of aecg.leads) assertAllClose(scp.leads.find((l) => l.name === a.name)!.samples, a.samples, { atol: 1.25 }, a.name);
    const beatA = aecg.representativeBeats!;
    const beatS = scp.representativeBeats!;
    assert.equal(beatS.samplesPerLead, beatA.samplesPerLead);
    for (const a of beatA.leads) assertAllClose(beatS.leads.find((l) => l.name === a.name)!.samples, a.samples, { atol: 1.25 }, `beat ${a.name}`);
    // The two files' device measurements agree too (section 7 vs aECG annotations).
    const ms = scp.metadata.deviceMeasurements as Record<string, number>;
    const ma = aecg.metadata.deviceMeasurements as Record<string, number>;
    for (const key of ['pDurationMs', 'prMs', 'qrsMs', 'qtMs', 'qtcMs', 'pAxisDeg', 'qrsAxisDeg', 'tAxisDeg']) assert.equal(ms[key], ma[key], key);
  });

  test('readScpEcg: Welch Allyn CardioControl export (8 leads, 1667 µs, first differences, statements)', { skip: skipWithoutSharedData('scp-ecg/ECG_20170504_163507_123456789.SCP') }, () => {
    const record = readScpEcg(readShared('scp-ecg', 'ECG_20170504_163507_123456789.SCP'), { fileName: 'ECG_20170504_163507_123456789.SCP' });
    checkAgainstGolden(record, golden('welch_allyn.json'));
    assert.deepEqual(record.warnings, []);
    assert.equal(record.patient.name, 'test test');
    assert.ok((record.metadata.deviceStatements as string[]).length >= 1);
    // The reference beat must look like the rhythm's beats: best normalised correlation on lead II > 0.9.
    const ii = record.leads[1]!.samples;
    const beat = record.representativeBeats!.leads[1]!.samples;
    const mean = (a: Float32Array, o: number, n: number) => { let s = 0; for (let i = 0; i < n; i++) s += a[o + i] as number; return s / n; };
    const mb = mean(beat, 0, beat.length);
    let best = 0;
    for (let o = 0; o + beat.length <= ii.length; o += 2) {
      const mr = mean(ii, o, beat.length);
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < beat.length; i++) {
        const x = (beat[i] as number) - mb;
        const y = (ii[o + i] as number) - mr;
        sxy += x * y; sxx += x * x; syy += y * y;
      }
      best = Math.max(best, sxy / Math.sqrt(sxx * syy));
    }
    assert.ok(best > 0.9, `best correlation ${best}`);
  });

  test('readScpEcg: anonymize leaves out name, id and birth date but keeps sex', { skip: skipWithoutSharedData('scp-ecg/ECG_20170504_163507_123456789.SCP') }, () => {
    const record = readScpEcg(readShared('scp-ecg', 'ECG_20170504_163507_123456789.SCP'), { fileName: 'x.scp', anonymize: true });
    assert.equal(record.patient.name, undefined);
    assert.equal(record.patient.id, undefined);
    assert.equal(record.patient.birthDate, undefined);
    assert.equal(record.patient.sex, 'M');
  });

  test('readScpEcg: the non-compliant Healforce export gives a clear FormatError', { skip: skipWithoutSharedData('scp-ecg/healforce_62.SCP') }, () => {
    const bytes = readShared('scp-ecg', 'healforce_62.SCP');
    expectFormatError(() => readScpEcg(bytes, { fileName: 'healforce_62.SCP' }), 'healforce');
    assert.throws(() => readScpEcg(bytes, { fileName: 'healforce_62.SCP' }), /declares 1928331264 bytes/);
  });

  test('readScpEcg: sniff recognises SCP records and rejects XML', { skip: skipWithoutSharedData('scp-ecg/Example.scp') }, () => {
    assert.ok(scpEcgReader.sniff(readShared('scp-ecg', 'Example.scp'), 'Example.scp') >= 0.9);
    assert.equal(detectFormat(readShared('scp-ecg', 'Example.scp'), 'Example.scp').format, 'scp-ecg');
    assert.equal(scpEcgReader.sniff(new TextEncoder().encode('<?xml version="1.0"?><a/>'), 'a.xml'), 0);
  });
});

describe('readScpEcg: corrupt copies of Example.scp', () => {
  const skip = skipWithoutSharedData('scp-ecg/Example.scp');

  test('readScpEcg: truncated at many points → FormatError, never a crash', { skip }, () => {
    const bytes = readShared('scp-ecg', 'Example.scp');
    for (const cut of [0, 1, 5, 6, 21, 100, 142, 400, 3818, 3900, 20000, 33902, bytes.length - 1]) {
      expectFormatError(() => readScpEcg(bytes.slice(0, cut), { fileName: 'cut.scp' }), `cut at ${cut}`);
    }
    // Cut inside the rhythm data with the record length rewritten to match: section 6 is lost.
    for (const cut of [3900, 20000, 33000]) {
      const copy = bytes.slice(0, cut);
      new DataView(copy.buffer).setUint32(2, cut, true);
      expectFormatError(() => readScpEcg(copy, { fileName: 'cut.scp' }), `cut at ${cut} with patched length`);
    }
  });

  test('readScpEcg: bit flips → FormatError or a record that warns (CRC), never a crash', { skip }, () => {
    const bytes = readShared('scp-ecg', 'Example.scp');
    let flagged = 0;
    for (let i = 0; i < 60; i++) {
      const copy = bytes.slice();
      const pos = (i * 7919 + 13) % copy.length;
      copy[pos] = (copy[pos] as number) ^ (1 << (i % 8));
      try {
        const r = readScpEcg(copy, { fileName: 'flip.scp' });
        assert.ok(r.warnings.some((w) => /CRC/.test(w)), `flip at ${pos} went unnoticed`);
        flagged++;
      } catch (err) {
        assert.ok(err instanceof FormatError, `flip at ${pos}: ${String(err)}`);
      }
    }
    assert.ok(flagged > 0);
  });

  test('readScpEcg: wrong lengths (record, section 6 byte counts, lead sample range) → FormatError', { skip }, () => {
    const bytes = readShared('scp-ecg', 'Example.scp');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const bigRecord = bytes.slice();
    new DataView(bigRecord.buffer).setUint32(2, bytes.length + 10, true);
    expectFormatError(() => readScpEcg(bigRecord, { fileName: 'a.scp' }), 'record length');
    // Section 6 starts at byte 3818 (index 3819): its first per-lead byte count at body offset 6.
    assert.equal(view.getUint16(3818 + 2, true), 6);
    const bigCount = bytes.slice();
    new DataView(bigCount.buffer).setUint16(3818 + 16 + 6, 60000, true);
    expectFormatError(() => readScpEcg(bigCount, { fileName: 'a.scp' }), 'byte count');
    // Section 3 at byte 328: lead 1 end sample → 4 000 000 (cannot fit the data).
    const longLead = bytes.slice();
    new DataView(longLead.buffer).setUint32(328 + 16 + 2 + 4, 4_000_000, true);
    expectFormatError(() => readScpEcg(longLead, { fileName: 'a.scp' }), 'lead length');
  });

  test('readScpEcg: empty input → FormatError', () => {
    expectFormatError(() => readScpEcg(new Uint8Array(0), { fileName: 'e.scp' }), 'empty');
  });
});

describe('readScpEcg: synthetic records', () => {
  const n = 400;
  const lead = (k: number, phase: number) => Math.round(200 * Math.sin((2 * Math.PI * (k + phase)) / 97) + 30 * Math.cos(k / 13));

  test('readScpEcg: raw 16-bit data without section 2, first differences', () => {
    const x = Array.from({ length: n }, (_, k) => lead(k, 0));
    const diffs = x.map((v, i) => (i === 0 ? v : v - (x[i - 1] as number)));
    const raw = new Uint8Array(n * 2);
    diffs.forEach((d, i) => new DataView(raw.buffer).setInt16(i * 2, d, true));
    const bytes = buildScp({ leads: [{ code: 2, start: 1, end: n }], huffman: 'none', rhythm: { avmNv: 5000, intervalUs: 4000, difference: 1, perLead: [raw] } });
    const r = readScpEcg(bytes, { fileName: 'raw.scp' });
    assert.deepEqual(r.warnings, []);
    assert.equal(r.samplingRateHz, 250);
    assert.equal(r.leads[0]!.name, 'II');
    assertAllClose(r.leads[0]!.samples, x.map((v) => v * 5), { atol: 1e-6 });
  });

  test('readScpEcg: Huffman data longer than the declared samples, or shorter, are named in warnings', () => {
    const x = Array.from({ length: 100 }, (_, k) => lead(k, 1));
    const encoded = encodeDefaultHuffman(x);
    const longer = Uint8Array.from([...encoded, ...new Uint8Array(10).fill(0xff)]);
    const r = readScpEcg(buildScp({ leads: [{ code: 1, start: 1, end: 100 }], huffman: 'default', rhythm: { avmNv: 1000, intervalUs: 2000, difference: 0, perLead: [longer] } }), { fileName: 'l.scp' });
    assert.ok(r.warnings.some((w) => /bytes left after the declared 100 samples/.test(w)), r.warnings.join('; '));
    assertAllClose(r.leads[0]!.samples, x, { atol: 1e-6 });
    const shorter = encodeDefaultHuffman(x.slice(0, 40).map((v) => (v === 0 ? 1 : v)));
    const r2 = readScpEcg(buildScp({ leads: [{ code: 1, start: 1, end: 100 }], huffman: 'default', rhythm: { avmNv: 1000, intervalUs: 2000, difference: 0, perLead: [shorter] } }), { fileName: 's.scp' });
    assert.ok(r2.warnings.some((w) => /data end after \d+ of 100 samples/.test(w)), r2.warnings.join('; '));
    assert.ok(Number.isNaN(r2.leads[0]!.samples[99] as number));
  });

  test('readScpEcg: reference-beat subtraction is undone inside the subtraction zones', () => {
    const refLen = 50;
    const refFid = 20;
    const ref = [Array.from({ length: refLen }, (_, i) => Math.round(300 * Math.exp(-((i - refFid + 1) ** 2) / 20)))];
    const beats = [100, 250].map((f) => ({ type: 0, start: f - 15, fiducial: f, end: f + 25 }));
    beats.push({ type: 1, start: 330, fiducial: 340, end: 360 });
    const full = Array.from({ length: n }, (_, k) => lead(k, 3));
    const residual = full.slice();
    for (const b of beats.filter((b) => b.type === 0)) {
      for (let s = b.start; s <= b.end; s++) residual[s - 1] = (residual[s - 1] as number) - (ref[0]![s - b.fiducial + refFid - 1] as number);
    }
    const bytes = buildScp({
      leads: [{ code: 1, start: 1, end: n }],
      flags: 1 | 4 | (1 << 3),
      huffman: 'default',
      qrs: { refBeatLengthMs: refLen * 2, refFiducial: refFid, beats },
      reference: { avmNv: 1000, intervalUs: 2000, difference: 2, perLead: [encodeDefaultHuffman(secondDifferences(ref[0]!))] },
      rhythm: { avmNv: 1000, intervalUs: 2000, difference: 2, perLead: [encodeDefaultHuffman(secondDifferences(residual))] },
    });
    const r = readScpEcg(bytes, { fileName: 'sub.scp' });
    assert.deepEqual(r.warnings, []);
    assertAllClose(r.leads[0]!.samples, full, { atol: 1e-6 });
    assert.equal(r.representativeBeats?.samplesPerLead, refLen);
    assertAllClose(r.representativeBeats!.leads[0]!.samples, ref[0]!, { atol: 1e-6 });
    assert.deepEqual(r.annotations.map((a) => [a.sampleIdx, a.subtype]), [[99, 0], [249, 0], [339, 1]]);
  });

  test('readScpEcg: bimodal compression (rate 4) is undone: protected zones exact, a linear ramp exact elsewhere', () => {
    const rate = 4;
    const zones = [{ start: 101, end: 140 }, { start: 261, end: 300 }];
    const full = Array.from({ length: n }, (_, k) => 2 * k - 500);
    for (const z of zones) for (let s = z.start; s <= z.end; s++) full[s - 1] = (s % 7) * 40;
    const stored: number[] = [];
    for (let t = 1; t <= n; ) {
      const zone = zones.find((z) => t >= z.start && t <= z.end);
      if (zone) { stored.push(full[t - 1] as number); t++; continue; }
      let len = 1;
      while (len < rate && t + len <= n && !zones.some((z) => t + len >= z.start && t + len <= z.end)) len++;
      let sum = 0;
      for (let i = 0; i < len; i++) sum += full[t - 1 + i] as number;
      stored.push(sum / len);
      t += len;
    }
    assert.ok(stored.every((v) => Number.isInteger(v)));
    const bytes = buildScp({
      leads: [{ code: 3, start: 1, end: n }],
      huffman: 'default',
      qrs: { refBeatLengthMs: 20, refFiducial: 5, beats: zones.map((z) => ({ type: 1, start: z.start, fiducial: z.start + 10, end: z.end })), protectedZones: zones },
      reference: { avmNv: 1000, intervalUs: 1000, difference: 0, perLead: [encodeDefaultHuffman(new Array(20).fill(0))] },
      rhythm: { avmNv: 1000, intervalUs: 4000, difference: 0, bimodal: true, perLead: [encodeDefaultHuffman(stored)] },
    });
    const r = readScpEcg(bytes, { fileName: 'bimodal.scp' });
    assert.equal(r.samplingRateHz, 1000);
    assert.equal(r.samplesPerLead, n);
    const got = r.leads[0]!.samples;
    for (const z of zones) for (let s = z.start; s <= z.end; s++) assertClose(got[s - 1] as number, full[s - 1] as number, { atol: 1e-6 }, `protected ${s}`);
    // Away from zone edges and record ends the ramp is rebuilt exactly by linear interpolation.
    for (const k of [10, 50, 90, 160, 200, 240, 320, 380]) assertClose(got[k] as number, full[k] as number, { atol: 1e-3 }, `ramp ${k}`);
  });
});
