// Beat-by-beat scoring of QRS detections against reference beat annotations (ANSI/AAMI EC57 style).

/** MIT-BIH annotation codes that mark a beat (QRS complex); everything else (+ ~ | x [ ] ! …) is not a beat. */
export const MIT_BEAT_CODES: ReadonlySet<string> = new Set([
  'N', 'L', 'R', 'B', 'A', 'a', 'J', 'S', 'V', 'r', 'F', 'e', 'j', 'n', 'E', '/', 'f', 'Q', '?',
]);

export interface QrsScore {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  /** Sensitivity TP / (TP + FN); NaN without reference beats. */
  sensitivity: number;
  /** Positive predictivity TP / (TP + FP); NaN without detections. */
  positivePredictivity: number;
}

export interface QrsScoreOptions {
  /** Match window, seconds either side; EC57 uses 150 ms. */
  matchWindowSec?: number;
  /** Scoring starts here (EC57 / `bxb` default: 300 s, the first 5 minutes are a learning period). */
  startSec?: number;
  /** [start, end) sample ranges left out of scoring (EC57: ventricular flutter/fibrillation episodes). */
  excludedRanges?: readonly (readonly [number, number])[];
}

/**
 * Matches detections to reference beats one-to-one within ±`matchWindowSec` (nearest first), as the
 * `bxb` program of the WFDB software does for ANSI/AAMI EC57:2012 §4.3 (QRS detection Se and +P).
 */
export function qrsDetectionScore(
  referenceSampleIdx: readonly number[],
  detectedSampleIdx: readonly number[],
  samplingRateHz: number,
  options: QrsScoreOptions = {},
): QrsScore {
  const window = Math.round((options.matchWindowSec ?? 0.15) * samplingRateHz);
  const start = Math.round((options.startSec ?? 0) * samplingRateHz);
  const excluded = options.excludedRanges ?? [];
  const scored = (idx: number) => idx >= start && !excluded.some(([a, b]) => idx >= a && idx < b);
  const ref = [...referenceSampleIdx].sort((a, b) => a - b);
  const det = [...detectedSampleIdx].sort((a, b) => a - b);
  const refMatched = new Uint8Array(ref.length);
  const detMatched = new Uint8Array(det.length);
  // Candidate pairs within the window, matched closest first so that each beat is used once.
  const pairs: [number, number, number][] = [];
  let j0 = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] as number;
    while (j0 < det.length && (det[j0] as number) < r - window) j0++;
    for (let j = j0; j < det.length && (det[j] as number) <= r + window; j++) pairs.push([Math.abs((det[j] as number) - r), i, j]);
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let tp = 0;
  for (const [, i, j] of pairs) {
    if (refMatched[i] || detMatched[j]) continue;
    refMatched[i] = 1;
    detMatched[j] = 1;
    if (scored(ref[i] as number)) tp++;
  }
  let fn = 0;
  ref.forEach((r, i) => {
    if (!refMatched[i] && scored(r)) fn++;
  });
  let fp = 0;
  det.forEach((d, j) => {
    if (!detMatched[j] && scored(d)) fp++;
  });
  return {
    truePositives: tp,
    falseNegatives: fn,
    falsePositives: fp,
    sensitivity: tp + fn === 0 ? NaN : tp / (tp + fn),
    positivePredictivity: tp + fp === 0 ? NaN : tp / (tp + fp),
  };
}

/** Beat sample indices and the EC57 exclusions ([ … ] flutter episodes) from MIT-format annotations. */
export function mitBeatReference(annotations: readonly { sampleIdx: number; code: string }[]): {
  beatSampleIdx: number[];
  excludedRanges: [number, number][];
} {
  const beatSampleIdx: number[] = [];
  const excludedRanges: [number, number][] = [];
  let vfStart: number | undefined;
  for (const a of annotations) {
    if (MIT_BEAT_CODES.has(a.code)) beatSampleIdx.push(a.sampleIdx);
    else if (a.code === '[') vfStart = a.sampleIdx;
    else if (a.code === ']' && vfStart !== undefined) {
      excludedRanges.push([vfStart, a.sampleIdx + 1]);
      vfStart = undefined;
    }
  }
  if (vfStart !== undefined) excludedRanges.push([vfStart, Number.MAX_SAFE_INTEGER]);
  return { beatSampleIdx, excludedRanges };
}
