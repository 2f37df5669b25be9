// UI benchmark: time to first paint of a 10 s 12-lead record, frame times while panning a 30 min record, and a 24 h record's memory and jumps.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { edfWriter } from '../src/formats/edf/index';
import { startAppServer } from '../src/server/appServer';
import { ecgSimulate } from '../src/signal/ecgSimulate';
import { openLibrary } from '../src/store/library';
import { syntheticRecord } from '../test/store/helpers/syntheticRecord';
import { rendererMemory, type RendererProcessMemory } from './helpers/rendererMemory';

const ROOT = resolve(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const MITDB_100 = join(ROOT, '..', 'shared', 'data', 'mitdb', '100.hea');
const OPEN_RUNS = 7;
const PAN_FRAMES = 240;
/** `UI_BENCH_ONLY=record24h` runs only the 24 h part and keeps the other figures already in ui.json. */
const ONLY = process.env['UI_BENCH_ONLY'];
const RESULTS = join(ROOT, 'bench-results', 'ui.json');

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

const round = (v: number) => Math.round(v * 100) / 100;
const summary = (xs: number[]) => ({ n: xs.length, p50: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)), max: round(Math.max(...xs)) });

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`ui.bench: ${CHROMIUM} not found; install Debian's chromium. Skipped.\n`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ecg-ui-bench-'));
  try {
    const { buildRenderer } = (await import(join(ROOT, 'scripts', 'build-renderer.mjs'))) as { buildRenderer(o: { minify: boolean; outDir: string }): Promise<string> };
    const staticDir = await buildRenderer({ minify: true, outDir: join(tmp, 'renderer') });
    // Parts not run this time keep their figures from the last run.
    const result = (existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {}) as Record<string, unknown>;
    if (ONLY !== 'record24h') Object.assign(result, await benchViewer(tmp, staticDir));
    result['record24h'] = await bench24h(tmp, staticDir);
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result['record24h'], null, 2)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The 10 s open and the 30 min panning figures; the library lives in `tmp`. */
async function benchViewer(tmp: string, staticDir: string): Promise<Record<string, unknown>> {
  const short = ecgSimulate({ samplingRateHz: 500, durationSec: 10, heartRateBpm: 72, seed: 3, noise: { baselineWanderMv: 0.1, whiteNoiseMv: 0.01 } });
  short.name = 'bench-10s';
  const shortFile = edfWriter.write(short, 'bench-10s')[0] as { name: string; bytes: Uint8Array };
  writeFileSync(join(tmp, shortFile.name), shortFile.bytes);
  let longPath: string;
  let longSource: string;
  if (existsSync(MITDB_100)) {
    longPath = MITDB_100;
    longSource = 'MIT-BIH Arrhythmia Database record 100 (30 min 6 s, 2 leads, 360 Hz) from ../shared/data';
  } else {
    const long = ecgSimulate({ samplingRateHz: 360, durationSec: 1800, heartRateBpm: 75, seed: 5 });
    long.name = 'bench-30min';
    const f = edfWriter.write(long, 'bench-30min')[0] as { name: string; bytes: Uint8Array };
    longPath = join(tmp, f.name);
    writeFileSync(longPath, f.bytes);
    longSource = 'ecgSimulate 30 min, 12 leads, 360 Hz (../shared/data/mitdb absent)';
  }
  // A 12-lead 30 min record as well: MIT-BIH has 2 leads, the 3×4 page draws 13 panels.
  const long12 = ecgSimulate({ samplingRateHz: 360, durationSec: 1800, heartRateBpm: 75, seed: 5 });
  long12.name = 'bench-30min-12-lead';
  const long12File = edfWriter.write(long12, 'bench-30min-12-lead')[0] as { name: string; bytes: Uint8Array };
  const long12Path = join(tmp, long12File.name);
  writeFileSync(long12Path, long12File.bytes);
  const server = await startAppServer({ dbPath: join(tmp, 'library.db'), port: 0, staticDir });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  try {
    const t0 = Date.now();
    const imported = await server.api.handlers.importFiles({ paths: [join(tmp, shortFile.name), longPath, long12Path] });
    const importMs = Date.now() - t0;
    const idOf = (path: string) => imported.outcomes.find((o) => o.file === path && o.status === 'imported')?.recordId;
    const shortId = idOf(join(tmp, shortFile.name));
    const longId = idOf(longPath);
    const long12Id = idOf(long12Path);
    if (shortId === undefined || longId === undefined || long12Id === undefined) throw new Error(`import failed: ${JSON.stringify(imported.outcomes)}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.shell.openUrl);
    await page.waitForSelector('.record-item');

    type Hook = { __ecgStudio: { openRecord(id: number): Promise<void> } };
    // Time to first paint: from asking for the record to the first frame with all 12 leads drawn.
    const log = (m: string) => process.stderr.write(`ui.bench: ${m}\n`);
    log(`imported in ${importMs} ms`);
    const openMs: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) {
      await page.evaluate((id) => (globalThis as unknown as Hook).__ecgStudio.openRecord(id), longId);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn')) > 0);
      // A string, not a function: tsx would wrap named closures in a helper the page does not have.
      const ms = (await page.evaluate(`(async () => {
        const t = performance.now();
        await globalThis.__ecgStudio.openRecord(${shortId});
        await new Promise((done) => {
          const check = () => (document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn') === '12' ? done() : requestAnimationFrame(check));
          requestAnimationFrame(check);
        });
        return performance.now() - t;
      })()`)) as number;
      openMs.push(ms);
      log(`open ${i + 1}/${OPEN_RUNS}: ${ms.toFixed(1)} ms`);
    }

    log('panning');
    // Panning: one viewer.pan per animation frame across a long record; render time and frame interval.
    const panAcross = async (id: number) => {
      await page.evaluate((rid) => (globalThis as unknown as Hook).__ecgStudio.openRecord(rid), id);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn')) > 0);
      return (await page.evaluate(`(async () => {
        const hook = globalThis.__ecgStudio;
        const render = [];
        const interval = [];
        let last = performance.now();
        let seen = hook.viewerStats.frames;
        for (let i = 0; i < ${PAN_FRAMES}; i++) {
          hook.viewer.pan(0.5);
          await new Promise((r) => requestAnimationFrame(() => r()));
          await new Promise((r) => requestAnimationFrame(() => r()));
          const now = performance.now();
          interval.push(now - last);
          last = now;
          if (hook.viewerStats.frames !== seen) render.push(hook.viewerStats.lastFrameMs);
          seen = hook.viewerStats.frames;
        }
        return { render, interval, status: document.querySelector('.viewer-status')?.textContent ?? '' };
      })()`)) as { render: number[]; interval: number[]; status: string };
    };
    const pan = await panAcross(longId);
    const pan12 = await panAcross(long12Id);

    const result = {
      machine: { cpus: (await import('node:os')).cpus().length, browser: `chromium ${browser.version()} headless`, viewport: '1280x800' },
      importMs: { threeRecords: importMs },
      timeToFirstPaintMs: { record: '10 s, 12 leads, 500 Hz (ecgSimulate, EDF)', ...summary(openMs) },
      panning: {
        record: longSource,
        step: '0.5 s per pan, 2 animation frames each',
        renderMs: summary(pan.render),
        frameIntervalMs: summary(pan.interval),
        finalStatus: pan.status,
      },
      panning12Lead: {
        record: 'ecgSimulate 30 min, 12 leads, 360 Hz, 3×4 + II page',
        step: '0.5 s per pan, 2 animation frames each',
        renderMs: summary(pan12.render),
        frameIntervalMs: summary(pan12.interval),
        finalStatus: pan12.status,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

const HOLTER_SEC = 24 * 3600;
/** Jump targets in hours, twice round: the second round shows whether the server's window cache helps. */
const JUMP_HOURS = [1, 12, 23, 1, 12, 23];
const note = (m: string) => process.stderr.write(`ui.bench 24h: ${m}\n`);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * A 24 h, 3-lead, 250 Hz record (store.bench's periodic synthetic beat, one label a second) opened in the viewer:
 * renderer memory, time to the first window, and time to show a window after a jump across hours.
 */
async function bench24h(tmp: string, staticDir: string): Promise<Record<string, unknown>> {
  const dbPath = join(tmp, 'holter.db');
  const t0 = Date.now();
  const library = openLibrary(dbPath);
  const recordId = library.insertRecord({
    record: syntheticRecord({ name: 'holter-24h', samplingRateHz: 250, durationSec: HOLTER_SEC, leadNames: ['I', 'II', 'V1'], adcGain: 200, seed: 24 }),
    contentHash: 'ui-bench-holter-24h',
    sourcePath: '/bench/holter-24h',
  }).recordId;
  library.close();
  const buildSec = (Date.now() - t0) / 1000;
  note(`library built in ${buildSec.toFixed(1)} s`);
  const server = await startAppServer({ dbPath, port: 0, staticDir });
  const { chromium } = await import('playwright-core');
  // A browser of its own, so that the renderer processes under it are this page's and Chromium's spares only.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const snapshots: { when: string; jsHeapUsedMb: number; jsHeapTotalMb: number; renderers: RendererProcessMemory[] | undefined }[] = [];
    const snapshot = async (when: string, collectGarbage: boolean) => {
      if (collectGarbage) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => mb(metrics.find((m) => m.name === name)?.value ?? Number.NaN);
      snapshots.push({ when, jsHeapUsedMb: metric('JSHeapUsedSize'), jsHeapTotalMb: metric('JSHeapTotalSize'), renderers: rendererMemory() });
    };
    await page.goto(server.shell.openUrl);
    await page.waitForSelector('.record-item');
    await snapshot('beforeOpenAfterGc', true);

    // Opening also starts the analysis of the whole record on the server, as a click in the list does.
    const open = async () =>
      (await page.evaluate(`(async () => {
        const hook = globalThis.__ecgStudio;
        const before = hook.viewer.currentRecord;
        const t = performance.now();
        const opening = hook.openRecord(${recordId});
        const wait = async (done, what, limitMs) => {
          while (!done()) {
            if (performance.now() - t > limitMs) throw new Error('no ' + what + ' within ' + limitMs + ' ms');
            await new Promise((r) => setTimeout(r, 2));
          }
          return performance.now() - t;
        };
        const shownMs = await wait(() => hook.viewer.currentRecord !== before && hook.viewerStats.firstPaintMs > 0 &&
          document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn') === '3', 'first window', 120000);
        const viewerFirstPaintMs = hook.viewerStats.firstPaintMs;
        await opening;
        const pending = () => document.querySelector('#diagnoses [data-testid="analysis-pending"]');
        const analysisMs = await wait(() => !pending() || pending().textContent !== 'Analysing…', 'analysis', 600000);
        // The API calls the open made, from resource timing (complete once the analysis has come back).
        const calls = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/') && e.startTime >= t)
          .map((e) => ({ call: e.name.slice(e.name.lastIndexOf('/') + 1), startMs: Math.round(e.startTime - t), durationMs: Math.round(e.duration) }));
        return { shownMs, viewerFirstPaintMs, analysisMs, analysisError: pending()?.textContent ?? null,
          status: document.querySelector('.viewer-status')?.textContent ?? '', calls };
      })()`)) as {
        shownMs: number;
        viewerFirstPaintMs: number;
        analysisMs: number;
        analysisError: string | null;
        status: string;
        calls: { call: string; startMs: number; durationMs: number }[];
      };
    const opens = [];
    for (let i = 0; i < 3; i++) {
      opens.push(await open());
      const o = opens[opens.length - 1];
      note(`open ${i + 1}/3: shown ${o?.shownMs.toFixed(1)} ms, analysis ${o?.analysisMs.toFixed(1)} ms, calls ${JSON.stringify(o?.calls)}`);
    }
    await page.waitForTimeout(500);
    await snapshot('afterOpen', false);
    await snapshot('afterOpenAfterGc', true);

    // A jump is what a click on the minimap does (viewer.centreOn); the window is shown at the first frame after its
    // signals arrive (ensureData calls onChange once they have).
    const jumps = [];
    for (const hours of JUMP_HOURS) {
      const jump = (await page.evaluate(`(async () => {
        const hook = globalThis.__ecgStudio;
        const viewer = hook.viewer;
        const previous = viewer.onChange;
        const t = performance.now();
        let arrivedMs = -1;
        let framesAtArrival = 0;
        viewer.onChange = () => {
          if (arrivedMs < 0) {
            arrivedMs = performance.now() - t;
            framesAtArrival = hook.viewerStats.frames;
          }
          previous();
        };
        viewer.centreOn(${hours * 3600});
        try {
          while (arrivedMs < 0 || hook.viewerStats.frames <= framesAtArrival) {
            if (performance.now() - t > 60000) throw new Error('no frame with the new window within 60 s');
            await new Promise((r) => setTimeout(r, 1));
          }
        } finally {
          viewer.onChange = previous;
        }
        return { shownMs: performance.now() - t, signalsArrivedMs: arrivedMs, frameMs: hook.viewerStats.lastFrameMs,
          status: document.querySelector('.viewer-status')?.textContent ?? '' };
      })()`)) as { shownMs: number; signalsArrivedMs: number; frameMs: number; status: string };
      const startSec = Number(/^([\d.]+)–/.exec(jump.status)?.[1]);
      if (!(Math.abs(startSec - hours * 3600) < 30)) throw new Error(`jump to ${hours} h shows ${jump.status}`);
      jumps.push({ toHour: hours, shownMs: round(jump.shownMs), signalsArrivedMs: round(jump.signalsArrivedMs), frameMs: round(jump.frameMs), status: jump.status });
      note(`jump to ${hours} h: ${JSON.stringify(jumps[jumps.length - 1])}`);
      // Let the beat labels for the new window arrive before the next jump.
      await page.waitForTimeout(300);
    }
    await snapshot('afterJumps', false);
    await snapshot('afterJumpsAfterGc', true);
    // The page's renderer is the one whose CPU time grew most while the record was opened and jumped across;
    // Chromium keeps one or two more (spare, or the one the first navigation left).
    const firstSnap = snapshots[0];
    const lastSnap = snapshots[snapshots.length - 1];
    const cpuGrowth = (r: RendererProcessMemory) => r.cpuSec - (firstSnap?.renderers?.find((f) => f.pid === r.pid)?.cpuSec ?? 0);
    const pagePid = [...(lastSnap?.renderers ?? [])].sort((a, b) => cpuGrowth(b) - cpuGrowth(a))[0]?.pid;
    const memory = Object.fromEntries(
      snapshots.map(({ when, jsHeapUsedMb, jsHeapTotalMb, renderers }) => {
        const pageProcess = renderers?.find((r) => r.pid === pagePid);
        const others = renderers?.filter((r) => r.pid !== pagePid) ?? [];
        return [
          when,
          {
            jsHeapUsedMb,
            jsHeapTotalMb,
            pageRenderer: pageProcess === undefined ? 'not found (no /proc?)' : { rssMb: pageProcess.rssMb, anonMb: pageProcess.anonMb },
            otherRenderers: { processes: others.length, anonMb: round(others.reduce((sum, r) => sum + r.anonMb, 0)) },
          },
        ];
      }),
    );
    const first = opens[0];
    if (first === undefined) throw new Error('no open');
    return {
      record: `syntheticRecord (test/store/helpers): 24 h, 3 leads (I, II, V1), 250 Hz, int16 at 200 units/mV, ${HOLTER_SEC} beat labels`,
      libraryBuildSec: round(buildSec),
      browser: `chromium ${browser.version()} headless, 1280x800`,
      firstWindow: {
        what: 'openRecord from the list hook → first frame with all 3 leads drawn (in-page performance.now, 2 ms polling)',
        coldMs: round(first.shownMs),
        viewerFirstPaintMs: round(first.viewerFirstPaintMs),
        reopenMs: opens.slice(1).map((o) => round(o.shownMs)),
        analysisMs: opens.map((o) => round(o.analysisMs)),
        analysisError: first.analysisError,
        coldApiCalls: first.calls,
        status: first.status,
      },
      jumps: {
        what: 'viewer.centreOn (the minimap click) → first frame drawn after the window\'s signals arrived',
        shownMs: summary(jumps.map((j) => j.shownMs)),
        each: jumps,
      },
      memory: {
        what:
          'JS heap: CDP Performance.getMetrics of the page (AfterGc: after HeapProfiler.collectGarbage); pageRenderer: /proc VmRSS and RssAnon ' +
          'of the renderer process that did the work; otherRenderers: Chromium\'s spare ones',
        ...memory,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ui.bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
