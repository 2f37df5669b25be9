// Conv2D gradient expressed as forward convolutions, so training runs on backends (wasm) that lack the backprop kernels.
import * as tf from '@tensorflow/tfjs';

type Pair = [number, number];

interface ConvGeometry {
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  filterH: number;
  filterW: number;
  strides: Pair;
  dilations: Pair;
  /** Padding before / after the input along height and width. */
  padH: Pair;
  padW: Pair;
}

function pair(v: number | [number, number] | undefined, fallback: number): Pair {
  if (v === undefined) return [fallback, fallback];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function geometry(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dilations: number | [number, number] | undefined,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    pair(dilations, 1),
    pad,
    dimRoundingMode,
  );
  return {
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    filterH: info.filterHeight,
    filterW: info.filterWidth,
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    padH: [info.padInfo.top, info.padInfo.bottom],
    padW: [info.padInfo.left, info.padInfo.right],
  };
}

/**
 * dL/dfilter of y = conv2d(x, filter) as one forward convolution: with the input transposed to
 * [inC, H, W, N] and dy to [outH, outW, N, outC] as the filter, dw[k] = Σ_{n,o} x[n, o·s + k·d − pad] dy[n, o]
 * is a convolution whose stride is the forward dilation and whose dilation is the forward stride.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dilations?: number | [number, number],
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = geometry(x.shape, filterShape, strides, pad, dilations, dimRoundingMode);
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(
      xT,
      dyT,
      g.dilations,
      [
        [0, 0],
        [g.padH[0], g.padH[1]],
        [g.padW[0], g.padW[1]],
        [0, 0],
      ],
      'NHWC',
      g.strides,
    );
    // Extra bottom/right padding can give more taps than the filter has; the first ones are the filter's.
    const dw = full.shape[1] === g.filterH && full.shape[2] === g.filterW ? full : tf.slice(full, [0, 0, 0, 0], [-1, g.filterH, g.filterW, -1]);
    return tf.transpose(dw, [1, 2, 0, 3]);
  });
}

/** Inserts (stride − 1) zeros between neighbours along `axis` (1 = height, 2 = width) of an NHWC tensor. */
function insertZeros(t: tf.Tensor4D, axis: 1 | 2, stride: number): tf.Tensor4D {
  if (stride === 1) return t;
  const [n, h, w, c] = t.shape;
  const len = axis === 1 ? h : w;
  const expanded = tf.expandDims(t, axis + 1) as tf.Tensor5D;
  const padding: [number, number][] = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  padding[axis + 1] = [0, stride - 1];
  const spread = tf.pad(expanded, padding);
  const newShape: [number, number, number, number] = axis === 1 ? [n, h * stride, w, c] : [n, h, w * stride, c];
  const flat = tf.reshape(spread, newShape);
  const keep = (len - 1) * stride + 1;
  return tf.slice(flat, [0, 0, 0, 0], axis === 1 ? [-1, keep, -1, -1] : [-1, -1, keep, -1]) as tf.Tensor4D;
}

/** Pads (positive amounts) or crops (negative amounts) along one spatial axis. */
function padOrCrop(before: number, after: number): { crop: Pair; pad: Pair } {
  return { crop: [Math.max(0, -before), Math.max(0, -after)], pad: [Math.max(0, before), Math.max(0, after)] };
}

/**
 * dL/dx of y = conv2d(x, filter) as one forward convolution: dy with (stride − 1) zeros inserted, padded by
 * (K − 1)·d − padBefore, convolved with the spatially flipped filter with in/out channels swapped, at the
 * forward dilation. Replaces wasm's scalar-loop Conv2DBackpropInput with its XNNPACK convolution.
 */
export function conv2dInputGradient(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dilations?: number | [number, number],
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = geometry(xShape, filter.shape, strides, pad, dilations, dimRoundingMode);
    let up = insertZeros(insertZeros(dy, 1, g.strides[0]), 2, g.strides[1]);
    const upH = up.shape[1];
    const upW = up.shape[2];
    const h = padOrCrop((g.filterH - 1) * g.dilations[0] - g.padH[0], g.inH + g.padH[0] - upH);
    const w = padOrCrop((g.filterW - 1) * g.dilations[1] - g.padW[0], g.inW + g.padW[0] - upW);
    if (h.crop[0] || h.crop[1] || w.crop[0] || w.crop[1]) {
      up = tf.slice(up, [0, h.crop[0], w.crop[0], 0], [-1, upH - h.crop[0] - h.crop[1], upW - w.crop[0] - w.crop[1], -1]);
    }
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(
      up,
      flipped as tf.Tensor4D,
      1,
      [
        [0, 0],
        [h.pad[0], h.pad[1]],
        [w.pad[0], w.pad[1]],
        [0, 0],
      ],
      'NHWC',
      g.dilations,
    );
  });
}

interface Conv2DAttrs {
  strides: number | [number, number];
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The gradient config tfjs registered for Conv2D before we replaced it (captured when this module loads). */
const tfjsConv2dGradient: tf.GradConfig | undefined = tf.getGradient('Conv2D');
let registered = false;

/**
 * How the input gradient is computed: 'convolution' (default, fast on wasm) or 'backprop-kernel' (the
 * backend's Conv2DBackpropInput, kept so benchmarks can measure what the convolution form gains).
 */
export type InputGradientMode = 'convolution' | 'backprop-kernel';
let inputGradientMode: InputGradientMode = 'convolution';

/** The stock tfjs Conv2D gradient (uses Conv2DBackpropInput / Conv2DBackpropFilter kernels); for reference tests. */
export function stockConv2dGradient(): tf.GradConfig {
  if (!tfjsConv2dGradient) throw new Error('tfjs has no Conv2D gradient registered');
  return tfjsConv2dGradient;
}

/** The replacement Conv2D gradient: both input and filter gradients as forward convolutions (NHWC only). */
export const conv2dGradConfig: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const a = attrs as unknown as Conv2DAttrs;
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const grad = dy as tf.Tensor4D;
    if (a.dataFormat === 'NCHW') return stockConv2dGradient().gradFunc(dy, saved, attrs);
    return {
      x: () =>
        inputGradientMode === 'convolution'
          ? conv2dInputGradient(x.shape, grad, filter, a.strides, a.pad, a.dilations, a.dimRoundingMode)
          : tf.conv2dTranspose(grad, filter, x.shape, a.strides, a.pad as 'same' | 'valid' | number, a.dimRoundingMode),
      filter: () => conv2dFilterGradient(x, grad, filter.shape, a.strides, a.pad, a.dilations, a.dimRoundingMode),
    };
  },
};

/** Replaces the global Conv2D gradient (tfjs gradients are shared by all backends); idempotent. */
export function registerConv2dGradient(mode: InputGradientMode = 'convolution'): void {
  inputGradientMode = mode;
  if (registered) return;
  tf.registerGradient(conv2dGradConfig);
  registered = true;
}

/** Whether registerConv2dGradient has run in this process. */
export function conv2dGradientRegistered(): boolean {
  return registered;
}
