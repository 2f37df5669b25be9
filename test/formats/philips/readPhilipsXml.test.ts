// Tests for the Philips Sierra XML reader: golden header values and XLI decode, lead physics, corrupt input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { detectFormat } from '../../../src/formats/detect';
import { philipsXmlReader, readPhilipsXml, reconstructPhilipsLimbLeads } from '../../../src/formats/philips';
import { validateRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { assertAllClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';
import { encodeXli, toBase64 } from './encodeXli';

interface Golden {
  documentVersion: string;
  samplingRateHz: number;
  resolutionUv: number;
  samplesPerLead: number;
  leads: string[];
  compression: string;
  acquisition: { date: string; time: string; machine: string };
  deviceMeasurements: Record<string, number | null>;
  statementCount: number;
  xliChunkCount: number;
  repbeats: { samplingRateHz: number; resolutionUv: number; leads: { lead: string; validCount: number; sumDigital: number }[] } | null;
  waveforms: { lead: string; storedCount: number; sumDigital: number; strided: { stride: number; digital: number[] } }[];
}

const FILES = [
  ['129DYPRG.XML', '129DYPRG.json'],
  ['3191723_ZZDEMOPTONLY_1-04_orig.xml', '3191723_ZZDEMOPTONLY_1-04_orig.json'],
  ['2020-5-18_15-48-11.xml', '2020-5-18_15-48-11.json'],
] as const;

/** The device appends a 1 mV calibration pulse from sample 5350; lead physics holds before it. */
const CALIBRATION_START = 5350;

function expectFormatError(fn: () => unknown, what: string): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FormatError, `${what}: expected FormatError, got ${String(err)}`);
    assert.equal(err.format, 'philips-xml');
    return;
  }
  assert.fail(`${what}: expected a FormatError`);
}

describe('readPhilipsXml: real files', () => {
  for (const [file, goldenName] of FILES) {
    const skip = skipWithoutSharedData(`philips-sierra-xml/${file}`);
    test(`readPhilipsXml: ${file} matches the Python header values and XLI decode`, { skip }, () => {
      const g = JSON.parse(readFileSync(join(__dirname, '..', '..', 'golden', 'philips', goldenName), 'utf8')) as Golden;
      const r = readPhilipsXml(readShared('philips-sierra-xml', file), { fileName: file });
      assert.deepEqual(validateRecord(r), []);
      assert.deepEqual(r.warnings, []);
      assert.equal(detectFormat(readShared('philips-sierra-xml', file), file).format, 'philips-xml');
      assert.equal(r.metadata.documentVersion, g.documentVersion);
      assert.equal(r.samplingRateHz, g.samplingRateHz);
      assert.equal(r.metadata.resolutionUv, g.resolutionUv);
      assert.equal(r.samplesPerLead, g.samplesPerLead);
      assert.deepEqual(r.leads.map((l) => l.name), g.leads);
      assert.equal(r.metadata.compression, g.compression);
      assert.equal(r.metadata.xliChunkCount, g.xliChunkCount);
      assert.equal(r.acquisition.startTime, `${g.acquisition.date}T${g.acquisition.time}`);
      assert.equal(r.acquisition.device, g.acquisition.machine);
      const expected = Object.fromEntries(Object.entries(g.deviceMeasurements).filter(([, v]) => v !== null));
      const m = r.metadata.deviceMeasurements as Record<string, number>;
      for (const [key, value] of Object.entries(expected)) assert.equal(m[key], value, key);
      assert.equal((r.metadata.deviceStatements as string[]).length, g.statementCount);
      if (g.repbeats === null) assert.equal(r.representativeBeats, undefined);
      else {
        const beats = r.representativeBeats!;
        assert.equal(beats.samplingRateHz, g.repbeats.samplingRateHz);
        for (const [i, gl] of g.repbeats.leads.entries()) {
          const lead = beats.leads[i]!;
          assert.equal(lead.name, gl.lead);
          const valid = Array.from(lead.samples).filter((v) => !Number.isNaN(v));
          assert.equal(valid.length, gl.validCount);
          assert.ok(Math.abs(valid.reduce((a, v) => a + v, 0) / g.repbeats.resolutionUv - gl.sumDigital) < 1e-6, `beat ${gl.lead}`);
        }
      }
      for (const [i, w] of g.waveforms.entries()) {
        const lead = r.leads[i]!;
        assert.equal(lead.unit, 'uV');
        assert.equal(lead.details?.storedSamples, w.storedCount);
        let sum = 0;
        for (const v of lead.samples) sum += v / g.resolutionUv;
        assert.ok(Math.abs(sum - w.sumDigital) < 1e-6, `${w.lead} sum ${sum} vs ${w.sumDigital}`);
        const strided = w.strided.digital.map((_, k) => (lead.samples[k * w.strided.stride] as number) / g.resolutionUv);
        assertAllClose(strided, w.strided.digital, { atol: 1e-9 }, w.lead);
      }
    });

    test(`readPhilipsXml: ${file} limb leads obey Einthoven (|I+III−II| ≤ 10 µV) and aVR+aVL+aVF ≈ 0 (≤ 15 µV)`, { skip }, () => {
      const r = readPhilipsXml(readShared('philips-sierra-xml', file), { fileName: file });
      const [i, ii, iii, avr, avl, avf] = r.leads.map((l) => l.samples);
      let einthoven = 0;
      let goldberger = 0;
      for (let k = 0; k < CALIBRATION_START; k++) {
        einthoven = Math.max(einthoven, Math.abs(i![k]! + iii![k]! - ii![k]!));
        goldberger = Math.max(goldberger, Math.abs(avr![k]! + avl![k]! + avf![k]!));
      }
      assert.ok(einthoven <= 10, `Einthoven residual ${einthoven} µV`);
      assert.ok(goldberger <= 15, `Goldberger residual ${goldberger} µV`);
      // Amplitudes are physiological (< 5 mV).
      for (const lead of r.leads) for (let k = 0; k < CALIBRATION_START; k++) assert.ok(Math.abs(lead.samples[k]!) < 5000, lead.name);
    });
  }

  const skip = skipWithoutSharedData('philips-sierra-xml/3191723_ZZDEMOPTONLY_1-04_orig.xml');
  test('readPhilipsXml: UTF-16 1.04 patient fields, anonymize keeps sex only', { skip }, () => {
    const bytes = readShared('philips-sierra-xml', '3191723_ZZDEMOPTONLY_1-04_orig.xml');
    const r = readPhilipsXml(bytes, { fileName: 'x.xml' });
    assert.deepEqual(r.patient, { sex: 'M', id: '9999', name: 'ADULT ZZDEMOPTONLY', birthDate: '1950-01-01' });
    const anon = readPhilipsXml(bytes, { fileName: 'x.xml', anonymize: true });
    assert.deepEqual(anon.patient, { sex: 'M' });
    assert.equal(anon.filters.highPassHz, 0.05);
    assert.equal(anon.filters.lowPassHz, 150);
    assert.ok(philipsXmlReader.sniff(bytes, 'x.xml') >= 0.9);
  });

  test('readPhilipsXml: truncated copies → FormatError; bit flips → FormatError or a valid record', { skip }, () => {
    const bytes = readShared('philips-sierra-xml', '3191723_ZZDEMOPTONLY_1-04_orig.xml');
    for (const cut of [0, 1, 3, 1000, 50001, 120000, 200000, bytes.length - 20]) {
      expectFormatError(() => readPhilipsXml(bytes.slice(0, cut), { fileName: 'cut.xml' }), `cut at ${cut}`);
    }
    for (let n = 0; n < 12; n++) {
      const copy = bytes.slice();
      const pos = (n * 19997 + 101) % copy.length;
      copy[pos] = (copy[pos] as number) ^ (1 << (n % 7));
      try {
        assert.deepEqual(validateRecord(readPhilipsXml(copy, { fileName: 'flip.xml' })), []);
      } catch (err) {
        assert.ok(err instanceof FormatError, `flip at ${pos}: ${String(err)}`);
      }
    }
  });
});

/** A minimal 1.04-style document around the given parsedwaveforms element. */
function doc(waveforms: string): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="utf-8"?>
<restingecgdata xmlns="http://www3.medical.philips.com">
  <documentinfo><documenttype>PhilipsECG</documenttype><documentversion>1.04</documentversion></documentinfo>
  <dataacquisition date="2024-03-04" time="05:06:07"><machine>TestCart</machine>
    <signalcharacteristics><samplingrate>500</samplingrate><resolution>5</resolution><acquisitiontype>STD-12</acquisitiontype></signalcharacteristics>
  </dataacquisition>
  <patient><generalpatientdata><sex>Female</sex><age><years>61</years></age></generalpatientdata></patient>
  <waveforms>${waveforms}</waveforms>
</restingecgdata>`);
}

describe('readPhilipsXml: synthetic documents', () => {
  const n = 50;
  const leadI = Array.from({ length: n }, (_, k) => Math.round(100 * Math.sin(k / 5)));
  const leadII = Array.from({ length: n }, (_, k) => Math.round(150 * Math.cos(k / 7)));

  test('readPhilipsXml: XLI with stored residuals rebuilds III, aVR, aVL, aVF from I and II', () => {
    const zero = new Array(n).fill(0);
    const chest = Array.from({ length: 6 }, (_, c) => leadI.map((v) => v + c));
    const b64 = toBase64(encodeXli([leadI, leadII, zero, zero, zero, zero, ...chest]));
    const r = readPhilipsXml(doc(`<parsedwaveforms dataencoding="Base64" compression="XLI" numberofleads="12" leadlabels="I II III aVR aVL aVF V1 V2 V3 V4 V5 V6" durationperchannel="100" samplespersecond="500" resolution="5">${b64}</parsedwaveforms>`), { fileName: 's.xml' });
    assert.equal(r.samplesPerLead, n);
    const get = (name: string) => Array.from(r.leads.find((l) => l.name === name)!.samples, (v) => v / 5);
    assert.deepEqual(get('I'), leadI);
    assert.deepEqual(get('III'), leadII.map((v, k) => v - leadI[k]!));
    assert.deepEqual(get('aVR'), leadI.map((v, k) => -Math.floor((v + leadII[k]!) / 2)));
    assert.deepEqual(get('V6'), leadI.map((v) => v + 5));
    assert.deepEqual(r.patient, { sex: 'F', ageYears: 61 });
    assert.equal(r.acquisition.startTime, '2024-03-04T05:06:07');
  });

  test('readPhilipsXml: uncompressed 16-bit waveforms are read lead after lead', () => {
    const raw = new Uint8Array(2 * n * 2);
    const view = new DataView(raw.buffer);
    leadI.forEach((v, k) => view.setInt16(k * 2, v, true));
    leadII.forEach((v, k) => view.setInt16((n + k) * 2, v, true));
    const r = readPhilipsXml(doc(`<parsedwaveforms dataencoding="Base64" compression="Uncompressed" numberofleads="2" leadlabels="V1 V2" durationperchannel="100" samplespersecond="500" resolution="2.5">${toBase64(raw)}</parsedwaveforms>`), { fileName: 's.xml' });
    assertAllClose(r.leads[0]!.samples, leadI.map((v) => v * 2.5), { atol: 1e-6 });
    assertAllClose(r.leads[1]!.samples, leadII.map((v) => v * 2.5), { atol: 1e-6 });
  });

  test('readPhilipsXml: missing or unsupported pieces → FormatError', () => {
    const wf = (attrs: string, body = 'AAAA') => doc(`<parsedwaveforms ${attrs}>${body}</parsedwaveforms>`);
    expectFormatError(() => readPhilipsXml(doc(''), { fileName: 's.xml' }), 'no waveforms');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Base64" compression="XLI" numberofleads="2" samplespersecond="500" resolution="5"'), { fileName: 's.xml' }), 'no duration');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Hex" numberofleads="2" durationperchannel="100"'), { fileName: 's.xml' }), 'hex');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Base64" compression="ZIP" numberofleads="2" durationperchannel="100"'), { fileName: 's.xml' }), 'zip');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Base64" compression="Uncompressed" numberofleads="2" durationperchannel="100"'), { fileName: 's.xml' }), 'short raw');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Base64" compression="XLI" numberofleads="2" durationperchannel="100"', '!!!'), { fileName: 's.xml' }), 'bad base64');
    expectFormatError(() => readPhilipsXml(wf('dataencoding="Base64" compression="XLI" numberofleads="2" durationperchannel="100"', toBase64(Uint8Array.from([9, 0, 0, 0, 0, 0, 0, 0, 1]))), { fileName: 's.xml' }), 'bad XLI');
    expectFormatError(() => readPhilipsXml(new TextEncoder().encode('<AnnotatedECG/>'), { fileName: 's.xml' }), 'wrong root');
    expectFormatError(() => readPhilipsXml(new Uint8Array(0), { fileName: 's.xml' }), 'empty');
  });

  test('reconstructPhilipsLimbLeads: zero residuals give III = II − I and aVF = ⌊(II+III)/2⌋', () => {
    const leads = [Int16Array.of(10, -3), Int16Array.of(30, 7), Int16Array.of(0, 0), Int16Array.of(0, 0), Int16Array.of(0, 0), Int16Array.of(0, 0)];
    reconstructPhilipsLimbLeads(leads);
    assert.deepEqual(Array.from(leads[2]!), [20, 10]);
    assert.deepEqual(Array.from(leads[5]!), [25, 8]);
  });
});
