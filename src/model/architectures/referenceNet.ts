// The benchmark reference network, layer for layer the PyTorch model of shared/bench/torch_reference.py.
import * as tf from '@tensorflow/tfjs';
import { describeNet, type MultiTaskNet } from './multiTaskNet';

/**
 * encoder Conv1d(12→32,k7)-relu-MaxPool2-Conv1d(32→64,k5)-relu-MaxPool2-Conv1d(64→64,k5)-relu; recovery
 * Upsample2(nearest)-Conv1d(64→32,k5)-relu-Upsample2-Conv1d(32→12,k7); classifier GlobalAvgPool-Linear(64→5)
 * (logits; sigmoid is applied in the loss). 46,865 parameters. Nearest up-sampling is concatenate([h, h]) +
 * reshape, which avoids upSampling1d (the cpu backend's ResizeNearestNeighborGrad is wrong for batch > 1).
 */
export function buildReferenceNet(options: { length?: number; leads?: number; classCount?: number; seed?: number } = {}): MultiTaskNet {
  const length = options.length ?? 1000;
  const leads = options.leads ?? 12;
  const classCount = options.classCount ?? 5;
  let seed = options.seed ?? 0;
  const conv = (x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number, activation: 'relu' | 'linear') =>
    tf.layers
      .conv1d({ name, filters, kernelSize, padding: 'same', activation, kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }) })
      .apply(x) as tf.SymbolicTensor;
  const pool = (x: tf.SymbolicTensor, name: string) => tf.layers.maxPooling1d({ name, poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  const upsample = (x: tf.SymbolicTensor, name: string) => {
    const [, len, ch] = x.shape as [null, number, number];
    // A distinct second input: tfjs-layers' executor frees a tensor passed twice to one layer too early.
    const copy = tf.layers.reshape({ name: `${name}_copy`, targetShape: [len, ch] }).apply(x) as tf.SymbolicTensor;
    const twice = tf.layers.concatenate({ name: `${name}_dup`, axis: -1 }).apply([x, copy]) as tf.SymbolicTensor;
    return tf.layers.reshape({ name, targetShape: [len * 2, ch] }).apply(twice) as tf.SymbolicTensor;
  };
  const input = tf.input({ shape: [length, leads], name: 'ecg' });
  let h = pool(conv(input, 'sh_enc1', 32, 7, 'relu'), 'sh_pool1');
  h = pool(conv(h, 'sh_enc2', 64, 5, 'relu'), 'sh_pool2');
  const enc = conv(h, 'sh_enc3', 64, 5, 'relu');
  let r = conv(upsample(enc, 'rec_up1'), 'rec_conv1', 32, 5, 'relu');
  r = conv(upsample(r, 'rec_up2'), 'recovery', leads, 7, 'linear');
  const pooled = tf.layers.globalAveragePooling1d({ name: 'cls_avgpool' }).apply(enc) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'class_logits', units: classCount, kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }) })
    .apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: [r, logits], name: 'torch_reference_net' });
  return describeNet(model, {
    inputLength: length,
    leads,
    classCount,
    stageFilters: [32, 64],
    kernelSize: 5,
    blocksPerStage: 1,
    norm: 'none',
    sharing: 'hard',
    taskSpecificStages: 1,
    recoveryTarget: 'signal',
    seed: options.seed ?? 0,
  });
}
