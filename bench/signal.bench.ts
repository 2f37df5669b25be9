// Signal benchmark: QRS detection over the 48 MIT-BIH records per method, zero-phase filtering, resampling.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readWfdb } from '../src/formats/wfdb';
import { ECG_PEAKS_METHODS, ecgPeaks } from '../src/signal/ecgPeaks';
import { ecgFilterSos } from '../src/signal/ecgFilter';
import { sosFiltFilt } from '../src/signal/filters';
import { resampleSignal } from '../src/signal/resample';
import { HAS_SHARED_DATA, readShared, sharedPath } from '../test/helpers/sharedData';

interface Timing {
  samples: number;
  /** Wall-clock seconds. */
  seconds: number;
  samplesPerSec: number;
  /** CPU seconds (user + system): the fairer figure on a shared machine. */
  cpuSeconds: number;
  samplesPerCpuSec: number;
}

function time(samples: number, fn: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { samples, seconds, samplesPerSec: samples / seconds, cpuSeconds, samplesPerCpuSec: samples / cpuSeconds };
}

function mitdbSignals(): Float32Array[] {
  if (!HAS_SHARED_DATA) {
    // Without the shared data, a synthetic stand-in of the same size keeps the script runnable.
    const x = new Float32Array(650000);
    for (let i = 0; i < x.length; i++) x[i] = Math.exp(-0.5 * (((i % 288) - 144) / 4) ** 2) + 0.05 * Math.sin(i / 500);
    return Array.from({ length: 48 }, () => x);
  }
  const names = readFileSync(sharedPath('mitdb', 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  return names.map((name) => {
    const r = readWfdb(readShared('mitdb', `${name}.hea`), { fileName: `${name}.hea`, readSibling: (n) => readShared('mitdb', n) });
    return r.leads[0]!.samples;
  });
}

const signals = mitdbSignals();
const total = signals.reduce((a, s) => a + s.length, 0);
const peaks: Record<string, Timing> = {};
for (const method of ECG_PEAKS_METHODS) {
  peaks[method] = time(total, () => {
    for (const s of signals) ecgPeaks(s, 360, { method });
  });
  console.log(`ecgPeaks ${method}: ${(peaks[method]!.samplesPerSec / 1e6).toFixed(2)} M samples/s`);
}

// Diagnostic preset (0.05–150 Hz, order-2 edges) at 360 Hz (150 Hz < 0.95·Nyquist), sosfiltfilt over all records.
const sos = ecgFilterSos(360, { preset: 'diagnostic' });
const filtering = time(total, () => {
  for (const s of signals) sosFiltFilt(sos, s);
});
console.log(`sosFiltFilt diagnostic: ${(filtering.samplesPerSec / 1e6).toFixed(2)} M samples/s`);

const resampling: Record<string, Timing> = {};
for (const [from, to] of [
  [360, 100],
  [360, 250],
  [360, 500],
] as const) {
  const subset = signals.slice(0, 12);
  const n = subset.reduce((a, s) => a + s.length, 0);
  resampling[`${from}->${to}`] = time(n, () => {
    for (const s of subset) resampleSignal(s, from, to);
  });
  console.log(`resample ${from}→${to}: ${(resampling[`${from}->${to}`]!.samplesPerSec / 1e6).toFixed(2)} M input samples/s`);
}

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/signal.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      data: HAS_SHARED_DATA ? 'mitdb (48 records, lead 0, 360 Hz)' : 'synthetic stand-in (shared data missing)',
      qrsDetection: peaks,
      filteringDiagnosticSosfiltfilt: { sections: sos.length, ...filtering },
      resampling,
    },
    null,
    2,
  )}\n`,
);
