// The ECG Studio UI: library list and import, the 12-lead viewer with its diagnoses and review panel, models, training.
import type { Analysis, ApiClient, Capabilities, ImportOutcome, RecordDetail, RecordSummary, ReviewEntry } from '../shared/api';
import { ApiCallError, createClient } from './apiClient';
import { clear, fmtDuration, fmtNumber, h } from './dom';
import { LAYOUTS, type Layout } from './paper';
import { DISPLAY_MODES, EcgViewer, viewerStats, type DisplayMode } from './viewer';
import { renderModels as renderModelsView } from './modelsView';
import { TrainingView } from './trainingView';
import { medianBeatsCanvas } from './medianBeats';

const client: ApiClient = createClient();
let caps: Capabilities | undefined;
let records: RecordSummary[] = [];
let current: RecordDetail | undefined;
let analysis: Analysis | undefined;

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
const message = (err: unknown) => (err instanceof ApiCallError || err instanceof Error ? err.message : String(err));

function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const t = h('div', { class: `toast ${kind}`, role: 'status' }, text);
  $('#toasts').append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 2500);
}

// ---- library ---------------------------------------------------------------------------------------

async function refreshList(): Promise<void> {
  const text = ($<HTMLInputElement>('#search').value ?? '').trim();
  const format = $<HTMLSelectElement>('#filter-format').value;
  const review = $<HTMLSelectElement>('#filter-review').value;
  const diagnosis = ($<HTMLInputElement>('#filter-label').value ?? '').trim();
  try {
    const page = await client.call('listRecords', {
      ...(text ? { text } : {}),
      ...(format ? { format } : {}),
      ...(review ? { reviewStatus: review as RecordSummary['reviewStatus'] } : {}),
      ...(diagnosis ? { diagnosis } : {}),
      limit: 500,
    });
    records = page.records;
    $('#record-count').textContent = `${page.total} record${page.total === 1 ? '' : 's'}`;
    renderList();
  } catch (err) {
    $('#record-count').textContent = message(err);
  }
}

function renderList(): void {
  const list = $('#record-list');
  clear(list);
  for (const r of records) {
    const status = r.reviewStatus === 'unreviewed' ? '' : r.reviewStatus === 'confirmed' ? '✓ confirmed' : '✎ edited';
    list.append(
      h(
        'li',
        {
          class: `record-item${current?.id === r.id ? ' selected' : ''}`,
          'data-record-id': r.id,
          tabindex: 0,
          onclick: () => void openRecord(r.id),
          onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && void openRecord(r.id),
        },
        h('div', { class: 'record-name' }, r.name),
        h(
          'div',
          { class: 'record-meta' },
          `${r.format.toUpperCase()} · ${r.leads.length} leads · ${fmtDuration(r.durationSec)} · ${r.samplingRateHz} Hz`,
        ),
        status || r.reviewedLabels?.length
          ? h('div', { class: 'record-review' }, `${status}${r.reviewedLabels?.length ? ` · ${r.reviewedLabels.join(', ')}` : ''}`)
          : null,
      ),
    );
  }
  if (records.length === 0) list.append(h('li', { class: 'empty' }, caps?.import ? 'No records. Drop ECG files here or use Import.' : 'No records.'));
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function importUpload(files: File[]): Promise<void> {
  if (files.length === 0) return;
  $('#import-status').textContent = `Importing ${files.length} file(s)…`;
  try {
    const payload = await Promise.all(files.map(async (f) => ({ name: f.name, dataBase64: await fileToBase64(f) })));
    const { outcomes } = await client.call('importUpload', { files: payload });
    reportImport(outcomes);
  } catch (err) {
    $('#import-status').textContent = message(err);
    toast(message(err), 'error');
  }
}

async function importPaths(paths: string[]): Promise<void> {
  $('#import-status').textContent = `Importing ${paths.length} path(s)…`;
  try {
    const { outcomes } = await client.call('importFiles', { paths });
    reportImport(outcomes);
  } catch (err) {
    $('#import-status').textContent = message(err);
    toast(message(err), 'error');
  }
}

function reportImport(outcomes: ImportOutcome[]): void {
  const count = (st: ImportOutcome['status']) => outcomes.filter((o) => o.status === st).length;
  const failed = outcomes.filter((o) => o.status === 'error');
  $('#import-status').textContent =
    `Imported ${count('imported')}` + (count('duplicate') ? `, ${count('duplicate')} already in the library` : '') + (failed.length ? `, ${failed.length} failed` : '') + '.';
  for (const f of failed) toast(`${f.file}: ${f.reason ?? 'failed'}`, 'error');
  void refreshList().then(() => {
    const first = outcomes.find((o) => o.status === 'imported' || o.status === 'duplicate')?.recordId;
    if (first !== undefined) void openRecord(first);
  });
}

// ---- viewer and panels -----------------------------------------------------------------------------

const viewer = new EcgViewer(client);

async function openRecord(id: number): Promise<void> {
  try {
    current = await client.call('getRecord', { recordId: id });
  } catch (err) {
    toast(message(err), 'error');
    return;
  }
  analysis = undefined;
  $<HTMLInputElement>('#review-labels').value = '';
  $<HTMLTextAreaElement>('#review-comment').value = '';
  showView('viewer');
  renderList();
  $('#record-title').textContent = current.name;
  $('#record-subtitle').textContent = [
    current.format.toUpperCase(),
    `${current.samplingRateHz} Hz`,
    fmtDuration(current.durationSec),
    current.acquisitionTime ?? '',
    current.patientSex ? `sex ${current.patientSex}` : '',
    current.patientAgeYears !== null ? `${current.patientAgeYears} y` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  $('#empty-viewer').hidden = true;
  await viewer.open(current);
  syncToolbar();
  void runAnalysis();
  void loadHistory();
}

function syncToolbar(): void {
  for (const [id, value] of [
    ['#tb-layout', viewer.settings.layout],
    ['#tb-speed', String(viewer.settings.speed)],
    ['#tb-gain', String(viewer.settings.gain)],
    ['#tb-display', viewer.settings.display],
  ] as const) {
    $<HTMLSelectElement>(id).value = value;
  }
}

function measurementRows(a: Analysis): HTMLElement {
  const m = a.measurements;
  if (!m) return h('p', { class: 'muted' }, 'Measurements are not available yet in this build.');
  const why = (...keys: string[]) => keys.map((k) => m.reasons[k]).filter(Boolean).join(' ') || undefined;
  const row = (k: string, v: string, title?: string) => h('tr', {}, h('th', {}, k), h('td', { title }, v));
  return h(
    'table',
    { class: 'kv' },
    row('Heart rate', fmtNumber(m.heartRateBpm, 0, 'bpm'), why('hrBpm')),
    row('PR', fmtNumber(m.prMs, 0, 'ms'), why('prMs')),
    row('QRS', fmtNumber(m.qrsMs, 0, 'ms'), why('qrsMs')),
    row('QT / QTc (Bazett)', `${fmtNumber(m.qtMs, 0)} / ${fmtNumber(m.qtcMs, 0, 'ms')}`, why('qtMs', 'qtcMs')),
    row('QRS axis', fmtNumber(m.axisDeg, 0, '°'), why('axesDeg.qrs')),
    h('caption', { class: 'muted small' }, m.method),
  );
}

function renderDiagnoses(): void {
  const box = $('#diagnoses');
  clear(box);
  box.append(h('div', { class: 'advisory', role: 'note' }, analysis?.advisory ?? 'Advisory, not a diagnosis: output of research software that a qualified clinician must interpret.'));
  if (!current) return;
  if (!analysis) {
    box.append(h('p', { class: 'muted', 'data-testid': 'analysis-pending' }, analysisError ?? 'Analysing…'));
    return;
  }
  const a = analysis;
  box.append(h('h3', {}, 'Classification'));
  if (a.classification) {
    box.append(h('div', { class: 'model-line' }, `Model ${a.classification.model.name} · v${a.classification.model.version}`));
    const list = h('ul', { class: 'classes' });
    for (const c of [...a.classification.classes].sort((x, y) => y.probability - x.probability)) {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${Math.round(c.probability * 100)}%`;
      list.append(h('li', {}, h('span', { class: 'class-label' }, c.label), h('span', { class: 'bar-track' }, bar), h('span', { class: 'prob' }, `${(c.probability * 100).toFixed(0)} %`)));
    }
    box.append(list);
  } else box.append(h('p', { class: 'muted', 'data-testid': 'classification-unavailable' }, 'Classification is not available yet: no model engine in this build.'));
  box.append(h('h3', {}, 'Measurements'), measurementRows(a));
  if (a.medianBeats) {
    box.append(
      h('h3', {}, 'Median beats'),
      medianBeatsCanvas(a.medianBeats, Math.max(240, Math.min(360, box.clientWidth || 300))),
      h('p', { class: 'muted small' }, `${a.medianBeats.beatCount} beats; 25 mm/s, 10 mm/mV; dashed: P onset, QRS onset and offset, T offset.`),
    );
  }
  box.append(h('h3', {}, 'Lead quality'));
  if (a.quality) {
    const q = h('div', { class: 'quality' });
    for (const l of a.quality) q.append(h('span', { class: `qflag ${l.flag}`, title: l.reasons.join('; ') || l.flag }, l.lead));
    box.append(q);
  } else box.append(h('p', { class: 'muted' }, 'Lead quality is not available yet in this build.'));
}

let analysisError: string | undefined;
async function runAnalysis(): Promise<void> {
  const id = current?.id;
  if (id === undefined) return;
  analysisError = undefined;
  renderDiagnoses();
  try {
    const a = await client.call('analyse', { recordId: id });
    if (current?.id === id) analysis = a;
  } catch (err) {
    if (current?.id === id) analysisError = message(err);
  }
  renderDiagnoses();
}

function renderHistory(entries: ReviewEntry[]): void {
  const list = $('#history');
  clear(list);
  if (entries.length === 0) list.append(h('li', { class: 'muted' }, 'No reviews yet.'));
  for (const e of [...entries].reverse()) {
    list.append(
      h(
        'li',
        { class: 'history-item' },
        h('div', {}, h('strong', {}, e.action === 'confirmed' ? 'Confirmed' : 'Corrected'), ` · ${e.labels.join(', ')}`),
        h('div', { class: 'muted small' }, `${e.reviewer} · ${new Date(e.createdAt).toLocaleString()}`),
        e.comment ? h('div', { class: 'comment' }, e.comment) : null,
      ),
    );
  }
}

async function loadHistory(): Promise<void> {
  if (!current) return;
  try {
    renderHistory((await client.call('reviewHistory', { recordId: current.id })).entries);
  } catch (err) {
    toast(message(err), 'error');
  }
}

/**
 * Appends a review. "Confirm" with no labels typed confirms what the reviewer was shown (the latest review,
 * else the model's findings); typed labels are compared with that and stored as confirmed or corrected.
 */
async function submitReview(kind: 'confirm' | 'correct'): Promise<void> {
  if (!current) return;
  const labels = $<HTMLInputElement>('#review-labels')
    .value.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (kind === 'correct' && labels.length === 0) {
    toast('Type the corrected labels (comma-separated), e.g. NORM or AFIB.', 'error');
    return;
  }
  const comment = $<HTMLTextAreaElement>('#review-comment').value.trim();
  try {
    await client.call('addReview', { recordId: current.id, ...(labels.length ? { labels } : {}), ...(comment ? { comment } : {}) });
    $<HTMLTextAreaElement>('#review-comment').value = '';
    $<HTMLInputElement>('#review-labels').value = '';
    toast('Review saved.');
    await loadHistory();
    $('#history').scrollIntoView({ block: 'nearest' });
    await refreshList();
  } catch (err) {
    toast(message(err), 'error');
  }
}

async function exportReport(): Promise<void> {
  if (!current) return;
  try {
    // The calibrated PDF (true scale: 25 mm/s, 10 mm/mV) that the CLI's `report` also prints.
    const r = await client.call('exportReport', { recordId: current.id, format: 'pdf' });
    const body = r.encoding === 'base64' ? Uint8Array.from(atob(r.content), (c) => c.charCodeAt(0)) : r.content;
    const url = URL.createObjectURL(new Blob([body], { type: r.mimeType }));
    const a = h('a', { href: url, download: r.fileName });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  } catch (err) {
    toast(message(err), 'error');
  }
}

// ---- models and training (modelsView.ts, trainingView.ts) -----------------------------------------------

/** A model was activated: the open record is analysed again so its findings name the new model. */
function modelActivated(): void {
  if (current) void runAnalysis();
}

const viewDeps = { client, caps: () => caps, toast, message, onModelActivated: modelActivated };
const trainingView = new TrainingView(viewDeps);
const renderModels = () => renderModelsView(viewDeps);
const renderTraining = () => trainingView.render();

// ---- shell -----------------------------------------------------------------------------------------

type View = 'viewer' | 'models' | 'training';
function showView(view: View): void {
  for (const v of ['viewer', 'models', 'training'] as const) {
    $(`#view-${v}`).hidden = v !== view;
    $(`#tab-${v}`).classList.toggle('active', v === view);
  }
  if (view === 'models') void renderModels();
  if (view === 'training') void renderTraining();
}

function step(dir: number): void {
  if (records.length === 0) return;
  const i = records.findIndex((r) => r.id === current?.id);
  const next = records[Math.max(0, Math.min(records.length - 1, i < 0 ? 0 : i + dir))];
  if (next && next.id !== current?.id) void openRecord(next.id);
}

function installShortcuts(): void {
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const k = e.key;
    const handled = (() => {
      if (k === 'j' || k === 'PageDown') return step(1), true;
      if (k === 'k' || k === 'PageUp') return step(-1), true;
      if (k === 'ArrowRight') return viewer.pan(e.shiftKey ? viewer.settings.speed / 5 : 1), true;
      if (k === 'ArrowLeft') return viewer.pan(e.shiftKey ? -viewer.settings.speed / 5 : -1), true;
      if (k === ']') return viewer.panPages(1), true;
      if (k === '[') return viewer.panPages(-1), true;
      if (k === 'g') return viewer.cycle('gain'), true;
      if (k === 's') return viewer.cycle('speed'), true;
      if (k === 'l') return viewer.cycle('layout'), true;
      if (k === 'd') return viewer.cycle('display'), true;
      if (k === '+' || k === '=') return viewer.zoom(1), true;
      if (k === '-') return viewer.zoom(-1), true;
      if (k === 'c') return $('#tb-calipers').classList.toggle('on', viewer.toggleCalipers()), true;
      if (k === '?') return ($('#shortcuts').hidden = !$('#shortcuts').hidden), true;
      return false;
    })();
    if (handled) e.preventDefault();
  });
}

function option(value: string, label: string): HTMLOptionElement {
  return h('option', { value }, label);
}

function buildToolbar(): void {
  const bar = $('#viewer-toolbar');
  const select = (id: string, label: string, opts: [string, string][], onChange: (v: string) => void) =>
    h('label', { class: 'tb' }, label, h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) }, ...opts.map(([v, l]) => option(v, l))));
  bar.append(
    select('tb-layout', 'Layout', LAYOUTS.map((l) => [l, l === '12x1' ? '12 × 1' : l === '6x2' ? '6 × 2' : '3 × 4 + II']), (v) => viewer.set('layout', v as Layout)),
    select('tb-speed', 'Speed', [['25', '25 mm/s'], ['50', '50 mm/s']], (v) => viewer.set('speed', Number(v) as 25 | 50)),
    select('tb-gain', 'Gain', [['5', '5 mm/mV'], ['10', '10 mm/mV'], ['20', '20 mm/mV']], (v) => viewer.set('gain', Number(v) as 5 | 10 | 20)),
    select('tb-display', 'Trace', DISPLAY_MODES.map((d) => [d, d === 'side-by-side' ? 'side by side' : d === 'overlay' ? 'overlaid' : d]), (v) => viewer.set('display', v as DisplayMode)),
    h('div', { class: 'tb-group' }, h('button', { title: 'Zoom out (−)', onclick: () => viewer.zoom(-1) }, '−'), h('button', { title: 'Zoom in (+)', onclick: () => viewer.zoom(1) }, '+')),
    h('button', { id: 'tb-calipers', title: 'Calipers (c)', onclick: (e: Event) => (e.currentTarget as HTMLElement).classList.toggle('on', viewer.toggleCalipers()) }, 'Calipers'),
    h('button', { title: 'Export report', onclick: () => void exportReport() }, 'Export report'),
  );
  viewer.onChange = () => syncToolbar();
}

async function boot(): Promise<void> {
  $('#viewer-host').append(viewer.element);
  buildToolbar();
  installShortcuts();
  for (const v of ['viewer', 'models', 'training'] as const) $(`#tab-${v}`).addEventListener('click', () => showView(v));
  $('#search').addEventListener('input', () => void refreshList());
  $('#filter-format').addEventListener('change', () => void refreshList());
  $('#filter-review').addEventListener('change', () => void refreshList());
  $('#filter-label').addEventListener('input', () => void refreshList());
  $('#review-confirm').addEventListener('click', () => void submitReview('confirm'));
  $('#review-correct').addEventListener('click', () => void submitReview('correct'));
  $('#reanalyse').addEventListener('click', () => void runAnalysis());
  const picker = $<HTMLInputElement>('#file-picker');
  $('#import-button').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => void importUpload([...(picker.files ?? [])]).then(() => (picker.value = '')));
  $('#import-path-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const p = $<HTMLInputElement>('#import-path').value.trim();
    if (p) void importPaths([p]);
  });
  const drop = $('#sidebar');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    void importUpload([...(e.dataTransfer?.files ?? [])]);
  });
  client.onEvent((ev) => {
    if (ev.type === 'import' && ev.done < ev.total) $('#import-status').textContent = `Importing ${ev.done}/${ev.total}: ${ev.file}`;
    if (ev.type === 'training') {
      trainingView.onJob(ev.job, !$('#view-training').hidden);
      if (ev.job.state === 'completed' && !$('#view-models').hidden) void renderModels();
    }
    if (ev.type === 'library' && ev.change === 'models' && !$('#view-models').hidden) void renderModels();
  });
  try {
    caps = await client.call('capabilities', {});
    const fmt = $<HTMLSelectElement>('#filter-format');
    for (const f of caps.formats) fmt.append(option(f, f.toUpperCase()));
    $('#shell-badge').textContent = caps.shell === 'electron' ? 'desktop' : 'local web';
  } catch (err) {
    toast(message(err), 'error');
  }
  renderDiagnoses();
  await refreshList();
  (globalThis as { __ecgStudio?: unknown }).__ecgStudio = { viewer, viewerStats, openRecord, trainingView };
}

void boot();
