// Test helper: puts tfjs on the wasm backend (as the app runs without tfjs-node) once per test process.
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendInfo } from '../../src/model/backend';

let ready: Promise<BackendInfo> | undefined;

export async function useWasmBackend(): Promise<BackendInfo> {
  ready ??= selectBackend({ prefer: 'wasm' });
  const info = await ready;
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  return info;
}

/** Deterministic pseudo-random floats in [-1, 1) for test data (mulberry32). */
export function testFloats(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
