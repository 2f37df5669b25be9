// Benchmark of the local library: import throughput (PTB-XL, MIT-BIH), signal window/overview reads, list queries on 10,000 records.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRecords, type ImportSummary } from '../src/pipeline/importRecords';
import { checkIntegrity } from '../src/store/db';
import { fsFileSource, sha256Parts } from '../src/store/fileSource';
import { openLibrary, type Library } from '../src/store/library';
import type { RecordQuery } from '../src/shared/storeContracts';
import { HAS_SHARED_DATA, sharedPath } from '../test/helpers/sharedData';
import { syntheticRecord } from '../test/store/helpers/syntheticRecord';

const work = mkdtempSync(join(tmpdir(), 'ecg-store-bench-'));

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timed<T>(fn: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const c0 = cpuSeconds();
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: cpuSeconds() - c0 };
}

/** Median and 95th percentile in milliseconds over `runs` calls. */
function latency(runs: number, fn: (i: number) => void): { medianMs: number; p95Ms: number; runs: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { medianMs: round(ms[Math.floor(runs / 2)]!), p95Ms: round(ms[Math.min(runs - 1, Math.floor(runs * 0.95))]!), runs };
}

function fileSize(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return total;
}

function importBench(label: string, paths: string[], dbName: string) {
  const dbPath = join(work, dbName);
  const lib = openLibrary(dbPath);
  const run = timed(() => importRecords(paths, { source: fsFileSource(), store: lib, hash: sha256Parts }));
  const s: ImportSummary = run.value;
  const integrity = timed(() => checkIntegrity(lib.db, dbPath));
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  const result = {
    files: paths.length,
    imported: s.imported,
    errors: s.errors,
    skipped: s.skipped,
    seconds: Math.round(run.seconds * 100) / 100,
    cpuSeconds: Math.round(run.cpuSeconds * 100) / 100,
    recordsPerSec: Math.round((s.imported / run.seconds) * 10) / 10,
    recordsPerCpuSec: Math.round((s.imported / run.cpuSeconds) * 10) / 10,
    libraryBytes: fileSize(dbPath),
    integrityCheckSec: Math.round(integrity.seconds * 1000) / 1000,
  };
  console.log(`${label}: ${JSON.stringify(result)}`);
  return { result, lib };
}

function headersIn(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const p = join(folder, name);
    if (statSync(p).isDirectory()) out.push(...headersIn(p));
    else if (name.endsWith('.hea')) out.push(p);
  }
  return out;
}

const results: Record<string, unknown> = {
  machine: { node: process.version, cpus: 'shared 2-core VM (figures are wall clock; cpuSeconds given where it matters)' },
};

try {
  // --- import throughput -----------------------------------------------------------------------
  let mitLib: Library | undefined;
  if (HAS_SHARED_DATA) {
    const ptb = importBench('ptb-xl', [...headersIn(sharedPath('ptb-xl', 'records100')), ...headersIn(sharedPath('ptb-xl', 'records500'))], 'ptbxl.db');
    results['importPtbXl'] = ptb.result;
    ptb.lib.close();
    const mit = importBench('mitdb', headersIn(sharedPath('mitdb')), 'mitdb.db');
    results['importMitBih'] = mit.result;
    mitLib = mit.lib;
  } else {
    results['importPtbXl'] = 'skipped: ../shared/data not found';
    results['importMitBih'] = 'skipped: ../shared/data not found';
  }

  // --- 10 s window of a 30-min record ------------------------------------------------------------
  let lib30 = mitLib;
  let id30: number;
  if (lib30 === undefined) {
    lib30 = openLibrary(join(work, 'syn30.db'));
    id30 = lib30.insertRecord({ record: syntheticRecord({ samplingRateHz: 360, durationSec: 1800, adcGain: 200 }), contentHash: 'syn30', sourcePath: '/syn' }).recordId;
  } else {
    id30 = lib30.listRecords({ text: '/100.hea' }).records[0]!.id;
  }
  results['window10sOf30min'] = {
    record: lib30.getRecord(id30)!.name,
    allLeads: latency(200, (i) => lib30.readSignalWindow(id30, { startSec: (i * 97) % 1790, durationSec: 10, level: 0 })),
    overviewAuto2000: latency(50, () => lib30.readSignalWindow(id30, { startSec: 0, durationSec: 1806, maxPoints: 2000 })),
  };
  console.log(`window: ${JSON.stringify(results['window10sOf30min'])}`);
  lib30.close();

  // --- 24 h synthetic record: import, overview, window ------------------------------------------
  const lib24 = openLibrary(join(work, 'holter.db'));
  const holter = syntheticRecord({ samplingRateHz: 250, durationSec: 24 * 3600, leadNames: ['I', 'II', 'V1'], adcGain: 200, seed: 24 });
  const ins = timed(() => lib24.insertRecord({ record: holter, contentHash: 'holter', sourcePath: '/holter' }));
  const id24 = ins.value.recordId;
  lib24.db.pragma('wal_checkpoint(TRUNCATE)');
  const overview = lib24.readSignalWindow(id24, { startSec: 0, durationSec: 24 * 3600, maxPoints: 2000 });
  results['holter24h'] = {
    leads: 3,
    samplingRateHz: 250,
    samplesPerLead: holter.samplesPerLead,
    encoding: lib24.signals.leadsOf(id24)[0]!.encoding.kind,
    insertSec: Math.round(ins.seconds * 100) / 100,
    libraryBytes: fileSize(join(work, 'holter.db')),
    overview: {
      level: overview.level,
      bucketSamples: overview.bucketSamples,
      pointsPerLead: overview.leads[0]!.min!.length,
      ...latency(50, () => lib24.readSignalWindow(id24, { startSec: 0, durationSec: 24 * 3600, maxPoints: 2000 })),
    },
    window10s: latency(200, (i) => lib24.readSignalWindow(id24, { startSec: (i * 3607) % 86_000, durationSec: 10, level: 0 })),
    window1h: latency(50, (i) => lib24.readSignalWindow(id24, { startSec: (i * 3607) % 80_000, durationSec: 3600, maxPoints: 2000 })),
  };
  console.log(`holter: ${JSON.stringify(results['holter24h'])}`);
  lib24.close();

  // --- list queries on 10,000 records ------------------------------------------------------------
  const libList = openLibrary(join(work, 'list.db'));
  const fill = timed(() => {
    const labels = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];
    for (let seed = 0; seed < 10_000; seed++) {
      const rec = syntheticRecord({ seed, samplingRateHz: 100, durationSec: 1, leadNames: ['II'] });
      rec.patient.id = `P${seed % 1000}`;
      rec.patient.name = `Patient ${seed % 1000}`;
      rec.acquisition.startTime = new Date(Date.UTC(2020, 0, 1) + seed * 3_600_000).toISOString().slice(0, 19);
      const { recordId } = libList.insertRecord({ record: rec, contentHash: `list-${seed}`, sourcePath: `/list/${seed}.hea` });
      if (seed % 2 === 0) {
        const probabilities = Object.fromEntries(labels.map((l, k) => [l, ((seed * 7 + k * 13) % 100) / 100]));
        libList.addAnalysis({ recordId, modelName: 'net', modelVersion: '1', backend: 'cpu', probabilities, measurements: {}, quality: { score: (seed % 10) / 10 } });
      }
      if (seed % 5 === 0) libList.addReview({ recordId, reviewer: 'bench', action: seed % 10 === 0 ? 'confirmed' : 'edited', labels: [labels[seed % 5]!] });
    }
  });
  const q = (query: RecordQuery) => latency(30, () => libList.listRecords(query));
  const total = libList.listRecords({ limit: 1 }).total;
  const lastPage = libList.listRecords({ limit: 100, offset: 9900 });
  results['list10k'] = {
    records: total,
    fillSec: Math.round(fill.seconds * 10) / 10,
    firstPage100: q({ limit: 100 }),
    offsetPage9900: q({ limit: 100, offset: 9900 }),
    keysetPage: q({ limit: 100, beforeId: lastPage.records[0]!.id + 1 }),
    patient: q({ patient: 'P123' }),
    dateRangeOneMonth: q({ acquiredFrom: '2020-06-01', acquiredTo: '2020-07-01' }),
    diagnosisMI: q({ diagnosis: 'MI', minProbability: 0.8 }),
    reviewStatusUnreviewed: q({ reviewStatus: 'unreviewed' }),
    minQuality: q({ minQualityScore: 0.8 }),
    combined: q({ diagnosis: 'NORM', reviewStatus: 'unreviewed', acquiredFrom: '2020-03-01', limit: 50 }),
  };
  console.log(`list: ${JSON.stringify(results['list10k'])}`);
  libList.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync('bench-results', { recursive: true });
writeFileSync(join('bench-results', 'store.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), ...results }, null, 2)}\n`);
console.log('wrote bench-results/store.json');
