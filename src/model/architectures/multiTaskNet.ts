// The multi-task ECG network: a residual 1D-CNN encoder shared (hard, soft or multi-head) by a recovery decoder and a classifier.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/**
 * How the two tasks share parameters (Ruder 2017, "An Overview of Multi-Task Learning in Deep Neural
 * Networks", §4): 'hard' one encoder for both; 'soft' one encoder per task tied by an L2 penalty between
 * corresponding layers (Duong et al. 2015); 'multihead' a shared trunk with task-specific last stages.
 */
export type SharingScheme = 'hard' | 'soft' | 'multihead';
export type NormKind = 'batch' | 'layer' | 'none';

export const multiTaskNetConfigSchema = z.object({
  /** Samples per lead the network takes (at the model's sampling rate); divisible by 2^stages. */
  inputLength: z.number().int().positive(),
  leads: z.number().int().positive(),
  classCount: z.number().int().positive(),
  /** Channels of each down-sampling stage (each halves the length). */
  stageFilters: z.array(z.number().int().positive()).min(1),
  kernelSize: z.number().int().min(1),
  blocksPerStage: z.number().int().min(1),
  norm: z.enum(['batch', 'layer', 'none']),
  sharing: z.enum(['hard', 'soft', 'multihead']),
  /** 'multihead': how many of the last encoder stages each task gets its own copy of. */
  taskSpecificStages: z.number().int().min(1),
  /** 'noise': the decoder predicts the noise and the output is input − noise; 'signal': it predicts the clean signal. */
  recoveryTarget: z.enum(['signal', 'noise']),
  seed: z.number().int(),
});
export type MultiTaskNetConfig = z.infer<typeof multiTaskNetConfigSchema>;

/** Defaults for 12-lead, 10 s, 100 Hz input (receptive field 133 samples = 1.33 s, at least one beat). */
export function defaultNetConfig(overrides: Partial<MultiTaskNetConfig> = {}): MultiTaskNetConfig {
  return multiTaskNetConfigSchema.parse({
    inputLength: 1000,
    leads: 12,
    classCount: 5,
    stageFilters: [32, 48, 64],
    kernelSize: 7,
    blocksPerStage: 1,
    norm: 'batch',
    sharing: 'hard',
    taskSpecificStages: 1,
    recoveryTarget: 'noise',
    seed: 1,
    ...overrides,
  });
}

/** Output names of the model, in output order. */
export const RECOVERY_OUTPUT = 'recovery';
export const CLASS_LOGITS_OUTPUT = 'class_logits';

export interface MultiTaskNet {
  model: tf.LayersModel;
  config: MultiTaskNetConfig;
  /** 'soft' sharing: corresponding weights of the two task encoders (penalised by their squared distance). */
  softPairs: [tf.LayerVariable, tf.LayerVariable][];
  /** Names of trainable weights both tasks use (the shared encoder); empty for 'soft'. */
  sharedWeightNames: string[];
  /** The last shared layer's kernel name (GradNorm measures gradient norms there), if any layer is shared. */
  lastSharedKernelName: string | undefined;
  receptiveFieldSamples: number;
}

/** Receptive field in input samples of the deepest encoder feature (stride-2 first conv in each stage). */
export function receptiveFieldSamples(config: Pick<MultiTaskNetConfig, 'stageFilters' | 'kernelSize' | 'blocksPerStage'>): number {
  const k = config.kernelSize;
  let rf = k;
  let jump = 1;
  for (let s = 0; s < config.stageFilters.length; s++) {
    rf += (k - 1) * jump;
    jump *= 2;
    rf += (k - 1) * jump;
    rf += (config.blocksPerStage - 1) * 2 * (k - 1) * jump;
  }
  return rf;
}

class Builder {
  private seedCounter: number;
  constructor(
    private readonly config: MultiTaskNetConfig,
  ) {
    this.seedCounter = config.seed * 1000;
  }

  private init(): ReturnType<typeof tf.initializers.heNormal> {
    return tf.initializers.heNormal({ seed: this.seedCounter++ });
  }

  conv(x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number, strides = 1, activation: 'linear' | 'relu' = 'linear', zeroInit = false) {
    const kernelInitializer = zeroInit ? tf.initializers.zeros() : this.init();
    return tf.layers
      .conv1d({ name, filters, kernelSize, strides, padding: 'same', activation, kernelInitializer, useBias: true })
      .apply(x) as tf.SymbolicTensor;
  }

  norm(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    // Momentum 0.9 (not Keras' 0.99): moving statistics must settle within the few hundred steps of small training runs.
    if (this.config.norm === 'batch') return tf.layers.batchNormalization({ name, axis: -1, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
    if (this.config.norm === 'layer') return tf.layers.layerNormalization({ name, axis: -1 }).apply(x) as tf.SymbolicTensor;
    return x;
  }

  relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return tf.layers.activation({ name, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  }

  /** Residual block (He et al. 2016, "Deep Residual Learning"): conv-norm-relu-conv-norm + shortcut, relu. */
  resBlock(x: tf.SymbolicTensor, name: string, filters: number, strides: number): tf.SymbolicTensor {
    const k = this.config.kernelSize;
    let h = this.conv(x, `${name}_conv1`, filters, k, strides);
    h = this.relu(this.norm(h, `${name}_norm1`), `${name}_relu1`);
    h = this.norm(this.conv(h, `${name}_conv2`, filters, k), `${name}_norm2`);
    const inFilters = x.shape[x.shape.length - 1];
    const shortcut = strides !== 1 || inFilters !== filters ? this.conv(x, `${name}_proj`, filters, 1, strides) : x;
    const sum = tf.layers.add({ name: `${name}_add` }).apply([h, shortcut]) as tf.SymbolicTensor;
    return this.relu(sum, `${name}_out`);
  }

  stem(x: tf.SymbolicTensor, prefix: string): tf.SymbolicTensor {
    const h = this.conv(x, `${prefix}stem_conv`, this.config.stageFilters[0] as number, this.config.kernelSize);
    return this.relu(this.norm(h, `${prefix}stem_norm`), `${prefix}stem_relu`);
  }

  stage(x: tf.SymbolicTensor, prefix: string, s: number): tf.SymbolicTensor {
    const filters = this.config.stageFilters[s] as number;
    let h = this.resBlock(x, `${prefix}stage${s}_block0`, filters, 2);
    for (let b = 1; b < this.config.blocksPerStage; b++) h = this.resBlock(h, `${prefix}stage${s}_block${b}`, filters, 1);
    return h;
  }

  /** Sub-pixel up-sampling by 2 (Shi et al. 2016): conv to 2·C channels, reshape to twice the length. */
  upsample(x: tf.SymbolicTensor, name: string, filters: number): tf.SymbolicTensor {
    const length = x.shape[1] as number;
    const h = this.conv(x, `${name}_conv`, filters * 2, 3);
    return tf.layers.reshape({ name: `${name}_shuffle`, targetShape: [length * 2, filters] }).apply(h) as tf.SymbolicTensor;
  }
}

/**
 * Builds the network as one tf.layers model with input [inputLength, leads] and outputs
 * [recovery [inputLength, leads], class logits [classCount]]. The recovery decoder is a U-Net
 * (Ronneberger et al. 2015) of sub-pixel up-sampling stages with skip connections; no upSampling1d layer,
 * because the cpu backend's ResizeNearestNeighborGrad is wrong for batch > 1.
 */
export function buildMultiTaskNet(config: MultiTaskNetConfig): MultiTaskNet {
  const cfg = multiTaskNetConfigSchema.parse(config);
  const stages = cfg.stageFilters.length;
  if (cfg.inputLength % 2 ** stages !== 0) {
    throw new Error(`inputLength ${cfg.inputLength} must be divisible by 2^${stages} (one halving per encoder stage)`);
  }
  if (cfg.sharing === 'multihead' && cfg.taskSpecificStages > stages) {
    throw new Error(`taskSpecificStages ${cfg.taskSpecificStages} exceeds the ${stages} encoder stages`);
  }
  const b = new Builder(cfg);
  const input = tf.input({ shape: [cfg.inputLength, cfg.leads], name: 'ecg' });
  const sharedStages = cfg.sharing === 'hard' ? stages : cfg.sharing === 'multihead' ? stages - cfg.taskSpecificStages : -1;

  /** Encoder features per resolution: [stem (L), stage0 (L/2), …]; shares the first layers when asked. */
  const shared: tf.SymbolicTensor[] = [];
  if (sharedStages >= 0) {
    shared.push(b.stem(input, 'sh_'));
    for (let s = 0; s < sharedStages; s++) shared.push(b.stage(shared[shared.length - 1] as tf.SymbolicTensor, 'sh_', s));
  }
  const taskEncoder = (prefix: string): tf.SymbolicTensor[] => {
    const feats = [...shared];
    if (feats.length === 0) feats.push(b.stem(input, prefix));
    for (let s = feats.length - 1; s < stages; s++) feats.push(b.stage(feats[feats.length - 1] as tf.SymbolicTensor, prefix, s));
    return feats;
  };
  const recFeats = taskEncoder('rec_enc_');
  const clsFeats = taskEncoder('cls_enc_');

  // Recovery decoder: up-sample, concatenate the encoder feature at that resolution, conv-norm-relu.
  let h = recFeats[stages] as tf.SymbolicTensor;
  for (let s = stages - 1; s >= 0; s--) {
    const filters = s === 0 ? (cfg.stageFilters[0] as number) : (cfg.stageFilters[s - 1] as number);
    h = b.upsample(h, `rec_dec${s}_up`, filters);
    h = tf.layers.concatenate({ name: `rec_dec${s}_skip`, axis: -1 }).apply([h, recFeats[s] as tf.SymbolicTensor]) as tf.SymbolicTensor;
    h = b.relu(b.norm(b.conv(h, `rec_dec${s}_conv`, filters, cfg.kernelSize), `rec_dec${s}_norm`), `rec_dec${s}_relu`);
  }
  // 'noise': the last conv predicts minus the noise and is added to the input (residual learning, Zhang et al.
  // 2017, DnCNN), which equals input − predicted noise with built-in layers only. It starts at zero, so an
  // untrained network is the identity rather than input plus random noise.
  const noiseHead = cfg.recoveryTarget === 'noise';
  const last = b.conv(h, noiseHead ? 'rec_negnoise' : 'rec_signal', cfg.leads, cfg.kernelSize, 1, 'linear', noiseHead);
  const recovery =
    cfg.recoveryTarget === 'noise'
      ? (tf.layers.add({ name: RECOVERY_OUTPUT }).apply([input, last]) as tf.SymbolicTensor)
      : (tf.layers.activation({ name: RECOVERY_OUTPUT, activation: 'linear' }).apply(last) as tf.SymbolicTensor);

  // Classifier: global average and max pooling of the deepest feature, one linear layer to logits.
  const deep = clsFeats[stages] as tf.SymbolicTensor;
  const pooled = tf.layers.concatenate({ name: 'cls_pool', axis: -1 }).apply([
    tf.layers.globalAveragePooling1d({ name: 'cls_avgpool' }).apply(deep) as tf.SymbolicTensor,
    tf.layers.globalMaxPooling1d({ name: 'cls_maxpool' }).apply(deep) as tf.SymbolicTensor,
  ]) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: CLASS_LOGITS_OUTPUT, units: cfg.classCount, kernelInitializer: tf.initializers.glorotUniform({ seed: cfg.seed * 1000 + 999 }) })
    .apply(pooled) as tf.SymbolicTensor;

  const model = tf.model({ inputs: input, outputs: [recovery, logits], name: `ecg_multitask_${cfg.sharing}` });
  return describeNet(model, cfg);
}

/** Soft-sharing pairs, shared weight names and the receptive field of a built (or loaded) network. */
export function describeNet(model: tf.LayersModel, config: MultiTaskNetConfig): MultiTaskNet {
  const softPairs: [tf.LayerVariable, tf.LayerVariable][] = [];
  if (config.sharing === 'soft') {
    for (const layer of model.layers) {
      if (!layer.name.startsWith('rec_enc_')) continue;
      const twin = model.layers.find((l) => l.name === `cls_enc_${layer.name.slice('rec_enc_'.length)}`);
      if (!twin) continue;
      layer.trainableWeights.forEach((w, i) => {
        const other = twin.trainableWeights[i];
        if (other) softPairs.push([w, other]);
      });
    }
  }
  const sharedLayers = model.layers.filter((l) => l.name.startsWith('sh_') && l.trainableWeights.length > 0);
  const sharedWeightNames = sharedLayers.flatMap((l) => l.trainableWeights.map((w) => w.name));
  const lastConv = [...sharedLayers].reverse().find((l) => l.getClassName() === 'Conv1D');
  return {
    model,
    config,
    softPairs,
    sharedWeightNames,
    lastSharedKernelName: lastConv?.trainableWeights[0]?.name,
    receptiveFieldSamples: receptiveFieldSamples(config),
  };
}
