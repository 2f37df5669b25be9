// Multi-label classification metrics: ROC AUC by ranks (ties averaged), F1 at validation-tuned thresholds, sensitivity/specificity.

/**
 * Area under the ROC curve from ranks: AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋) with R₊ the sum of the positives'
 * ranks, tied scores given their average rank (Mann–Whitney U; Hanley & McNeil 1982). NaN when only one
 * class is present. Labels are 1 (positive) or 0.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`rocAuc: ${n} scores but ${labels.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avgRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if ((labels[order[k] as number] as number) > 0.5) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Column c of a row-major [n, classCount] matrix. */
function column(m: ArrayLike<number>, classCount: number, c: number): Float64Array {
  const n = Math.floor(m.length / classCount);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = m[i * classCount + c] as number;
  return out;
}

/** Per-class AUC and their mean over classes where it is defined (both labels present), as in PTB-XL benchmarks. */
export function macroAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, classCount: number): { macro: number; perClass: number[] } {
  const perClass = Array.from({ length: classCount }, (_, c) => rocAuc(column(scores, classCount, c), column(labels, classCount, c)));
  const defined = perClass.filter((a) => !Number.isNaN(a));
  return { macro: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN, perClass };
}

export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function countsAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): BinaryCounts {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const pred = (scores[i] as number) >= threshold;
    const pos = (labels[i] as number) > 0.5;
    if (pred && pos) c.tp++;
    else if (pred) c.fp++;
    else if (pos) c.fn++;
    else c.tn++;
  }
  return c;
}

/** F1 = 2TP / (2TP + FP + FN); 0 when there is nothing to find and nothing predicted. */
export function f1Score(c: BinaryCounts): number {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? 0 : (2 * c.tp) / d;
}

export const sensitivity = (c: BinaryCounts): number => (c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn));
export const specificity = (c: BinaryCounts): number => (c.tn + c.fp === 0 ? NaN : c.tn / (c.tn + c.fp));

/**
 * The threshold (≥) that maximises F1 on these scores, searched over the distinct scores; thresholds are tuned
 * on validation data and then applied unchanged to test data. Ties in F1 keep the higher threshold.
 */
export function tuneF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; f1: number } {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let totalPos = 0;
  for (let i = 0; i < n; i++) if ((labels[i] as number) > 0.5) totalPos++;
  let best = { threshold: 0.5, f1: f1Score({ tp: 0, fp: 0, fn: totalPos, tn: n - totalPos }) };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i] as number] as number;
    let j = i;
    while (j < n && scores[order[j] as number] === s) {
      if ((labels[order[j] as number] as number) > 0.5) tp++;
      else fp++;
      j++;
    }
    const f1 = f1Score({ tp, fp, fn: totalPos - tp, tn: 0 });
    if (f1 > best.f1) best = { threshold: s, f1 };
    i = j;
  }
  return best;
}

export interface ClassReport {
  auc: number;
  threshold: number;
  f1: number;
  sensitivity: number;
  specificity: number;
}

/**
 * Per-class AUC, F1, sensitivity and specificity on `scores`, at thresholds tuned on the validation scores
 * (or on `scores` themselves when no validation set is given, which is optimistic).
 */
export function classificationReport(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  classCount: number,
  validation?: { scores: ArrayLike<number>; labels: ArrayLike<number> },
): { macroAuc: number; macroF1: number; perClass: ClassReport[] } {
  const tuneOn = validation ?? { scores, labels };
  const perClass = Array.from({ length: classCount }, (_, c): ClassReport => {
    const s = column(scores, classCount, c);
    const l = column(labels, classCount, c);
    const { threshold } = tuneF1Threshold(column(tuneOn.scores, classCount, c), column(tuneOn.labels, classCount, c));
    const counts = countsAt(s, l, threshold);
    return { auc: rocAuc(s, l), threshold, f1: f1Score(counts), sensitivity: sensitivity(counts), specificity: specificity(counts) };
  });
  const aucs = perClass.map((p) => p.auc).filter((a) => !Number.isNaN(a));
  return {
    macroAuc: aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : NaN,
    macroF1: perClass.reduce((a, p) => a + p.f1, 0) / classCount,
    perClass,
  };
}
