// End-to-end: `serve` on port 0 with a temp library, driven by headless Debian Chromium through playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { edfReader, edfWriter } from '../../src/formats/edf/index';
import { FORMAT_READERS } from '../../src/formats/registry';
import { writerFor } from '../../src/formats/writers';
import { startAppServer, type AppServer } from '../../src/server/appServer';
import { syntheticTwelveLead } from './syntheticEcg';
import { sharedPath, skipWithoutSharedData } from '../helpers/sharedData';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found; install Debian's chromium to run the UI end-to-end tests`;
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts');
const ROOT = resolve(__dirname, '..', '..');

let server: AppServer;
let browser: Browser;
let page: Page;
let tmp: string;
let recordPath: string;
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
  server = await startAppServer({
    dbPath: join(tmp, 'library.db'),
    port: 0,
    staticDir,
    readers: FORMAT_READERS.length > 0 ? FORMAT_READERS : [edfReader],
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
  // The paper: the canvas pixel at a major grid line is the grid's pink, the background lighter.
  const pxPerMm = await page.evaluate(() => 96 / 25.4);
  assert.ok(pxPerMm > 3.7 && pxPerMm < 3.8);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-3x4.png') });
});

test('UI: layouts, overlay of the denoised trace, calipers read ms and mV', { skip }, async () => {
  await page.selectOption('#tb-layout', '12x1');
  await page.selectOption('#tb-display', 'overlay');
  await page.waitForFunction(() => /denoised: ecgFilter 0\.5–40 Hz/.test(document.querySelector('.viewer-status')?.textContent ?? ''));
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

test('UI: models and training views say what is not available, never invent data', { skip }, async () => {
  await page.click('#tab-models');
  await page.waitForSelector('#models-body p');
  await page.screenshot({ path: join(ARTIFACTS, 'models.png') });
  await page.click('#tab-training');
  await page.waitForSelector('[data-testid="training-unavailable"]');
  await page.click('#tab-viewer');
  assert.deepEqual(
    consoleErrors.filter((e) => !/501|Not Implemented/.test(e)),
    [],
    'no console errors (CSP violations would show here)',
  );
});
