// Tests for the GE MUSE XML reader: stdlib-Python golden values, vendor CRCs, synthetic exports, corrupt input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBase64, decodeXmlText, deriveLimbLeads, readGeMuseXml } from '../../../src/formats/gemuse/readGeMuseXml';
import { crc32 } from '../../../src/formats/gemuse/crc32';
import { validateRecord, type EcgLead } from '../../../src/shared/ecgRecord';
import { FormatError } from '../../../src/shared/errors';
import { assertAllClose, assertClose } from '../../helpers/assertClose';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLE = 'ge-muse-xml/braveheart_example1.xml';
const skip = skipWithoutSharedData(SAMPLE);

interface GoldenStats {
  firstUv: number[];
  lastUv: number[];
  minUv: number;
  maxUv: number;
  meanUv: number;
  stdUv: number;
}
interface GoldenLead extends GoldenStats {
  id: string;
  sampleCount: number;
  unitsPerBit: number;
  units: string;
  crc32Vendor: number;
  crc32Computed: number;
  firstDigital: number[];
  lastDigital: number[];
  digitalSum: number;
}
interface Golden {
  measurements: Record<string, string>;
  qrs: { number: number; type: number; timeMs: number }[];
  waveforms: { type: string; samplingRateHz: number; highPassFilter: string; lowPassFilter: string; acFilter: string; leads: GoldenLead[]; derived: Record<string, GoldenStats> }[];
}
const golden = JSON.parse(readFileSync(join(__dirname, '../../golden/gemuse/braveheart_example1.golden.json'), 'utf8')) as Golden;

function meanStd(a: Float32Array): { mean: number; std: number } {
  let s = 0;
  for (const x of a) s += x;
  const mean = s / a.length;
  let v = 0;
  for (const x of a) v += (x - mean) ** 2;
  return { mean, std: Math.sqrt(v / a.length) };
}

function checkStats(lead: EcgLead, g: GoldenStats, msg: string): void {
  const n = lead.samples.length;
  // Float32 storage: 4.88 µV steps are not exact in binary, so compare to ~1e-7 relative.
  assertAllClose(lead.samples.subarray(0, 20), g.firstUv, { atol: 1e-3 }, `${msg} first`);
  assertAllClose(lead.samples.subarray(n - 20), g.lastUv, { atol: 1e-3 }, `${msg} last`);
  const { mean, std } = meanStd(lead.samples);
  assertClose(mean, g.meanUv, { atol: 1e-3 }, `${msg} mean`);
  assertClose(std, g.stdUv, { rtol: 1e-6 }, `${msg} std`);
  assertClose(Math.min(...lead.samples), g.minUv, { atol: 1e-3 }, `${msg} min`);
  assertClose(Math.max(...lead.samples), g.maxUv, { atol: 1e-3 }, `${msg} max`);
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

test('readGeMuseXml: BRAVEHEART example matches the stdlib golden values for stored and derived leads', { skip }, () => {
  const record = readGeMuseXml(readShared(SAMPLE), { fileName: 'braveheart_example1.xml' });
  assert.deepEqual(validateRecord(record), []);
  assert.deepEqual(record.leads.map((l) => l.name), ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
  for (const wf of golden.waveforms) {
    const target = wf.type === 'Rhythm' ? record : record.representativeBeats!;
    assert.equal(target.samplingRateHz, wf.samplingRateHz);
    for (const g of wf.leads) {
      const lead = target.leads.find((l) => l.name === g.id)!;
      const msg = `${wf.type} ${g.id}`;
      assert.equal(target.samplesPerLead, g.sampleCount, msg);
      assert.equal(lead.unit, 'uV');
      assert.equal(lead.details!['unitsPerBit'], g.unitsPerBit);
      // The vendor's own checksum agrees with the decoded bytes (golden: zlib.crc32 == LeadDataCRC32).
      assert.equal(g.crc32Computed, g.crc32Vendor, msg);
      const digital = lead.details!['digitalSamples'] as Int16Array;
      assert.deepEqual(Array.from(digital.subarray(0, 20)), g.firstDigital, msg);
      assert.deepEqual(Array.from(digital.subarray(digital.length - 20)), g.lastDigital, msg);
      assert.equal(digital.reduce((a, b) => a + b, 0), g.digitalSum, msg);
      checkStats(lead, g, msg);
    }
    for (const [name, g] of Object.entries(wf.derived)) {
      const lead = target.leads.find((l) => l.name === name)!;
      assert.equal(lead.details!['derived'], true);
      checkStats(lead, g, `${wf.type} derived ${name}`);
    }
  }
  assert.deepEqual(record.warnings, []);
});

test('readGeMuseXml: device measurements, QRS times, filters and header values of the BRAVEHEART example', { skip }, () => {
  const record = readGeMuseXml(readShared(SAMPLE), { fileName: 'braveheart_example1.xml' });
  const m = golden.measurements;
  assert.deepEqual(record.metadata['deviceMeasurements'], {
    ventricularRateBpm: Number(m['VentricularRate']), atrialRateBpm: Number(m['AtrialRate']), prMs: Number(m['PRInterval']),
    qrsMs: Number(m['QRSDuration']), qtMs: Number(m['QTInterval']), qtcMs: Number(m['QTCorrected']), pAxisDeg: Number(m['PAxis']),
    qrsAxisDeg: Number(m['RAxis']), tAxisDeg: Number(m['TAxis']), qrsCount: Number(m['QRSCount']), qtcFridericiaMs: Number(m['QTcFrederica']),
  });
  assert.equal(record.metadata['deviceStatements'], undefined);
  // QRS times are milliseconds: 614 ms at 500 Hz is sample 307.
  assert.deepEqual(record.annotations.map((a) => a.sampleIdx), golden.qrs.map((q) => Math.round(q.timeMs / 2)));
  assert.equal(record.annotations.length, Number(m['QRSCount']));
  const rhythm = golden.waveforms.find((w) => w.type === 'Rhythm')!;
  assert.deepEqual([rhythm.highPassFilter, rhythm.lowPassFilter, rhythm.acFilter], ['16', '150', '60']);
  assert.deepEqual(record.filters, { highPassHz: 0.16, lowPassHz: 150, notchHz: 60 });
  assert.equal(record.samplesPerLead, 5000);
  assert.equal(record.representativeBeats!.samplesPerLead, 600);
  assert.deepEqual(record.patient, {});
  assert.equal((record.metadata['geMuse'] as { museVersion: string }).museVersion, '9.0.7.17363');
});

test('deriveLimbLeads: Einthoven and Goldberger relations, stored leads kept as stored', () => {
  const lead = (name: string, values: number[]): EcgLead => ({ name, originalName: name, unit: 'uV', samples: Float32Array.from(values) });
  const out = deriveLimbLeads([lead('V1', [9]), lead('I', [100, -40]), lead('II', [300, 20]), lead('aVF', [777, 777])]);
  assert.deepEqual(out.map((l) => l.name), ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1']);
  const get = (n: string) => Array.from(out.find((l) => l.name === n)!.samples);
  assert.deepEqual(get('III'), [200, 60]);
  assert.deepEqual(get('aVR'), [-200, 10]);
  assert.deepEqual(get('aVL'), [-50, -50]);
  assert.deepEqual(get('aVF'), [777, 777]);
});

// ---- synthetic exports ------------------------------------------------------------------------

function b64(values: number[]): string {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(bytes.buffer).setInt16(i * 2, v, true));
  return Buffer.from(bytes).toString('base64');
}

interface LeadSpec {
  id: string;
  values: number[];
  count?: number;
  byteCount?: number;
  data?: string;
  crc?: number;
}

function leadXml(l: LeadSpec): string {
  const bytes = new Uint8Array(l.values.length * 2);
  l.values.forEach((v, i) => new DataView(bytes.buffer).setInt16(i * 2, v, true));
  return `<LeadData><LeadByteCountTotal>${l.byteCount ?? bytes.length}</LeadByteCountTotal><LeadSampleCountTotal>${l.count ?? l.values.length}</LeadSampleCountTotal>
<LeadAmplitudeUnitsPerBit>2.5</LeadAmplitudeUnitsPerBit><LeadAmplitudeUnits>MICROVOLTS</LeadAmplitudeUnits><LeadID>${l.id}</LeadID>
<FirstSampleBaseline>0</FirstSampleBaseline><LeadSampleSize>2</LeadSampleSize><LeadDataCRC32>${l.crc ?? crc32(bytes)}</LeadDataCRC32>
<WaveFormData>${l.data ?? b64(l.values)}</WaveFormData></LeadData>`;
}

function museXml(leads: LeadSpec[], extra = '', encoding = 'ISO-8859-1'): string {
  return `<?xml version="1.0" encoding="${encoding}"?>
<!DOCTYPE RestingECG SYSTEM "restecg.dtd">
<RestingECG>
<PatientDemographics><PatientID>12345</PatientID><PatientAge>61</PatientAge><AgeUnits>YEARS</AgeUnits><DateofBirth>03-14-1964</DateofBirth>
<Gender>MALE</Gender><PatientLastName>Bjørnsen</PatientLastName><PatientFirstName>Åse</PatientFirstName><HeightCM>180</HeightCM><WeightKG>82</WeightKG></PatientDemographics>
<TestDemographics><AcquisitionDevice>MAC55</AcquisitionDevice><SiteName>Ward 3</SiteName><AcquisitionTime>08:15:30</AcquisitionTime><AcquisitionDate>11-02-2025</AcquisitionDate></TestDemographics>
<RestingECGMeasurements><VentricularRate>72</VentricularRate><PRInterval>160</PRInterval><QRSDuration>88</QRSDuration><QTInterval>380</QTInterval><QTCorrected>416</QTCorrected><RAxis>-15</RAxis></RestingECGMeasurements>
<Diagnosis><DiagnosisStatement><StmtFlag>ENDSLINE</StmtFlag><StmtText>Normal sinus rhythm</StmtText></DiagnosisStatement>
<DiagnosisStatement><StmtText>Left axis deviation</StmtText></DiagnosisStatement></Diagnosis>
<OriginalDiagnosis><DiagnosisStatement><StmtText>Sinus rhythm</StmtText></DiagnosisStatement></OriginalDiagnosis>
${extra}
<Waveform><WaveformType>Rhythm</WaveformType><SampleBase>250</SampleBase><SampleExponent>1</SampleExponent>
<HighPassFilter>56</HighPassFilter><LowPassFilter>40</LowPassFilter><ACFilter>50</ACFilter>
${leads.map(leadXml).join('\n')}
</Waveform>
</RestingECG>`;
}

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const BASE_LEADS: LeadSpec[] = [
  { id: 'I', values: [100, 200, -300, 0] },
  { id: 'II', values: [40, -20, 10, 5] },
  { id: 'V1', values: [1, 2, 3, 4] },
];

test('readGeMuseXml: demographics, acquisition time, diagnosis, SampleExponent and ISO-8859-1 text of a synthetic export', () => {
  const record = readGeMuseXml(latin1(museXml(BASE_LEADS)), { fileName: 'x.xml' });
  assert.equal(record.samplingRateHz, 2500);
  assert.deepEqual(record.patient, { id: '12345', name: 'Åse Bjørnsen', birthDate: '1964-03-14', sex: 'M', ageYears: 61, heightCm: 180, weightKg: 82 });
  assert.equal(record.acquisition.startTime, '2025-11-02T08:15:30');
  assert.equal(record.acquisition.device, 'MAC55');
  assert.equal(record.acquisition.site, 'Ward 3');
  assert.deepEqual(record.metadata['deviceStatements'], ['Normal sinus rhythm', 'Left axis deviation']);
  assert.deepEqual((record.metadata['geMuse'] as { originalStatements: string[] }).originalStatements, ['Sinus rhythm']);
  assert.deepEqual(record.metadata['deviceMeasurements'], { ventricularRateBpm: 72, prMs: 160, qrsMs: 88, qtMs: 380, qtcMs: 416, qrsAxisDeg: -15 });
  assert.deepEqual(record.filters, { highPassHz: 0.56, lowPassHz: 40, notchHz: 50 });
  assertAllClose(record.leads[0]!.samples, [250, 500, -750, 0], { atol: 1e-4 });
  assertAllClose(record.leads.find((l) => l.name === 'III')!.samples, [-150, -550, 775, 12.5], { atol: 1e-4 });
  assert.equal(record.representativeBeats, undefined);
});

test('readGeMuseXml: anonymize drops name, ID and birth date', () => {
  const record = readGeMuseXml(latin1(museXml(BASE_LEADS)), { fileName: 'x.xml', anonymize: true });
  assert.deepEqual(record.patient, { sex: 'M', ageYears: 61, heightCm: 180, weightKg: 82 });
});

test('readGeMuseXml: a file that stores III, aVR, aVL, aVF keeps the stored values', () => {
  const leads = [...BASE_LEADS, { id: 'III', values: [9, 9, 9, 9] }, { id: 'aVR', values: [1, 1, 1, 1] }, { id: 'aVL', values: [2, 2, 2, 2] }, { id: 'aVF', values: [3, 3, 3, 3] }];
  const record = readGeMuseXml(latin1(museXml(leads)), { fileName: 'x.xml' });
  assert.equal(record.leads.length, 7);
  assertAllClose(record.leads.find((l) => l.name === 'III')!.samples, [22.5, 22.5, 22.5, 22.5], { atol: 1e-5 });
  assert.ok(record.leads.every((l) => l.details!['derived'] === undefined));
});

test('readGeMuseXml: UTF-16 with BOM and UTF-8 encodings decode the same', () => {
  const text = museXml(BASE_LEADS, '', 'UTF-16');
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) new DataView(utf16.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true);
  const a = readGeMuseXml(utf16, { fileName: 'u16.xml' });
  const b = readGeMuseXml(new TextEncoder().encode(museXml(BASE_LEADS, '', 'UTF-8')), { fileName: 'u8.xml' });
  assert.equal(a.patient.name, 'Åse Bjørnsen');
  assert.equal(b.patient.name, 'Åse Bjørnsen');
  assert.equal(decodeXmlText(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>')), '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>');
});

test('readGeMuseXml: a CRC mismatch is kept as a warning naming the lead', () => {
  const record = readGeMuseXml(latin1(museXml([BASE_LEADS[0]!, { ...BASE_LEADS[1]!, crc: 1 }])), { fileName: 'x.xml' });
  assert.match(record.warnings.join(' '), /LeadDataCRC32 does not match the data of lead\(s\) II/);
});

test('readGeMuseXml: bad base64, wrong sample or byte counts, unequal leads and missing parts are FormatErrors', () => {
  const read = (xml: string) => () => readGeMuseXml(latin1(xml), { fileName: 'bad.xml' });
  expectFormatError(read(museXml([{ ...BASE_LEADS[0]!, data: 'ZAAy!AC0/wAA' }])), /lead I: WaveFormData is not valid base64/);
  expectFormatError(read(museXml([{ ...BASE_LEADS[0]!, data: 'ZAAyAC0/wAA' }])), /not valid base64/);
  expectFormatError(read(museXml([{ ...BASE_LEADS[0]!, count: 5 }])), /LeadSampleCountTotal 5 needs 10 bytes, WaveFormData holds 8/);
  expectFormatError(read(museXml([{ ...BASE_LEADS[0]!, byteCount: 6 }])), /LeadByteCountTotal 6 but WaveFormData holds 8 bytes/);
  expectFormatError(read(museXml([BASE_LEADS[0]!, { id: 'II', values: [1, 2, 3] }])), /lead II has 3 samples, earlier leads 4/);
  expectFormatError(read(museXml([]).replace(/<Waveform>[\s\S]*<\/Waveform>/, '')), /no Rhythm <Waveform>/);
  expectFormatError(read('<?xml version="1.0"?><Other/>'), /no <RestingECG> root/);
  expectFormatError(() => readGeMuseXml(new Uint8Array(0), { fileName: 'e.xml' }), /empty/);
  expectFormatError(read(museXml(BASE_LEADS).replace('<SampleBase>250</SampleBase>', '<SampleBase>x</SampleBase>')), /invalid SampleBase/);
});

test('readGeMuseXml: the real file truncated at 15 points, with a bit flipped in 150 places, gives a FormatError or a record', { skip }, () => {
  const original = readShared(SAMPLE);
  const cuts = [1, 10, 60, 100, 500, 2000, 5000, 9000, 20000, 40000, 70000, 100000, 130000, 140000, original.length - 15];
  for (const cut of cuts) {
    expectFormatError(() => readGeMuseXml(original.subarray(0, cut), { fileName: 'cut.xml' }));
  }
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  let crcWarnings = 0;
  let errors = 0;
  for (let i = 0; i < 150; i++) {
    const bytes = original.slice();
    const pos = Math.floor(rnd() * bytes.length);
    bytes[pos] = (bytes[pos] as number) ^ (1 << Math.floor(rnd() * 7));
    try {
      const record = readGeMuseXml(bytes, { fileName: 'flip.xml' });
      assert.deepEqual(validateRecord(record), []);
      if (record.warnings.some((w) => /CRC32/.test(w))) crcWarnings++;
    } catch (err) {
      assert.ok(err instanceof FormatError, `flip at ${pos}: ${err instanceof Error ? err.message : String(err)}`);
      errors++;
    }
  }
  assert.ok(crcWarnings > 0 && errors > 0, `crc warnings ${crcWarnings}, errors ${errors}`);
});

test('decodeBase64: strict RFC 4648 decoding with whitespace', () => {
  assert.deepEqual(Array.from(decodeBase64('AAEC\n/w==')!), [0, 1, 2, 255]);
  assert.equal(decodeBase64('AAECAw='), undefined);
  assert.equal(decodeBase64('AA=C'), undefined);
  assert.equal(decodeBase64('AAE'), undefined);
  assert.equal(decodeBase64('AAE\u00e9'), undefined);
  assert.deepEqual(Array.from(decodeBase64('')!), []);
});
