import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiagnosesJson } from '../../../src/pipeline/report/reportInput';
import { DIAGNOSES } from './fixtures';

test('parseDiagnosesJson: an API Analysis, its classification alone, or an analysis without a model', () => {
  assert.deepEqual(
    parseDiagnosesJson({ recordId: 1, classification: DIAGNOSES, measurements: null }),
    DIAGNOSES,
  );
  assert.deepEqual(parseDiagnosesJson(DIAGNOSES), DIAGNOSES);
  assert.equal(parseDiagnosesJson({ recordId: 1, classification: null }), null);
});

test('parseDiagnosesJson: the output of `analyze --json` (model + diagnoses), with or without a model', () => {
  const cli = {
    model: DIAGNOSES.model,
    backend: 'cpu',
    diagnoses: DIAGNOSES.classes,
    quality: {},
    measurements: {},
  };
  assert.deepEqual(parseDiagnosesJson(cli), DIAGNOSES);
  assert.equal(parseDiagnosesJson({ ...cli, model: null, diagnoses: [] }), null);
});

test('parseDiagnosesJson: anything else is a one-line error naming the field', () => {
  assert.throws(
    () => parseDiagnosesJson({ classes: 3 }),
    /not an analysis with model diagnoses \(model: Required\)/,
  );
  assert.throws(
    () => parseDiagnosesJson({ ...DIAGNOSES, classes: [{ code: 'X', label: 'x', probability: 2 }] }),
    /classes\.0\.probability/,
  );
  assert.throws(() => parseDiagnosesJson('text'), /not an analysis/);
});
