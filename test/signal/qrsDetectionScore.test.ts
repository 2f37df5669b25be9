import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mitBeatReference, qrsDetectionScore } from '../../src/signal/qrsDetectionScore';

test('qrsDetectionScore: matches within ±150 ms one-to-one and counts misses and extras', () => {
  const s = qrsDetectionScore([100, 500, 900, 1300], [110, 480, 560, 1500], 360);
  // 100↔110, 500↔480; 560 is a second detection near 500 (extra); 900 missed; 1300 vs 1500 is 555 ms away.
  assert.deepEqual([s.truePositives, s.falseNegatives, s.falsePositives], [2, 2, 2]);
  assert.equal(s.sensitivity, 0.5);
  assert.equal(s.positivePredictivity, 0.5);
});

test('qrsDetectionScore: beats before startSec and inside excluded ranges are not scored', () => {
  const s = qrsDetectionScore([100, 2000, 3000, 4000], [3000, 4010, 4500], 360, { startSec: 1, excludedRanges: [[1900, 2100]] });
  assert.deepEqual([s.truePositives, s.falseNegatives, s.falsePositives], [2, 0, 1]);
});

test('qrsDetectionScore: empty inputs give NaN ratios, not a throw', () => {
  const s = qrsDetectionScore([], [], 360);
  assert.ok(Number.isNaN(s.sensitivity) && Number.isNaN(s.positivePredictivity));
});

test('mitBeatReference: keeps beat codes, drops rhythm/noise codes, turns [ ] into exclusions', () => {
  const ref = mitBeatReference([
    { sampleIdx: 1, code: '+' },
    { sampleIdx: 10, code: 'N' },
    { sampleIdx: 20, code: '~' },
    { sampleIdx: 30, code: 'V' },
    { sampleIdx: 40, code: '[' },
    { sampleIdx: 50, code: '!' },
    { sampleIdx: 60, code: ']' },
    { sampleIdx: 70, code: '/' },
    { sampleIdx: 80, code: 'x' },
  ]);
  assert.deepEqual(ref.beatSampleIdx, [10, 30, 70]);
  assert.deepEqual(ref.excludedRanges, [[40, 61]]);
});
