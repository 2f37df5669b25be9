// UI benchmark: time to first paint of a 10 s 12-lead record, and frame times while panning a 30 min record.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { edfWriter } from '../src/formats/edf/index';
import { startAppServer } from '../src/server/appServer';
import { ecgSimulate } from '../src/signal/ecgSimulate';

const ROOT = resolve(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const MITDB_100 = join(ROOT, '..', 'shared', 'data', 'mitdb', '100.hea');
const OPEN_RUNS = 7;
const PAN_FRAMES = 240;

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
  const { buildRenderer } = (await import(join(ROOT, 'scripts', 'build-renderer.mjs'))) as { buildRenderer(o: { minify: boolean; outDir: string }): Promise<string> };
  const staticDir = await buildRenderer({ minify: true, outDir: join(tmp, 'renderer') });
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
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results', 'ui.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ui.bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
