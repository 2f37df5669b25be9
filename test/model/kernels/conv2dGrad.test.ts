import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, conv2dInputGradient, stockConv2dGradient } from '../../../src/model/kernels/conv2dGrad';
import { testFloats, useWasmBackend } from '../tfTestBackend';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
interface Case {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dilations: [number, number];
}

const cases: Case[] = [
  { name: '1D stride 1 same', x: [3, 1, 40, 4], f: [1, 7, 4, 5], strides: [1, 1], pad: 'same', dilations: [1, 1] },
  { name: '1D stride 1 valid', x: [2, 1, 33, 3], f: [1, 5, 3, 6], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  { name: '1D stride 2 same, even length', x: [2, 1, 40, 4], f: [1, 7, 4, 5], strides: [1, 2], pad: 'same', dilations: [1, 1] },
  { name: '1D stride 2 same, odd length', x: [2, 1, 37, 3], f: [1, 6, 3, 4], strides: [1, 2], pad: 'same', dilations: [1, 1] },
  { name: '1D stride 3 valid', x: [2, 1, 41, 3], f: [1, 5, 3, 2], strides: [1, 3], pad: 'valid', dilations: [1, 1] },
  { name: '1D dilation 2 same', x: [2, 1, 40, 4], f: [1, 5, 4, 3], strides: [1, 1], pad: 'same', dilations: [1, 2] },
  { name: '1D dilation 3 valid', x: [2, 1, 45, 3], f: [1, 4, 3, 5], strides: [1, 1], pad: 'valid', dilations: [1, 3] },
  { name: '2D stride 2x2 same', x: [2, 9, 11, 3], f: [3, 3, 3, 4], strides: [2, 2], pad: 'same', dilations: [1, 1] },
  { name: '2D stride 1 valid, 1x1 kernel', x: [2, 5, 6, 3], f: [1, 1, 3, 4], strides: [1, 1], pad: 'valid', dilations: [1, 1] },
  {
    name: '1D explicit padding (2, 4), stride 2',
    x: [2, 1, 30, 3],
    f: [1, 5, 3, 4],
    strides: [1, 2],
    pad: [
      [0, 0],
      [0, 0],
      [2, 4],
      [0, 0],
    ],
    dilations: [1, 1],
  },
];

/** Zero-inserted filter: conv with it at dilation 1 equals conv with the original at `dilations`. */
function dilateFilter(f: Float32Array, shape: number[], d: [number, number]): { data: Float32Array; shape: [number, number, number, number] } {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const dkh = (kh - 1) * d[0] + 1;
  const dkw = (kw - 1) * d[1] + 1;
  const out = new Float32Array(dkh * dkw * ci * co);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let c = 0; c < ci * co; c++) out[((a * d[0] * dkw + b * d[1]) * ci * co) + c] = f[(a * kw + b) * ci * co + c] as number;
  return { data: out, shape: [dkh, dkw, ci, co] };
}

function undilateGrad(g: Float32Array, shape: number[], d: [number, number]): Float32Array {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const dkw = (kw - 1) * d[1] + 1;
  const out = new Float32Array(kh * kw * ci * co);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let c = 0; c < ci * co; c++) out[(a * kw + b) * ci * co + c] = g[(a * d[0] * dkw + b * d[1]) * ci * co + c] as number;
  return out;
}

/** The cpu backend's own gradients through tfjs's stock Conv2D gradient (backprop kernels). */
async function cpuReference(c: Case, x: Float32Array, f: Float32Array, dy: Float32Array, dyShape: number[]) {
  await tf.setBackend('cpu');
  const dilated = c.dilations[0] > 1 || c.dilations[1] > 1;
  const filt = dilated ? dilateFilter(f, c.f, c.dilations) : { data: f, shape: c.f };
  const xt = tf.tensor4d(x, c.x);
  const ft = tf.tensor4d(filt.data, filt.shape);
  const dyt = tf.tensor4d(dy, dyShape as [number, number, number, number]);
  const grads = stockConv2dGradient().gradFunc(dyt, [xt, ft], { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1] }) as Record<
    string,
    () => tf.Tensor
  >;
  const dxt = grads['x']!();
  const dwt = grads['filter']!();
  const dx = dxt.dataSync().slice();
  let dw = dwt.dataSync().slice() as Float32Array;
  tf.dispose([dxt, dwt]);
  if (dilated) dw = undilateGrad(dw, c.f, c.dilations);
  tf.dispose([xt, ft, dyt]);
  return { dx, dw };
}

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] as number));
  let err = 0;
  for (let i = 0; i < b.length; i++) err = Math.max(err, Math.abs((a[i] as number) - (b[i] as number)));
  return err / Math.max(scale, 1e-12);
}

for (const c of cases) {
  test(`conv2dGrad: ${c.name} matches the cpu backend's gradients on wasm`, async (t) => {
    await useWasmBackend();
    const x = testFloats(c.x.reduce((p, q) => p * q), 11);
    const f = testFloats(c.f.reduce((p, q) => p * q), 12);
    const before = tf.memory().numTensors;
    const xt = tf.tensor4d(x, c.x);
    const ft = tf.tensor4d(f, c.f);
    const yShape = tf.tidy(() => tf.conv2d(xt, ft, c.strides, c.pad, 'NHWC', c.dilations).shape);
    const dy = testFloats(yShape.reduce((p, q) => p * q), 13);
    const dyt = tf.tensor4d(dy, yShape);
    // Through the registered gradient (the op path training takes)...
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations), dyt)),
    )([xt, ft]);
    const dx = gx!.dataSync().slice();
    const dw = gf!.dataSync().slice();
    // ...and the exported functions directly.
    const dx2 = conv2dInputGradient(c.x, dyt, ft, c.strides, c.pad, c.dilations);
    const dw2 = conv2dFilterGradient(xt, dyt, c.f, c.strides, c.pad, c.dilations);
    assert.deepEqual(dx2.shape, c.x);
    assert.deepEqual(dw2.shape, c.f);
    const direct = { dx: dx2.dataSync().slice(), dw: dw2.dataSync().slice() };
    tf.dispose([xt, ft, dyt, gx!, gf!, dx2, dw2]);
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    const ref = await cpuReference(c, x, f, dy, yShape);
    await useWasmBackend();
    const errX = maxRelError(dx, ref.dx);
    const errW = maxRelError(dw, ref.dw);
    t.diagnostic(`max relative error dx ${errX.toExponential(2)}, dw ${errW.toExponential(2)}`);
    assert.ok(errX < 1e-4, `dx error ${errX}`);
    assert.ok(errW < 1e-4, `dw error ${errW}`);
    assert.ok(maxRelError(direct.dx, ref.dx) < 1e-4);
    assert.ok(maxRelError(direct.dw, ref.dw) < 1e-4);
  });
}

test('conv2dGrad: conv1d (the op tf.layers.conv1d uses) trains on wasm without Conv2DBackpropFilter', async () => {
  await useWasmBackend();
  const before = tf.memory().numTensors;
  const x = tf.tensor3d(testFloats(2 * 50 * 3, 1), [2, 50, 3]);
  const w0 = tf.tensor3d(testFloats(5 * 3 * 4, 2), [5, 3, 4]);
  const w = tf.variable(w0);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.conv1d(x, w, 2, 'same'))), [w]);
  assert.deepEqual(grads[w.name]!.shape, [5, 3, 4]);
  assert.ok(Number.isFinite(value.dataSync()[0]));
  tf.dispose([x, w0, w, value, grads[w.name]!]);
  assert.equal(tf.memory().numTensors, before);
});
