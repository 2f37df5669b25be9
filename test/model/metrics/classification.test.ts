import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classificationReport,
  countsAt,
  f1Score,
  macroAuc,
  rocAuc,
  sensitivity,
  specificity,
  tuneF1Threshold,
} from '../../../src/model/metrics/classification';
import { assertClose } from '../../helpers/assertClose';
import { testFloats } from '../tfTestBackend';

/** Independent reference: AUC as the fraction of (positive, negative) pairs ranked right, ties counting ½. */
function pairwiseAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      den++;
      num += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

test('rocAuc: sklearn documentation example [0.1, 0.4, 0.35, 0.8] / [0, 0, 1, 1] = 0.75', () => {
  assertClose(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75, { atol: 1e-12 });
});

test('rocAuc: ties count one half (hand computed 3.5 / 4) and all-tied scores give 0.5', () => {
  assertClose(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]), 0.875, { atol: 1e-12 });
  assertClose(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5, { atol: 1e-12 });
});

test('rocAuc: equals the pairwise definition on 300 scores with many ties; NaN with one class', () => {
  const s = Array.from(testFloats(300, 3), (v) => Math.round(v * 10) / 10);
  const l = Array.from(testFloats(300, 4), (v, i) => (v + (s[i] as number) * 0.5 > 0 ? 1 : 0));
  assertClose(rocAuc(s, l), pairwiseAuc(s, l), { atol: 1e-12 });
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
});

test('macroAuc: mean over classes that have both labels; per-class values in class order', () => {
  // Two records per row: class 0 perfectly ranked (1.0), class 1 inverted (0.0), class 2 only negatives (NaN).
  const scores = [0.9, 0.1, 0, 0.2, 0.8, 0];
  const labels = [1, 1, 0, 0, 0, 0];
  const r = macroAuc(scores, labels, 3);
  assert.deepEqual(r.perClass.slice(0, 2), [1, 0]);
  assert.ok(Number.isNaN(r.perClass[2]!));
  assertClose(r.macro, 0.5, { atol: 1e-12 });
});

test('F1, sensitivity, specificity at a threshold (hand computed counts)', () => {
  const c = countsAt([0.9, 0.8, 0.3, 0.6, 0.1], [1, 0, 1, 0, 0], 0.5);
  assert.deepEqual(c, { tp: 1, fp: 2, tn: 1, fn: 1 });
  assertClose(f1Score(c), 2 / 5, { atol: 1e-12 });
  assertClose(sensitivity(c), 0.5, { atol: 1e-12 });
  assertClose(specificity(c), 1 / 3, { atol: 1e-12 });
});

test('tuneF1Threshold: picks the score that maximises F1 (hand: threshold 0.3 gives F1 = 0.8)', () => {
  const r = tuneF1Threshold([0.9, 0.8, 0.3, 0.2, 0.1], [1, 0, 1, 0, 0]);
  // ≥0.9: F1 2/3; ≥0.8: 1/2; ≥0.3: tp 2, fp 1 → 0.8; lower thresholds add false positives.
  assert.equal(r.threshold, 0.3);
  assertClose(r.f1, 0.8, { atol: 1e-12 });
});

test('classificationReport: thresholds come from validation and are applied to test scores', () => {
  const val = { scores: [0.9, 0.2, 0.7, 0.1], labels: [1, 0, 1, 0] };
  const rep = classificationReport([0.75, 0.65, 0.4, 0.1], [1, 1, 0, 0], 1, val);
  assert.equal(rep.perClass[0]!.threshold, 0.7);
  // Test predictions at ≥0.7: [1, 0, 0, 0] → tp 1, fn 1, tn 2.
  assertClose(rep.perClass[0]!.f1, 2 / 3, { atol: 1e-12 });
  assertClose(rep.perClass[0]!.sensitivity, 0.5, { atol: 1e-12 });
  assertClose(rep.perClass[0]!.specificity, 1, { atol: 1e-12 });
  assertClose(rep.macroAuc, 1, { atol: 1e-12 });
});
