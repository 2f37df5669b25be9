import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  analysisFhirBundle,
  ECG_LOINC,
  fhirDateTime,
  reportStatus,
  type FhirBundleInput,
} from '../../../src/pipeline/report/fhirBundle';
import { reportMeasurements } from '../../../src/pipeline/report/reportMeasurements';
import { validateJsonSchema } from './jsonSchemaSubset';
import { counterUuid, DIAGNOSES, REVIEW, simulatedRecord } from './fixtures';

const SCHEMA_PATH = join(__dirname, '..', '..', 'golden', 'fhir', 'ecg-bundle.schema.json');
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const record = simulatedRecord();
const measurements = reportMeasurements(record, 0, 10);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read nested FHIR JSON by path
type Resource = Record<string, any>;

function bundle(over: Partial<FhirBundleInput> = {}) {
  return analysisFhirBundle({
    record,
    measurements,
    diagnoses: DIAGNOSES,
    review: null,
    traces: { variant: 'original' },
    anonymize: true,
    appVersion: '0.1.0',
    generatedAt: '2026-11-28T06:00:00.000Z',
    newUuid: counterUuid(),
    ...over,
  }) as { resourceType: string; type: string; entry: { fullUrl: string; resource: Resource }[] };
}

/** LOINC check digit (LOINC Users' Guide, "Mod 10" algorithm, the Luhn scheme). */
function loincCheckDigitOk(code: string): boolean {
  const m = /^(\d+)-(\d)$/.exec(code);
  if (!m) return false;
  const digits = m[1]!.split('').map(Number).reverse();
  const sum = digits.reduce(
    (s, d, i) => s + (i % 2 === 0 ? ((d * 2) % 10) + Math.floor((d * 2) / 10) : d),
    0,
  );
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

const Coding = z.object({ system: z.string(), code: z.string(), display: z.string() });
const EcgObservation = z.object({
  resourceType: z.literal('Observation'),
  status: z.enum(['preliminary', 'final']),
  code: z.object({ coding: z.array(Coding.extend({ system: z.literal('http://loinc.org') })).length(1) }),
  subject: z.object({ reference: z.string().startsWith('urn:uuid:') }),
  valueQuantity: z
    .object({
      value: z.number(),
      unit: z.enum(['/min', 'ms', 'deg']),
      system: z.literal('http://unitsofmeasure.org'),
      code: z.enum(['/min', 'ms', 'deg']),
    })
    .refine((q) => q.unit === q.code, 'UCUM unit and code agree')
    .optional(),
  dataAbsentReason: z
    .object({ text: z.string().min(1) })
    .passthrough()
    .optional(),
});

test('analysisFhirBundle: valid against the focused R4 schema (test/golden/fhir), with and without review, PHI and PDF', () => {
  for (const over of [
    {},
    { review: REVIEW },
    { anonymize: false },
    { diagnoses: null },
    { pdfBase64: Buffer.from('%PDF-1.3 test').toString('base64') },
  ]) {
    const errors = validateJsonSchema(schema, bundle(over));
    assert.deepEqual(errors, [], JSON.stringify(over));
  }
});

test('analysisFhirBundle: the validator rejects what R4 forbids (bad status, unknown property, zoneless time)', () => {
  const b = bundle();
  const report = b.entry[0]!.resource;
  report['status'] = 'done';
  report['interpretation'] = 'x';
  report['issued'] = '2026-11-28T06:00:00';
  const errors = validateJsonSchema(schema, b);
  assert.ok(
    errors.some((e) => e.includes('not in')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.includes("unexpected property 'interpretation'")),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.includes('does not match')),
    errors.join('\n'),
  );
});

test('analysisFhirBundle: Python jsonschema (Draft 6) agrees the bundle is valid', (t) => {
  const check = spawnSync('python3', ['-c', 'import jsonschema'], { encoding: 'utf8' });
  if (check.status !== 0) {
    t.skip('python3 with jsonschema is not installed; the TypeScript subset validator above still ran');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecg-fhir-'));
  try {
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle({ review: REVIEW, anonymize: false })));
    const py =
      'import json,sys,jsonschema\ns=json.load(open(sys.argv[1]));b=json.load(open(sys.argv[2]))\njsonschema.Draft6Validator.check_schema(s)\njsonschema.Draft6Validator(s).validate(b)\nprint("valid")';
    const r = spawnSync('python3', ['-c', py, SCHEMA_PATH, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'valid');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analysisFhirBundle: collection of DiagnosticReport 11524-6, 8 LOINC Observations with UCUM units, one Patient', () => {
  const b = bundle();
  assert.equal(b.resourceType, 'Bundle');
  assert.equal(b.type, 'collection');
  const types = b.entry.map((e) => e.resource['resourceType']);
  assert.deepEqual(types, ['DiagnosticReport', ...Array(8).fill('Observation'), 'Patient']);
  const report = b.entry[0]!.resource;
  assert.deepEqual(report['code'].coding[0], {
    system: 'http://loinc.org',
    code: '11524-6',
    display: 'EKG study',
  });
  const observations = b.entry
    .filter((e) => e.resource['resourceType'] === 'Observation')
    .map((e) => EcgObservation.parse(e.resource));
  const codes = observations.map((o) => o.code.coding[0]!.code);
  assert.deepEqual(codes, ['8867-4', '8625-6', '8633-0', '8634-8', '8636-3', '8626-4', '8632-2', '8638-9']);
  for (const code of Object.values(ECG_LOINC))
    assert.ok(loincCheckDigitOk(code.code), `LOINC check digit of ${code.code}`);
  const units = Object.fromEntries(observations.map((o) => [o.code.coding[0]!.code, o.valueQuantity?.code]));
  assert.equal(units['8867-4'], '/min');
  for (const c of ['8625-6', '8633-0', '8634-8', '8636-3']) assert.equal(units[c], 'ms', c);
  const hr = observations.find((o) => o.code.coding[0]!.code === '8867-4')!;
  assert.ok(Math.abs(hr.valueQuantity!.value - (measurements.hrBpm as number)) <= 0.05);
  assert.ok(Math.abs(hr.valueQuantity!.value - 72) < 1.5, `HR ${hr.valueQuantity!.value}`);
});

test('analysisFhirBundle: references resolve inside the bundle, full URLs are unique (bdl-7), value xor dataAbsentReason (obs-6)', () => {
  const b = bundle({
    measurements: {
      ...measurements,
      prMs: null,
      reasons: { ...measurements.reasons, prMs: 'no P wave found' },
    },
  });
  const urls = b.entry.map((e) => e.fullUrl);
  assert.equal(new Set(urls).size, urls.length);
  const patientUrl = b.entry.find((e) => e.resource['resourceType'] === 'Patient')!.fullUrl;
  for (const e of b.entry) {
    if (e.resource['subject']) assert.equal(e.resource['subject'].reference, patientUrl);
    assert.equal(`urn:uuid:${e.resource['id']}`, e.fullUrl);
  }
  for (const ref of b.entry[0]!.resource['result']) assert.ok(urls.includes(ref.reference), ref.reference);
  for (const e of b.entry.filter((x) => x.resource['resourceType'] === 'Observation')) {
    assert.ok('valueQuantity' in e.resource !== 'dataAbsentReason' in e.resource);
  }
  const pr = b.entry.find((e) => e.resource['code']?.coding?.[0]?.code === '8625-6')!.resource;
  assert.equal(pr['dataAbsentReason'].text, 'no P wave found');
});

test('analysisFhirBundle: preliminary without review, final with the reviewer as results interpreter and reviewed labels as conclusion', () => {
  assert.equal(reportStatus(null), 'preliminary');
  assert.equal(reportStatus({ status: 'unreviewed' }), 'preliminary');
  const pre = bundle().entry[0]!.resource;
  assert.equal(pre['status'], 'preliminary');
  assert.deepEqual(pre['conclusionCode'], [{ text: 'Normal ECG (NORM), model probability 0.91' }]);
  assert.match(
    pre['conclusion'],
    /Model ecg-multitask 1\.0\.0: Normal ECG \(NORM\) 91 %; Myocardial infarction \(MI\) 6 %/,
  );
  assert.match(pre['conclusion'], /advisory, not a diagnosis/);
  const fin = bundle({ review: REVIEW }).entry[0]!.resource;
  assert.equal(fin['status'], 'final');
  assert.deepEqual(fin['resultsInterpreter'], [{ display: 'Dr. A. Example' }]);
  assert.deepEqual(fin['conclusionCode'], [{ text: 'NORM' }]);
  for (const e of bundle({ review: REVIEW }).entry.slice(1, 9)) assert.equal(e.resource['status'], 'final');
});

test('analysisFhirBundle: anonymised Patient has gender only and no acquisition time; --show-phi adds id, name, birth date, date', () => {
  const anon = bundle();
  const patient = anon.entry.at(-1)!.resource;
  assert.deepEqual(Object.keys(patient).sort(), ['gender', 'id', 'resourceType']);
  assert.equal(patient['gender'], 'female');
  assert.ok(!JSON.stringify(anon).includes('Doe'));
  assert.ok(!JSON.stringify(anon).includes('P-123'));
  assert.ok(!('effectiveDateTime' in anon.entry[0]!.resource));
  const phi = bundle({ anonymize: false });
  const p2 = phi.entry.at(-1)!.resource;
  assert.deepEqual(p2['identifier'], [{ value: 'P-123' }]);
  assert.deepEqual(p2['name'], [{ text: 'Doe Jane' }]);
  assert.equal(p2['birthDate'], '1971-03-02');
  // The record's start time has no zone, so only its date is a valid FHIR dateTime.
  assert.equal(phi.entry[0]!.resource['effectiveDateTime'], '2024-05-06');
});

test('fhirDateTime: keeps zoned times, cuts zoneless ones to the date, drops what is no date', () => {
  assert.equal(fhirDateTime('2024-05-06T10:11:12+02:00'), '2024-05-06T10:11:12+02:00');
  assert.equal(fhirDateTime('2024-05-06T10:11:12Z'), '2024-05-06T10:11:12Z');
  assert.equal(fhirDateTime('2024-05-06T10:11:12'), '2024-05-06');
  assert.equal(fhirDateTime('2024-05-06 10:11'), '2024-05-06');
  assert.equal(fhirDateTime('yesterday'), undefined);
  assert.equal(fhirDateTime(undefined), undefined);
});

test('analysisFhirBundle: valid against the official HL7 FHIR R4 JSON schema (fhir.schema.json, draft-06, via ajv)', () => {
  // The package ships HL7's own R4 schema (id http://hl7.org/fhir/json-schema/4.0) with an ajv validator.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => { validate(r: unknown, verbose?: boolean): unknown[] };
  const validator = new JSONSchemaValidator();
  for (const over of [{}, { review: REVIEW }, { anonymize: false }, { diagnoses: null }, { pdfBase64: Buffer.from('%PDF-1.3 test').toString('base64') }]) {
    const b = bundle(over);
    assert.deepEqual(validator.validate(b, true), [], `bundle ${JSON.stringify(over)}`);
    for (const e of b.entry) assert.deepEqual(validator.validate(e.resource, true), [], `${e.resource.resourceType} ${JSON.stringify(over)}`);
  }
  const broken = bundle();
  (broken.entry[0]!.resource as unknown as Record<string, unknown>)['status'] = 'done';
  assert.notDeepEqual(validator.validate(broken.entry[0]!.resource, true), [], 'a DiagnosticReport status outside the R4 value set is rejected');
});
