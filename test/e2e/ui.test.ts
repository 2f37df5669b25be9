// End-to-end: `serve` on port 0 with a temp library, driven by headless Debian Chromium through playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { edfReader, edfWriter } from '../../src/formats/edf/index';
import { FORMAT_READERS } from '../../src/formats/registry';
import { writerFor } from '../../src/formats/writers';
import { startAppServer, type AppServer } from '../../src/server/appServer';
import { syntheticTwelveLead } from './syntheticEcg';
import { sharedPath, skipWithoutSharedData } from '../helpers/sharedData';
import { writeTinyModel } from '../pipeline/helpers/tinyModel';
import { addReviewedRecords, TINY_TRAIN_OVERRIDE } from '../store/helpers/trainingFixtures';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found; install Debian's chromium to run the UI end-to-end tests`;
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts');
const ROOT = resolve(__dirname, '..', '..');

let server: AppServer;
let browser: Browser;
let page: Page;
let tmp: string;
let recordPath: string;
let reviewDir: string;
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ecg-e2e-'));
  const { buildRenderer } = (await import(join(ROOT, 'scripts', 'build-renderer.mjs'))) as {
    buildRenderer(o: { minify: boolean; outDir: string }): Promise<string>;
  };
  const staticDir = await buildRenderer({ minify: false, outDir: join(tmp, 'renderer') });
  // Registered writers/readers when the registry has them; the EDF module directly otherwise.
  const writer = writerFor('edf') ?? edfWriter;
  const record = syntheticTwelveLead({ durationSec: 10, samplingRateHz: 500, name: 'synthetic-12-lead' });
  const [file] = writer.write(record, 'synthetic-12-lead');
  assert.ok(file);
  recordPath = join(tmp, file.name);
  writeFileSync(recordPath, file.bytes);
  const long = syntheticTwelveLead({ durationSec: 120, samplingRateHz: 250, heartRateBpm: 88, name: 'synthetic-2-min' });
  const [longFile] = writer.write(long, 'synthetic-2-min');
  assert.ok(longFile);
  writeFileSync(join(tmp, longFile.name), longFile.bytes);
  // Eight more short records to review for the retraining test (different rates so their contents differ).
  reviewDir = join(tmp, 'to-review');
  mkdirSync(reviewDir);
  for (let i = 0; i < 8; i++) {
    const r = syntheticTwelveLead({ durationSec: 10, samplingRateHz: 100, heartRateBpm: 58 + 6 * i, name: `review-${i + 1}` });
    const [f] = writer.write(r, `review-${i + 1}`);
    assert.ok(f);
    writeFileSync(join(reviewDir, f.name), f.bytes);
  }
  // A tiny model package (leads I and II, 100 Hz) stands in for the bundled default; training uses a tiny net too.
  const defaultModelDir = await writeTinyModel(join(tmp, 'default-model'));
  server = await startAppServer({
    dbPath: join(tmp, 'library.db'),
    port: 0,
    staticDir,
    readers: FORMAT_READERS.length > 0 ? FORMAT_READERS : [edfReader],
    defaultModelDir,
    modelsDir: join(tmp, 'models'),
    trainSettingsOverride: TINY_TRAIN_OVERRIDE,
    bootstrapResamples: 100,
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('serve: requests without the token get 401, static files included', { skip }, async () => {
  for (const path of ['/', '/app.js', '/app.css', '/index.html']) {
    const res = await fetch(`${server.shell.url}${path.slice(1)}`);
    assert.equal(res.status, 401, path);
  }
  const api = await fetch(`${server.shell.url}api/listRecords`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(api.status, 401);
  const wrong = await fetch(`${server.shell.url}?token=not-the-token`);
  assert.equal(wrong.status, 401);
});

test('serve: the first load with the token sets a strict cookie and carries the CSP', { skip }, async () => {
  const res = await fetch(server.shell.openUrl, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
});

test('UI: import by path, open the record, 12 leads on calibrated paper, diagnoses beside', { skip }, async () => {
  await page.goto(server.shell.openUrl);
  assert.equal(new URL(page.url()).searchParams.get('token'), null, 'token dropped from the address bar');
  await page.fill('#import-path', recordPath);
  await page.click('#import-path-form button');
  await page.waitForSelector('.record-item.selected');
  await page.waitForFunction(() => document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn') === '12');
  await page.waitForSelector('#diagnoses table.kv');
  const diagnoses = await page.textContent('#diagnoses');
  assert.match(diagnoses ?? '', /Advisory, not a diagnosis/);
  assert.match(diagnoses ?? '', /Heart rate/);
  const hr = await page.textContent('#diagnoses table.kv tr:first-child td');
  assert.match(hr ?? '', /^7\d bpm$/, `heart rate of the 72 bpm synthetic record, got ${hr}`);
  // Median beats beside the measurements: 12 leads on paper, from the beats of the 10-s window.
  const beats = page.locator('[data-testid="median-beats"]');
  assert.equal(await beats.getAttribute('data-leads'), '12');
  assert.ok(Number(await beats.getAttribute('data-beats')) >= 10);
  await beats.screenshot({ path: join(ARTIFACTS, 'median-beats.png') });
  // The paper: the canvas pixel at a major grid line is the grid's pink, the background lighter.
  const pxPerMm = await page.evaluate(() => 96 / 25.4);
  assert.ok(pxPerMm > 3.7 && pxPerMm < 3.8);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-3x4.png') });
});

test('UI: layouts, overlay of the denoised trace, calipers read ms and mV', { skip }, async () => {
  await page.selectOption('#tb-layout', '12x1');
  await page.selectOption('#tb-display', 'overlay');
  // The denoised trace comes from the model when one loads (the tiny test model here), else from the 0.5–40 Hz filter.
  await page.waitForFunction(() => /denoised: (ecgFilter 0\.5–40 Hz|model tiny-test)/.test(document.querySelector('.viewer-status')?.textContent ?? ''));
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-12x1-overlay.png') });
  await page.selectOption('#tb-layout', '6x2');
  await page.selectOption('#tb-display', 'side-by-side');
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-side-by-side.png') });
  await page.selectOption('#tb-display', 'original');
  await page.selectOption('#tb-layout', '3x4');
  // Keyboard: g cycles the gain, s the paper speed; the toolbar follows.
  await page.keyboard.press('g');
  assert.equal(await page.inputValue('#tb-gain'), '20');
  await page.keyboard.press('s');
  assert.equal(await page.inputValue('#tb-speed'), '50');
  await page.waitForFunction(() => /50 mm\/s · 20 mm\/mV/.test(document.querySelector('.viewer-status')?.textContent ?? ''));
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-50mms-20mmmv.png') });
  await page.keyboard.press('s');
  await page.keyboard.press('g');
  await page.keyboard.press('g');
  assert.equal(await page.inputValue('#tb-gain'), '10');
  await page.keyboard.press('c');
  const box = await page.locator('.paper-overlay').boundingBox();
  assert.ok(box);
  const pxPerSecond = (96 / 25.4) * 25 * (await page.evaluate(() => {
    const s = (globalThis as unknown as { __ecgStudio: { viewer: { scale: { pxPerMm: number } } } }).__ecgStudio.viewer.scale;
    return s.pxPerMm / (96 / 25.4);
  }));
  await page.mouse.click(box.x + 100, box.y + 100);
  await page.mouse.click(box.x + 100 + pxPerSecond * 0.8, box.y + 100);
  const readout = await page.textContent('[data-testid="caliper-readout"]');
  const ms = Number(/Δt (\d+) ms/.exec(readout ?? '')?.[1]);
  assert.ok(Math.abs(ms - 800) <= 5, `caliper 0.8 s apart reads ${readout}`);
  assert.match(readout ?? '', /75 bpm/);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-calipers.png') });
  await page.keyboard.press('c');
});

test('UI: reviews are appended and shown in the history, newest first', { skip }, async () => {
  await page.fill('#review-labels', 'NORM, LAD');
  await page.click('#review-correct');
  await page.waitForSelector('#history .history-item');
  await page.fill('#review-comment', 'Sinus rhythm, simulated test record.');
  await page.click('#review-confirm');
  await page.waitForFunction(() => document.querySelectorAll('#history .history-item').length === 2);
  const items = await page.$$eval('#history .history-item', (els) => els.map((e) => e.textContent ?? ''));
  assert.match(items[0] ?? '', /Confirmed · NORM, LAD/);
  assert.match(items[0] ?? '', /Sinus rhythm, simulated test record\./);
  assert.match(items[1] ?? '', /Corrected · NORM, LAD/);
  await page.waitForSelector('.record-item.selected .record-review');
  await page.screenshot({ path: join(ARTIFACTS, 'review-history.png') });
  // The report button downloads the true-scale PDF with the review in it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[title="Export report"]')]);
  assert.match(download.suggestedFilename(), /-report\.pdf$/);
  const pdfPath = join(ARTIFACTS, 'app-report.pdf');
  await download.saveAs(pdfPath);
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
});

test('UI: file-picker upload of a long record shows the minimap; search filters the list', { skip }, async () => {
  await page.setInputFiles('#file-picker', join(tmp, 'synthetic-2-min.edf'));
  await page.waitForFunction(() => document.querySelectorAll('.record-item').length === 2);
  await page.waitForFunction(() => document.querySelector('#record-title')?.textContent === 'synthetic-2-min');
  await page.waitForSelector('.minimap:not([hidden])');
  await page.waitForFunction(() => document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn') === '12');
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await page.waitForTimeout(300);
  const status = await page.textContent('.viewer-status');
  assert.match(status ?? '', /^[1-9]\d*\.\d\d–/, `panned status: ${status}`);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-long-record.png') });
  // j / k step through the list (newest first: the 2-min record, then the 10 s one).
  await page.keyboard.press('j');
  await page.waitForFunction(() => document.querySelector('#record-title')?.textContent === 'synthetic-12-lead');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('#record-title')?.textContent === 'synthetic-2-min');
  await page.fill('#search', '2-min');
  await page.waitForFunction(() => document.querySelectorAll('.record-item').length === 1);
  await page.fill('#search', '');
  await page.waitForFunction(() => document.querySelectorAll('.record-item').length === 2);
  // The label filter finds the record reviewed as LAD.
  await page.fill('#filter-label', 'LAD');
  await page.waitForFunction(() => document.querySelectorAll('.record-item').length === 1);
  assert.equal(await page.textContent('.record-item .record-name'), 'synthetic-12-lead');
  await page.fill('#filter-label', '');
  await page.waitForFunction(() => document.querySelectorAll('.record-item').length === 2);
});

test('UI: drag-and-drop of a file onto the record list imports it', { skip }, async () => {
  const record = syntheticTwelveLead({ durationSec: 5, samplingRateHz: 250, heartRateBpm: 60, name: 'dropped-record' });
  const [file] = edfWriter.write(record, 'dropped-record');
  assert.ok(file);
  const base64 = Buffer.from(file.bytes).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ([name, data]) => {
      const bytes = Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name as string));
      return dt;
    },
    [file.name, base64],
  );
  await page.dispatchEvent('#sidebar', 'dragover', { dataTransfer });
  await page.dispatchEvent('#sidebar', 'drop', { dataTransfer });
  await page.waitForFunction(() => document.querySelector('#record-title')?.textContent === 'dropped-record');
  assert.equal(await page.locator('.record-item').count(), 3);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-dropped.png') });
});

test('UI: MIT-BIH record 100 from the shared data, with its beat labels', { skip: skip || skipWithoutSharedData('mitdb/100.hea') }, async () => {
  await page.fill('#import-path', sharedPath('mitdb', '100.hea'));
  await page.click('#import-path-form button');
  await page.waitForFunction(() => document.querySelector('#record-title')?.textContent === '100');
  await page.waitForFunction(() => document.querySelector('[data-testid="ecg-paper"]')?.getAttribute('data-leads-drawn') === '2');
  await page.waitForSelector('.minimap:not([hidden])');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-mitdb-100.png') });
});

/** Toasts fade after a few seconds; screenshots should show the page, not the last notification. */
async function clearToasts(): Promise<void> {
  await page.$$eval('#toasts .toast', (els) => els.forEach((e) => e.remove()));
}

test('UI: the diagnoses list each class with its probability and the model name and version', { skip }, async () => {
  await page.click('#tab-viewer');
  await page.locator('.record-item', { hasText: 'synthetic-12-lead' }).click();
  await page.waitForSelector('#diagnoses .classes li');
  assert.match((await page.textContent('#diagnoses .model-line')) ?? '', /Model tiny-test · v0\.1\.0/);
  const classes = await page.$$eval('#diagnoses .classes li', (els) => els.map((e) => e.textContent ?? ''));
  assert.equal(classes.length, 2);
  for (const c of classes) assert.match(c, /^(normal ECG|atrial fibrillation)\d{1,3} %$/, c);
  await page.locator('#diagnoses').screenshot({ path: join(ARTIFACTS, 'diagnoses-model.png') });
});

test('UI: review 8 records, retrain from the Training view, compare, activate; analyses name the new version', { skip, timeout: 180_000 }, async (t) => {
  await page.fill('#import-path', reviewDir);
  await page.click('#import-path-form button');
  await page.waitForFunction(() => [...document.querySelectorAll('.record-item .record-name')].filter((e) => /^review-\d$/.test(e.textContent ?? '')).length === 8);
  for (let i = 1; i <= 8; i++) {
    await page.locator('.record-item', { has: page.locator('.record-name', { hasText: new RegExp(`^review-${i}$`) }) }).click();
    await page.waitForFunction((name) => document.querySelector('#record-title')?.textContent === name, `review-${i}`);
    await page.fill('#review-labels', i % 2 ? 'NORM' : 'AFIB');
    await page.click('#review-correct');
    await page.waitForFunction((name) => [...document.querySelectorAll('.record-item')].some((e) => e.querySelector('.record-name')?.textContent === name && e.querySelector('.record-review')), `review-${i}`);
  }
  // Reviews made earlier (22 short two-lead records), so that the test split can hold both classes and its AUCs are defined.
  addReviewedRecords(server.library, 22);
  await page.dispatchEvent('#search', 'input');
  await page.waitForFunction(() => /^33 records$/.test(document.querySelector('#record-count')?.textContent ?? '') || /^34 records$/.test(document.querySelector('#record-count')?.textContent ?? ''));
  await page.click('#tab-training');
  await page.waitForSelector('#train-start:not([disabled])');
  assert.match((await page.textContent('#train-data')) ?? '', /Reviewed records of this library \(31\)/);
  await page.fill('#train-epochs', '10');
  // Fine-tune all layers of the base model (its weights are the start; learning rate ÷ 10).
  assert.deepEqual(await page.locator('#train-mode option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['scratch', 'fine-tune', 'fine-tune-classifier']);
  await page.selectOption('#train-mode', 'fine-tune');
  await clearToasts();
  await page.screenshot({ path: join(ARTIFACTS, 'training-start.png') });
  const t0 = Date.now();
  await page.click('#train-start');
  await page.waitForSelector('[data-testid="training-live"][data-state="running"]');
  await page.waitForSelector('[data-testid="training-live"][data-state="completed"], [data-testid="training-live"][data-state="failed"]', { timeout: 150_000 });
  const trainingSec = (Date.now() - t0) / 1000;
  const log = await page.textContent('[data-testid="training-log"]');
  assert.equal(await page.getAttribute('[data-testid="training-live"]', 'data-state'), 'completed', log ?? '');
  for (const chart of ['loss-chart', 'weight-chart']) {
    for (const task of ['recovery', 'classification']) {
      const points = Number(await page.getAttribute(`[data-testid="${chart}"]`, `data-points-${task}`));
      assert.ok(points >= 1, `${chart} has ${points} points for ${task}`);
    }
  }
  const points = Number(await page.getAttribute('[data-testid="loss-chart"]', 'data-points-recovery'));
  const events = await page.evaluate(() => (globalThis as unknown as { __ecgStudio: { trainingView: { eventCount: number } } }).__ecgStudio.trainingView.eventCount);
  t.diagnostic(`training job: ${trainingSec.toFixed(1)} s from Start to completed, ${events} training events over SSE, ${points} loss points per task`);
  writeFileSync(join(ARTIFACTS, 'e2e-training.json'), JSON.stringify({ trainingSec, trainingEvents: events, lossPointsPerTask: points }, null, 2) + '\n');
  assert.match(log ?? '', /powerline and electrode pops only/);
  assert.match(log ?? '', /fine-tuning from tiny-test 0\.1\.0, learning rate/);
  assert.ok((await page.locator('[data-testid="training-epochs"] td', { hasText: '(recovery refinement)' }).count()) >= 1, 'refinement epochs are labelled');
  await page.waitForSelector('[data-testid="compare-table"]');
  const compare = await page.textContent('[data-testid="compare-table"]');
  assert.match(compare ?? '', /Active: tiny-test 0\.1\.0/);
  assert.match(compare ?? '', /New: tiny-test 0\.1\.0-r1/);
  assert.match(compare ?? '', /Macro AUC/);
  assert.match(compare ?? '', /SNR improvement/);
  assert.match((await page.textContent('[data-testid="compare-table"] tr[data-metric="macro_auc"] td:nth-child(3)')) ?? '', /^(0\.\d{3}|1\.000)$/, 'the new model has a test macro-AUC');
  for (const code of ['NORM', 'AFIB']) assert.equal(await page.locator(`[data-testid="compare-table"] tr[data-metric="auc_${code}"]`).count(), 1);
  await clearToasts();
  await page.screenshot({ path: join(ARTIFACTS, 'training-completed.png') });
  await page.locator('[data-testid="training-live"]').screenshot({ path: join(ARTIFACTS, 'training-curves.png') });
  await page.locator('[data-testid="training-compare"]').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="training-compare"]').screenshot({ path: join(ARTIFACTS, 'training-compare.png') });
  await page.click('#train-activate');
  await page.waitForSelector('[data-testid="training-compare"] .badge');

  await page.click('#tab-models');
  await page.waitForSelector('[data-testid="models-table"] tr[data-version="0.1.0-r1"] [data-testid="active-badge"]');
  assert.equal(await page.locator('[data-testid="models-table"] tr[data-model-id]').count(), 2);
  assert.match((await page.textContent('[data-testid="models-table"] tr[data-version="0.1.0"]')) ?? '', /Roll back to this/);
  await clearToasts();
  await page.screenshot({ path: join(ARTIFACTS, 'models.png') });

  await page.click('#tab-viewer');
  await page.locator('.record-item', { hasText: 'synthetic-12-lead' }).click();
  await page.waitForFunction(() => /v0\.1\.0-r1/.test(document.querySelector('#diagnoses .model-line')?.textContent ?? ''));
  await clearToasts();
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-retrained-model.png') });
  assert.deepEqual(
    consoleErrors.filter((e) => !/501|Not Implemented/.test(e)),
    [],
    'no console errors (CSP violations would show here)',
  );
});
