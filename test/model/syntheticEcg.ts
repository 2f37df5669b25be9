// Test helper: tiny synthetic multi-task data (noisy/clean sinusoid "leads" whose frequency and amplitude set two labels).
import type { InMemoryExamples } from '../../src/model/train/batches';
import { testFloats } from './tfTestBackend';

/** Label 0 = faster rhythm, label 1 = larger amplitude; noise is uniform ±noiseAmplitude. */
export function syntheticExamples(count: number, length: number, leads: number, seed: number, noiseAmplitude = 0.4): InMemoryExamples {
  const u = testFloats(count * 3, seed);
  const noise = testFloats(count * length * leads, seed + 1);
  const classCount = 2;
  const x = new Float32Array(count * length * leads);
  const yClean = new Float32Array(count * length * leads);
  const yClass = new Float32Array(count * classCount);
  for (let i = 0; i < count; i++) {
    const fast = (u[i * 3] as number) > 0 ? 1 : 0;
    const big = (u[i * 3 + 1] as number) > 0 ? 1 : 0;
    const phase = Math.PI * (u[i * 3 + 2] as number);
    yClass[i * classCount] = fast;
    yClass[i * classCount + 1] = big;
    const period = fast ? 8 : 16;
    const amp = big ? 1 : 0.5;
    for (let t = 0; t < length; t++) {
      for (let c = 0; c < leads; c++) {
        const k = (i * length + t) * leads + c;
        const v = amp * Math.sin((2 * Math.PI * t) / period + phase + c);
        yClean[k] = v;
        x[k] = v + noiseAmplitude * (noise[k] as number);
      }
    }
  }
  return { count, length, leads, classCount, x, yClean, yClass };
}
