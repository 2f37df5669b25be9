// Evaluates a multi-task model on a batch source: task losses, classification AUC/F1 and recovery metrics.
import * as tf from '@tensorflow/tfjs';
import { classificationReport, macroAuc } from '../metrics/classification';
import { RecoveryMetricsAccumulator } from '../metrics/recovery';
import type { BatchSource } from './batches';
import { classificationLoss, recoveryLoss, type ClassLoss } from './losses';

export interface EvaluationResult {
  /** tfjs backend the evaluation ran on. */
  backend: string;
  records: number;
  recoveryLoss: number;
  classificationLoss: number;
  macroAuc: number;
  perClassAuc: number[];
  snrImprovementDb: number;
  snrOutDb: number;
  rmseUv: number;
  prdPercent: number;
  cosine: number;
  /** Sigmoid scores and labels, row-major [records, classCount] (for threshold tuning and reports). */
  scores: Float32Array;
  labels: Float32Array;
}

export interface EvaluateOptions {
  classLoss: ClassLoss;
  /** Microvolts per model unit after normalisation, to report RMSE in µV (1000 for signals in mV). */
  microvoltsPerUnit: number;
  /** Records per forward pass. */
  batchSize?: number;
}

/** Runs the model in inference mode over every batch of `source(0, 0)`; memory grows only with the scores. */
export async function evaluateMultiTask(model: tf.LayersModel, source: BatchSource, opts: EvaluateOptions): Promise<EvaluationResult> {
  const inShape = model.inputs[0]!.shape;
  const length = inShape[1] as number;
  const leads = inShape[2] as number;
  const per = length * leads;
  const rec = new RecoveryMetricsAccumulator(opts.microvoltsPerUnit);
  const scores: number[] = [];
  const labels: number[] = [];
  let n = 0;
  let recSum = 0;
  let clsSum = 0;
  let classCount = 0;
  for await (const batch of source(0, 0)) {
    classCount = batch.yClass.length / batch.size;
    const out = tf.tidy(() => {
      const x = tf.tensor3d(batch.x, [batch.size, length, leads]);
      const [r, logits] = model.predict(x, { batchSize: opts.batchSize ?? 32 }) as tf.Tensor[];
      const clean = tf.tensor3d(batch.yClean, [batch.size, length, leads]);
      const y = tf.tensor2d(batch.yClass, [batch.size, classCount]);
      return {
        recovered: r!.dataSync() as Float32Array,
        probs: tf.sigmoid(logits!).dataSync() as Float32Array,
        recLoss: recoveryLoss(r!, clean).dataSync()[0] as number,
        clsLoss: classificationLoss(logits!, y, opts.classLoss).dataSync()[0] as number,
      };
    });
    recSum += out.recLoss * batch.size;
    clsSum += out.clsLoss * batch.size;
    for (let i = 0; i < batch.size; i++) {
      const s = i * per;
      rec.addRecord(batch.yClean.subarray(s, s + per), (batch.xRaw ?? batch.x).subarray(s, s + per), out.recovered.subarray(s, s + per));
    }
    for (const v of out.probs) scores.push(v);
    for (const v of batch.yClass) labels.push(v);
    n += batch.size;
  }
  const auc = macroAuc(scores, labels, Math.max(1, classCount));
  const r = rec.result();
  return {
    backend: tf.getBackend(),
    records: n,
    recoveryLoss: n ? recSum / n : NaN,
    classificationLoss: n ? clsSum / n : NaN,
    macroAuc: auc.macro,
    perClassAuc: auc.perClass,
    snrImprovementDb: r.snrImprovementDb,
    snrOutDb: r.snrOutDb,
    rmseUv: r.rmseUv,
    prdPercent: r.prdPercent,
    cosine: r.cosine,
    scores: Float32Array.from(scores),
    labels: Float32Array.from(labels),
  };
}

/** F1 / sensitivity / specificity on test scores with thresholds tuned on validation scores. */
export function thresholdedReport(test: EvaluationResult, validation: EvaluationResult, classCount: number) {
  return classificationReport(test.scores, test.labels, classCount, { scores: validation.scores, labels: validation.labels });
}
