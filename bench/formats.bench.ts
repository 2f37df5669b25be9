// Benchmark of signal decoding: all 48 MIT-BIH records (WFDB format 212), PTB-XL records (format 16), FLAC records.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWfdb } from '../src/formats/wfdb/readWfdb';
import { HAS_SHARED_DATA, sharedPath } from '../test/helpers/sharedData';

interface Loaded {
  name: string;
  files: Map<string, Uint8Array>;
  header: Uint8Array;
  signalBytes: number;
}

interface FormatResult {
  records: number;
  samples: number;
  bytes: number;
  /** Wall-clock seconds of the best pass. */
  seconds: number;
  samplesPerSec: number;
  mbPerSec: number;
  /** CPU seconds (user + system) of that pass: the per-core figure when the machine is shared. */
  cpuSeconds: number;
  mbPerCpuSec: number;
}

/** Reads a record's .hea and .dat into memory first, so only decoding is timed. */
function load(dir: string, name: string): Loaded {
  const header = new Uint8Array(readFileSync(join(dir, `${name}.hea`)));
  const dat = new Uint8Array(readFileSync(join(dir, `${name}.dat`)));
  return { name, header, files: new Map([[`${name}.dat`, dat]]), signalBytes: dat.length };
}

/** A record whose signal files have their own names (FLAC records keep one stream per file). */
function loadWithFiles(dir: string, name: string, signalFiles: string[]): Loaded {
  const header = new Uint8Array(readFileSync(join(dir, `${name}.hea`)));
  const files = new Map(signalFiles.map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const));
  return { name, header, files, signalBytes: [...files.values()].reduce((a, b) => a + b.length, 0) };
}

function bench(records: Loaded[], repeats: number): FormatResult {
  let samples = 0;
  let bytes = 0;
  let best = Infinity;
  let bestCpu = Infinity;
  for (let rep = 0; rep < repeats; rep++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let s = 0;
    let b = 0;
    for (const rec of records) {
      const r = readWfdb(rec.header, { fileName: `${rec.name}.hea`, readSibling: (n) => rec.files.get(n) }, { annotator: false });
      s += r.samplesPerLead * r.leads.length;
      b += rec.signalBytes;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    best = Math.min(best, seconds);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
    samples = s;
    bytes = b;
  }
  return {
    records: records.length,
    samples,
    bytes,
    seconds: Number(best.toFixed(4)),
    samplesPerSec: Math.round(samples / best),
    mbPerSec: Number((bytes / 1e6 / best).toFixed(1)),
    cpuSeconds: Number(bestCpu.toFixed(4)),
    mbPerCpuSec: Number((bytes / 1e6 / bestCpu).toFixed(1)),
  };
}

function main(): void {
  if (!HAS_SHARED_DATA) {
    console.log('shared data not found; formats benchmark skipped');
    return;
  }
  const mitdb = sharedPath('mitdb');
  const mitNames = readFileSync(join(mitdb, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
  const mit = mitNames.map((n) => load(mitdb, n));
  const ptbDir = sharedPath('ptb-xl', 'records100', '01000');
  const ptb = readdirSync(ptbDir)
    .filter((f) => f.endsWith('.hea'))
    .map((f) => load(ptbDir, f.slice(0, -4)));
  // One warm-up pass each, then the best of five timed passes.
  bench(mit, 1);
  bench(ptb, 1);
  // FLAC (formats 508/516/524): the wfdb-python FLAC records, each 20 times over so a pass lasts long enough to time.
  const samplesDir = sharedPath('wfdb-python-samples', 'sample-data');
  const flacRecords = [
    loadWithFiles(samplesDir, 'mixedsignals', ['mixedsignals_e.dat', 'mixedsignals_p.dat', 'mixedsignals_r.dat']),
    loadWithFiles(samplesDir, 'flacformats', ['flacformats.d0', 'flacformats.d1', 'flacformats.d2']),
  ];
  const flac = Array.from({ length: 20 }, () => flacRecords).flat();
  bench(flac, 1);
  const results = { '212': bench(mit, 5), '16': bench(ptb, 5), flac: bench(flac, 5) };
  const out = {
    node: process.version,
    note: 'decode only (files read into memory first); best of 5 passes; MB = signal-file bytes / 1e6; mbPerCpuSec uses CPU time (fair on a shared machine)',
    formats: results,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'formats.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}

main();
