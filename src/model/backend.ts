// TensorFlow.js backend selection (native tfjs-node > wasm > pure-JS cpu) and what the chosen one can do.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import { batchNormGradientRegistered, registerBatchNormGradient } from './kernels/batchNormGrad';
import { conv2dGradientRegistered, registerConv2dGradient } from './kernels/conv2dGrad';

/** Backends ECG Studio knows; 'tensorflow' is the name tfjs-node registers. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** The active tfjs backend; every training or evaluation result records it. */
  name: BackendName;
  tfjsVersion: string;
  /** Versions of the tfjs packages in use (core, layers, backends). */
  versions: Record<string, string>;
  /** Threads the backend computes with (1 for wasm under Node, where wasm threads are unavailable). */
  threads: number | null;
  /** Whether the wasm backend runs its SIMD build (null for other backends). */
  simd: boolean | null;
  /** Whether `@tensorflow/tfjs-node` could be loaded. */
  nativeAvailable: boolean;
  /** Kernels whose gradients run through our replacements (src/model/kernels/): 'Conv2D', 'FusedBatchNorm'. */
  gradientOverrides: string[];
  /** One sentence each: what would make training or inference faster here. */
  hints: string[];
}

export interface SelectBackendOptions {
  /** Force one backend instead of the best available one. */
  prefer?: BackendName;
  /**
   * Folder (ending in '/') or URL prefix holding the tfjs-backend-wasm `.wasm` files. Under Node it defaults
   * to the package's own dist folder; browsers must pass where they serve the files.
   */
  wasmPathPrefix?: string;
}

let wasmPathsSet = false;
let lastInfo: BackendInfo | undefined;

function canResolve(moduleName: string): boolean {
  try {
    require.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

function tryLoadNative(): boolean {
  if (!canResolve('@tensorflow/tfjs-node')) return false;
  try {
    // tfjs-node registers the 'tensorflow' backend as a side effect of being loaded; it is an optional dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') !== null;
  } catch {
    return false;
  }
}

function defaultWasmPrefix(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  } catch {
    return undefined;
  }
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Picks and initialises the fastest available backend: tfjs-node when it resolves, else wasm (SIMD),
 * else the pure-JS cpu backend. On wasm the Conv2D gradient is re-registered, because the wasm backend has
 * no Conv2DBackpropFilter kernel and its Conv2DBackpropInput is a scalar loop; so is the batch-norm
 * gradient, whose stock form tiles a per-channel factor with wasm's slow Tile kernel.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const nativeAvailable = options.prefer === undefined || options.prefer === 'tensorflow' ? tryLoadNative() : false;
  const order: BackendName[] = options.prefer ? [options.prefer] : ['tensorflow', 'wasm', 'cpu'];
  let chosen: BackendName | undefined;
  for (const name of order) {
    if (name === 'tensorflow' && !nativeAvailable) continue;
    if (name === 'wasm' && !wasmPathsSet) {
      const prefix = options.wasmPathPrefix ?? defaultWasmPrefix();
      if (prefix !== undefined) setWasmPaths(prefix);
      wasmPathsSet = true;
    }
    if (await trySetBackend(name)) {
      chosen = name;
      break;
    }
  }
  if (chosen === undefined) throw new Error(`tfjs backend '${order.join("', '")}' could not be initialised`);
  await tf.ready();
  if (chosen === 'wasm') {
    registerConv2dGradient();
    registerBatchNormGradient();
  }
  lastInfo = describeBackend(chosen, nativeAvailable);
  return lastInfo;
}

/** Describes the active backend (call after selectBackend). */
export function backendInfo(): BackendInfo {
  const name = tf.getBackend() as BackendName;
  if (lastInfo && lastInfo.name === name) return lastInfo;
  return describeBackend(name, canResolve('@tensorflow/tfjs-node'));
}

function describeBackend(name: BackendName, nativeAvailable: boolean): BackendInfo {
  const env = tf.env();
  const simd = name === 'wasm' ? env.getBool('WASM_HAS_SIMD_SUPPORT') : null;
  const wasmThreads = name === 'wasm' ? env.getBool('WASM_HAS_MULTITHREAD_SUPPORT') : false;
  const threads = name === 'wasm' ? (wasmThreads ? null : 1) : name === 'cpu' ? 1 : null;
  const hints: string[] = [];
  if (name !== 'tensorflow') {
    hints.push(
      nativeAvailable
        ? 'tfjs-node resolves but its native TensorFlow backend failed to load; reinstall @tensorflow/tfjs-node for multi-threaded native kernels.'
        : 'Install @tensorflow/tfjs-node (native TensorFlow, multi-threaded) for several times faster training and inference.',
    );
  }
  if (name === 'wasm' && !wasmThreads) {
    hints.push('The wasm backend runs single-threaded under Node (its threaded build needs cross-origin-isolated SharedArrayBuffer workers).');
  }
  if (name === 'wasm' && simd === false) hints.push('This runtime lacks WebAssembly SIMD; a newer Node or Electron would run the SIMD build about 2-3x faster.');
  if (name === 'cpu') hints.push('The pure-JS cpu backend is about 100x slower than wasm for convolutions; make the wasm files reachable.');
  const versions: Record<string, string> = { ...(tf.version as unknown as Record<string, string>), 'tfjs-backend-wasm': version_wasm };
  return {
    name,
    tfjsVersion: tf.version.tfjs,
    versions,
    threads,
    simd,
    nativeAvailable,
    gradientOverrides: [...(conv2dGradientRegistered() ? ['Conv2D'] : []), ...(batchNormGradientRegistered() ? ['FusedBatchNorm'] : [])],
    hints,
  };
}
