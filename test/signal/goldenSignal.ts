// Loads the scipy golden values of test/golden/signal and rebuilds the test signal they were computed on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GoldenFilters {
  frequenciesHz: number[];
  butter: { name: string; order: number; cutoff: number | [number, number]; btype: string; fs: number; sos: number[][]; magnitude: number[]; filtfilt: number[] }[];
  notch: { notchHz: number; q: number; fs: number; sos: number[][]; magnitude: number[]; filtfilt: number[] }[];
  resample: { fromHz: number; toHz: number; up: number; down: number; n: number; y: number[] }[];
}

export const golden = JSON.parse(
  readFileSync(join(__dirname, '..', 'golden', 'signal', 'filters_resample.json'), 'utf8'),
) as GoldenFilters;

/** Same formula as make_golden.py's test_signal. */
export function goldenTestSignal(n: number, fs: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    x[i] =
      0.3 * Math.sin(2 * Math.PI * 0.3 * t) +
      Math.sin(2 * Math.PI * 10 * t) +
      0.2 * Math.sin(2 * Math.PI * 60 * t) +
      0.05 * Math.sin(2 * Math.PI * 120 * t + 0.5) +
      0.1;
    if (i % Math.trunc(fs) === Math.trunc(Math.trunc(fs) / 3)) x[i] = (x[i] as number) + 2;
  }
  return x;
}
