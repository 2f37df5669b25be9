// Batched inference of a multi-task model on prepared input windows: recovered signals and label probabilities.
import * as tf from '@tensorflow/tfjs';

export interface MultiTaskPrediction {
  /** Recovered (denoised) windows, same layout and unit as the input: [count × length × leads]. */
  recovered: Float32Array;
  /** sigmoid(logit) per label: [count × classCount]. */
  probabilities: Float32Array;
  classCount: number;
  /** tfjs backend that computed it. */
  backend: string;
}

/**
 * Runs the model on `count` windows laid out [count × length × leads] (already resampled, unit-converted and
 * normalised as the package's input spec says), `batchSize` windows per forward pass; memory beyond the
 * outputs stays bounded by one batch.
 */
export function predictMultiTask(model: tf.LayersModel, windows: Float32Array, count: number, batchSize = 32): MultiTaskPrediction {
  const shape = model.inputs[0]!.shape;
  const length = shape[1] as number;
  const leads = shape[2] as number;
  const per = length * leads;
  if (windows.length !== count * per) throw new Error(`expected ${count} × ${length} × ${leads} = ${count * per} values, got ${windows.length}`);
  const classCount = model.outputs[1]!.shape[1] as number;
  const recovered = new Float32Array(count * per);
  const probabilities = new Float32Array(count * classCount);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    tf.tidy(() => {
      const x = tf.tensor3d(windows.subarray(start * per, (start + n) * per), [n, length, leads]);
      const [rec, logits] = model.predict(x) as tf.Tensor[];
      recovered.set(rec!.dataSync() as Float32Array, start * per);
      probabilities.set(tf.sigmoid(logits!).dataSync() as Float32Array, start * classCount);
    });
  }
  return { recovered, probabilities, classCount, backend: tf.getBackend() };
}
