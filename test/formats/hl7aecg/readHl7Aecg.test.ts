// Tests for the HL7 aECG reader: golden decode of the HL7 example, metadata, synthetic documents, corrupt input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { detectFormat } from '../../../src/formats/detect';
import { hl7AecgReader, readHl7Aecg } from '../../../src/formats/hl7aecg';
import { validateRecord } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

interface GoldenSeries {
  samplingRateHz: number;
  leads: { code: string; unit: string; count: number; sumUv: number; minUv: number; maxUv: number; strided: { stride: number; valuesUv: number[] } }[];
}
const golden = JSON.parse(readFileSync(join(__dirname, '..', '..', 'golden', 'hl7aecg', 'example_aecg.json'), 'utf8')) as {
  rhythm: GoldenSeries;
  representativeBeat: GoldenSeries;
};

function expectFormatError(fn: () => unknown, what: string): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FormatError, `${what}: expected FormatError, got ${String(err)}`);
    assert.equal(err.format, 'hl7-aecg');
    return;
  }
  assert.fail(`${what}: expected a FormatError`);
}

function compareSeries(leads: { originalName: string; unit: string; samples: Float32Array }[], rateHz: number, g: GoldenSeries, what: string): void {
  assert.equal(rateHz, g.samplingRateHz, `${what} rate`);
  assert.deepEqual(leads.map((l) => l.originalName), g.leads.map((l) => l.code));
  for (const [i, gl] of g.leads.entries()) {
    const lead = leads[i]!;
    assert.equal(lead.unit, 'uV');
    assert.equal(lead.samples.length, gl.count);
    let sum = 0;
    for (const v of lead.samples) sum += v;
    assertClose(sum, gl.sumUv, { atol: 1e-3 }, `${what} ${gl.code} sum`);
    assertClose(Math.min(...lead.samples), gl.minUv, { atol: 1e-6 });
    assertClose(Math.max(...lead.samples), gl.maxUv, { atol: 1e-6 });
    const strided = Array.from({ length: gl.strided.valuesUv.length }, (_, k) => lead.samples[k * gl.strided.stride] as number);
    assertAllClose(strided, gl.strided.valuesUv, { atol: 1e-6 }, `${what} ${gl.code}`);
  }
}

const skip = skipWithoutSharedData('hl7-aecg/Example_aECG.xml');

describe('readHl7Aecg: the HL7 example file', () => {
  test('readHl7Aecg: rhythm and representative beat equal the Python (xml.etree) decode, digits × scale + origin', { skip }, () => {
    const r = readHl7Aecg(readShared('hl7-aecg', 'Example_aECG.xml'), { fileName: 'Example_aECG.xml' });
    assert.deepEqual(validateRecord(r), []);
    assert.deepEqual(r.warnings, []);
    assert.equal(detectFormat(readShared('hl7-aecg', 'Example_aECG.xml'), 'Example_aECG.xml').format, 'hl7-aecg');
    compareSeries(r.leads, r.samplingRateHz, golden.rhythm, 'rhythm');
    assert.deepEqual(r.leads.map((l) => l.name), ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'aVR', 'aVL', 'aVF']);
    assert.ok(r.representativeBeats);
    compareSeries(r.representativeBeats.leads, r.representativeBeats.samplingRateHz, golden.representativeBeat, 'beat');
  });

  test('readHl7Aecg: patient, device, time, filters and global measurements', { skip }, () => {
    const r = readHl7Aecg(readShared('hl7-aecg', 'Example_aECG.xml'), { fileName: 'Example_aECG.xml' });
    assert.deepEqual(r.patient, { sex: 'M', ageYears: 46, id: 'SBJ-123', name: 'Clark', birthDate: '1953-05-08' });
    assert.equal(r.acquisition.startTime, '2002-11-22T09:10:00');
    assert.equal(r.acquisition.device, 'ELI250');
    assert.equal(r.acquisition.manufacturer, 'Mortara Instrument, Inc.');
    assert.equal(r.filters.lowPassHz, 150);
    assert.equal(r.filters.notchHz, 60);
    assert.deepEqual(r.metadata.deviceMeasurements, { pDurationMs: 102, prMs: 148, qrsMs: 120, qtMs: 420, qtcMs: 443, pAxisDeg: 44, qrsAxisDeg: -61, tAxisDeg: 86 });
  });

  test('readHl7Aecg: wave boundaries become Pon/Poff/QRSon/QRSoff/Toff at the right samples', { skip }, () => {
    const r = readHl7Aecg(readShared('hl7-aecg', 'Example_aECG.xml'), { fileName: 'Example_aECG.xml' });
    const at = (code: string) => r.annotations.filter((a) => a.code === code && a.channel === undefined).map((a) => a.sampleIdx);
    // First beat: P 0.122–0.224 s, QRS 0.270–0.390 s, T offset 0.690 s at 500 Hz.
    assert.equal(at('Pon')[0], 61);
    assert.equal(at('Poff')[0], 112);
    assert.equal(at('QRSon')[0], 135);
    assert.equal(at('QRSoff')[0], 195);
    assert.equal(at('Toff')[0], 345);
    assert.equal(at('QRSon').length, 12);
    // Lead-bound annotations of the human reader: R peaks on lead I (channel 0) at 332 ms, 1120 ms…
    const peaks = r.annotations.filter((a) => a.code === 'Rpeak').map((a) => [a.sampleIdx, a.channel]);
    assert.deepEqual(peaks.slice(0, 2), [[166, 0], [560, 0]]);
    assert.ok(r.annotations.some((a) => a.code === '+' && a.aux === '(SINUS_RHY' && a.durationSamples === 5000));
    const beat = r.metadata.representativeBeatAnnotations as { code: string; sampleIdx: number }[];
    assert.deepEqual(beat.map((a) => `${a.code}@${a.sampleIdx}`), ['Pon@143', 'Poff@194', 'QRSon@217', 'QRSoff@277', 'Toff@427']);
  });

  test('readHl7Aecg: anonymize drops name, id and birth date, keeps sex and age', { skip }, () => {
    const r = readHl7Aecg(readShared('hl7-aecg', 'Example_aECG.xml'), { fileName: 'x.xml', anonymize: true });
    assert.deepEqual(r.patient, { sex: 'M', ageYears: 46 });
  });

  test('readHl7Aecg: the same document re-encoded as UTF-16LE with BOM reads identically', { skip }, () => {
    const text = new TextDecoder().decode(readShared('hl7-aecg', 'Example_aECG.xml')).replace('encoding="utf-8"', 'encoding="UTF-16"');
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16[0] = 0xff;
    utf16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const r = readHl7Aecg(utf16, { fileName: 'x.xml' });
    compareSeries(r.leads, r.samplingRateHz, golden.rhythm, 'utf16');
    assert.ok(hl7AecgReader.sniff(utf16, 'x.xml') >= 0.9);
  });

  test('readHl7Aecg: truncated copies → FormatError at every cut', { skip }, () => {
    const bytes = readShared('hl7-aecg', 'Example_aECG.xml');
    for (const cut of [0, 10, 700, 5000, 100000, 250000, 400000, bytes.length - 10]) {
      expectFormatError(() => readHl7Aecg(bytes.slice(0, cut), { fileName: 'cut.xml' }), `cut at ${cut}`);
    }
  });

  test('readHl7Aecg: bit flips → FormatError or a record, never another error', { skip }, () => {
    const bytes = readShared('hl7-aecg', 'Example_aECG.xml');
    for (let i = 0; i < 12; i++) {
      const copy = bytes.slice();
      const pos = (i * 104729 + 977) % copy.length;
      copy[pos] = (copy[pos] as number) ^ (1 << (i % 7));
      try {
        const r = readHl7Aecg(copy, { fileName: 'flip.xml' });
        assert.deepEqual(validateRecord(r), []);
      } catch (err) {
        assert.ok(err instanceof FormatError, `flip at ${pos}: ${String(err)}`);
      }
    }
  });
});

/** A minimal aECG document with one series. */
function aecg(opts: { head?: string; increment?: string; leads?: string; beat?: string; encoding?: string }): Uint8Array {
  const leads =
    opts.leads ??
    `<component><sequence><code code="MDC_ECG_LEAD_II"/><value xsi:type="SLIST_PQ"><origin value="0.1" unit="mV"/><scale value="0.005" unit="mV"/><digits>0 10 -20 30</digits></value></sequence></component>`;
  const xml = `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>
<AnnotatedECG xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <effectiveTime><center value="20240102030405"/></effectiveTime>
  <component><series><code code="RHYTHM"/>
    <component><sequenceSet>
      ${opts.head ?? '<component><sequence><code code="TIME_RELATIVE"/><value xsi:type="GLIST_PQ"><head value="0" unit="ms"/>' + (opts.increment ?? '<increment value="4" unit="ms"/>') + '</value></sequence></component>'}
      ${leads}
    </sequenceSet></component>
    ${opts.beat ?? ''}
  </series></component>
</AnnotatedECG>`;
  return new TextEncoder().encode(xml);
}

describe('readHl7Aecg: synthetic documents', () => {
  test('readHl7Aecg: GLIST_PQ in ms, mV scale and origin → µV samples at 250 Hz', () => {
    const r = readHl7Aecg(aecg({}), { fileName: 'a.xml' });
    assert.equal(r.samplingRateHz, 250);
    assert.equal(r.leads[0]!.name, 'II');
    assert.equal(r.leads[0]!.unit, 'uV');
    assertAllClose(r.leads[0]!.samples, [100, 150, 0, 250], { atol: 1e-3 });
    assert.equal(r.acquisition.startTime, '2024-01-02T03:04:05');
  });

  test('readHl7Aecg: leads of unequal length are padded with NaN and a warning', () => {
    const two = `<component><sequence><code code="MDC_ECG_LEAD_I"/><value xsi:type="SLIST_PQ"><origin value="0" unit="uV"/><scale value="1" unit="uV"/><digits>1 2 3</digits></value></sequence></component>
      <component><sequence><code code="MDC_ECG_LEAD_V7"/><value xsi:type="SLIST_PQ"><origin value="0" unit="uV"/><scale value="1" unit="uV"/><digits>1 2</digits></value></sequence></component>`;
    const r = readHl7Aecg(aecg({ leads: two }), { fileName: 'a.xml' });
    assert.equal(r.samplesPerLead, 3);
    assert.equal(r.leads[1]!.name, 'V7');
    assert.ok(Number.isNaN(r.leads[1]!.samples[2] as number));
    assert.equal(r.warnings.length, 1);
  });

  test('readHl7Aecg: missing pieces → FormatError (no time sequence, no increment, no leads, bad digits, wrong root, malformed XML)', () => {
    expectFormatError(() => readHl7Aecg(aecg({ head: '' }), { fileName: 'a.xml' }), 'no time');
    expectFormatError(() => readHl7Aecg(aecg({ increment: '' }), { fileName: 'a.xml' }), 'no increment');
    expectFormatError(() => readHl7Aecg(aecg({ increment: '<increment value="0" unit="s"/>' }), { fileName: 'a.xml' }), 'zero increment');
    expectFormatError(() => readHl7Aecg(aecg({ leads: '' }), { fileName: 'a.xml' }), 'no leads');
    const bad = `<component><sequence><code code="MDC_ECG_LEAD_I"/><value xsi:type="SLIST_PQ"><origin value="0" unit="uV"/><scale value="1" unit="uV"/><digits>1 2 x3</digits></value></sequence></component>`;
    expectFormatError(() => readHl7Aecg(aecg({ leads: bad }), { fileName: 'a.xml' }), 'bad digits');
    expectFormatError(() => readHl7Aecg(new TextEncoder().encode('<?xml version="1.0"?><restingecgdata/>'), { fileName: 'a.xml' }), 'wrong root');
    expectFormatError(() => readHl7Aecg(new TextEncoder().encode('<AnnotatedECG><component></AnnotatedECG>'), { fileName: 'a.xml' }), 'malformed');
    expectFormatError(() => readHl7Aecg(new Uint8Array(0), { fileName: 'a.xml' }), 'empty');
    expectFormatError(() => readHl7Aecg(Uint8Array.from([0xff, 0xfe, 0x3c]), { fileName: 'a.xml' }), 'odd UTF-16');
  });

  test('readHl7Aecg: sniff accepts AnnotatedECG and rejects other XML and binary', () => {
    assert.ok(hl7AecgReader.sniff(aecg({}), 'a.xml') >= 0.9);
    assert.ok(hl7AecgReader.sniff(new TextEncoder().encode('<?xml version="1.0"?><restingecgdata/>'), 'a.xml') < 0.5);
    assert.equal(hl7AecgReader.sniff(Uint8Array.from([1, 2, 3]), 'a.bin'), 0);
  });
});
