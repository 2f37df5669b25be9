// The Training view: start / cancel / resume retraining on reviewed records, live loss and task-weight curves, compare and activate.
import type { Capabilities, ModelInfo, TrainingJob } from '../shared/api';
import { clear, h } from './dom';
import type { ModelsViewDeps } from './modelsView';

/** chart.js is ESM-only; a dynamic import keeps this CommonJS-typed file valid and esbuild bundles it inline. */
const chartJs = import('chart.js').then((m) => {
  m.Chart.register(m.LineController, m.LineElement, m.PointElement, m.LinearScale, m.LogarithmicScale, m.Legend, m.Tooltip);
  return m;
});
type ChartModule = Awaited<typeof chartJs>;
type LineChart = InstanceType<ChartModule['Chart']>;

export const TASKS = ['recovery', 'classification'] as const;
const TASK_LABEL: Record<(typeof TASKS)[number], string> = { recovery: 'Recovery (denoising)', classification: 'Classification' };
const TASK_COLOUR: Record<(typeof TASKS)[number], string> = { recovery: '#0b6e4f', classification: '#b42318' };

interface Point {
  x: number;
  y: number;
}

/** What one job has reported so far: per-step task losses and weights, per-epoch validation. */
interface JobSeries {
  loss: Record<(typeof TASKS)[number], Point[]>;
  weight: Record<(typeof TASKS)[number], Point[]>;
  epochs: Map<number, Record<string, number>>;
}

const fmt = (v: number | undefined, digits = 3) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** The same services as the Models view: API client, capabilities, toasts, error text, and a hook after activation. */
export type TrainingViewDeps = ModelsViewDeps;

export class TrainingView {
  private readonly series = new Map<number, JobSeries>();
  private readonly jobs = new Map<number, TrainingJob>();
  /** The run shown in the live panel (the newest unless the user picked another). */
  private shownJobId: number | undefined;
  private readonly dismissed = new Set<number>();
  private charts: { loss: LineChart; weight: LineChart } | undefined;
  private box: HTMLElement | undefined;
  private renderToken = 0;
  eventCount = 0;

  constructor(private readonly deps: TrainingViewDeps) {}

  private seriesOf(jobId: number): JobSeries {
    let s = this.series.get(jobId);
    if (!s) {
      s = { loss: { recovery: [], classification: [] }, weight: { recovery: [], classification: [] }, epochs: new Map() };
      this.series.set(jobId, s);
    }
    return s;
  }

  /** Every training event, whether the view is shown or not, so curves are complete when it opens. */
  onJob(job: TrainingJob, visible: boolean): void {
    this.eventCount++;
    const before = this.jobs.get(job.jobId);
    this.jobs.set(job.jobId, job);
    const m = job.lastMetrics;
    const s = this.seriesOf(job.jobId);
    const step = m['step'];
    if (step !== undefined) {
      for (const t of TASKS) {
        const loss = m[`loss_${t}`];
        const weight = m[`weight_${t}`];
        const push = (arr: Point[], y: number | undefined) => {
          if (y === undefined || !Number.isFinite(y)) return;
          const last = arr[arr.length - 1];
          if (last && last.x >= step) return;
          arr.push({ x: step, y });
        };
        push(s.loss[t], loss);
        push(s.weight[t], weight);
      }
    }
    const epoch = m['epoch'];
    if (epoch !== undefined && (m['val_macro_auc'] !== undefined || m['train_loss_recovery'] !== undefined)) s.epochs.set(epoch, { ...m });
    if (this.shownJobId === undefined || job.jobId > this.shownJobId) this.shownJobId = job.jobId;
    if (!visible) return;
    const stateChanged = before?.state !== job.state;
    if (stateChanged || !this.box?.querySelector('[data-testid="training-live"]')) void this.render();
    else this.updateLive();
  }

  async render(): Promise<void> {
    const token = ++this.renderToken;
    const box = document.querySelector('#training-body') as HTMLElement;
    this.box = box;
    const caps = this.deps.caps();
    let models: ModelInfo[] = [];
    let reviewed = 0;
    let jobs: TrainingJob[] = [];
    let loadError: string | undefined;
    try {
      const [m, confirmed, edited, j] = await Promise.all([
        this.deps.client.call('listModels', {}),
        this.deps.client.call('listRecords', { reviewStatus: 'confirmed', limit: 1 }),
        this.deps.client.call('listRecords', { reviewStatus: 'edited', limit: 1 }),
        caps?.training ? this.deps.client.call('trainingJobs', {}) : Promise.resolve({ jobs: [] as TrainingJob[] }),
      ]);
      models = m.models;
      reviewed = confirmed.total + edited.total;
      jobs = j.jobs;
    } catch (err) {
      loadError = this.deps.message(err);
    }
    if (token !== this.renderToken) return;
    for (const j of jobs) if (!this.jobs.has(j.jobId) || this.jobs.get(j.jobId)?.state !== j.state) this.jobs.set(j.jobId, { ...this.jobs.get(j.jobId), ...j });
    if (this.shownJobId === undefined && jobs[0]) this.shownJobId = jobs[0].jobId;
    this.destroyCharts();
    clear(box);
    box.append(this.startCard(models, reviewed, caps));
    if (!caps?.training) {
      box.append(h('p', { class: 'muted', 'data-testid': 'training-unavailable' }, 'Training is not available in this build of ECG Studio (the model engine is not wired).'));
      return;
    }
    if (loadError) box.append(h('p', { class: 'muted' }, loadError));
    const shown = this.shownJobId === undefined ? undefined : this.jobs.get(this.shownJobId);
    if (shown) {
      box.append(this.liveCard(shown));
      await this.buildCharts(shown.jobId);
      if (token !== this.renderToken) return;
      if (shown.state === 'completed' && !this.dismissed.has(shown.jobId)) box.append(this.compareCard(shown, models));
    }
    box.append(this.historyCard([...this.jobs.values()].sort((a, b) => b.jobId - a.jobId)));
  }

  private startCard(models: ModelInfo[], reviewed: number, caps: Capabilities | undefined): HTMLElement {
    const running = [...this.jobs.values()].some((j) => j.state === 'running' || j.state === 'queued');
    const base = h(
      'select',
      { id: 'train-base', 'aria-label': 'Base model' },
      h('option', { value: '' }, models.some((m) => m.active) ? 'Active model (labels and input)' : 'Bundled default model'),
      ...models.map((m) => h('option', { value: m.id }, `${m.name} ${m.version}${m.active ? ' (active)' : ''}`)),
    );
    const start = h(
      'button',
      { id: 'train-start', class: 'primary', disabled: !caps?.training || running, onclick: () => void this.start() },
      'Start retraining',
    );
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, 'New run'),
      h(
        'div',
        { class: 'form-grid' },
        h('label', { for: 'train-data' }, 'Training data'),
        h('select', { id: 'train-data', 'aria-label': 'Training data' }, h('option', { value: 'reviewed' }, `Reviewed records of this library (${reviewed})`)),
        h('label', { for: 'train-base' }, 'Base model'),
        base,
        h('label', { for: 'train-mode' }, 'Start from'),
        h(
          'select',
          { id: 'train-mode', 'aria-label': 'Start from' },
          h('option', { value: 'scratch' }, 'A new network (train from scratch)'),
          h('option', { value: 'fine-tune' }, 'The base model’s weights — fine-tune all layers (learning rate ÷ 10)'),
          h('option', { value: 'fine-tune-classifier' }, 'The base model’s weights — fine-tune the classifier only (denoiser unchanged)'),
        ),
        h('label', { for: 'train-epochs' }, 'Epochs'),
        h('input', { id: 'train-epochs', type: 'number', min: 1, max: 1000, value: 10 }),
        h('span', { class: 'muted' }, 'Loss weighting'),
        h('span', {}, 'fixed 10 : 1 (recovery : classification), joint schedule — the default model’s settings'),
      ),
      h(
        'p',
        { class: 'muted small' },
        'The new model uses the base model’s labels and input; records whose review has none of those labels count as negatives. Records are split by patient (80 / 10 / 10). At least 8 reviewed records are needed. The new model is registered but not activated: compare it with the active one first.',
      ),
      h('div', { class: 'row' }, start, running ? h('span', { class: 'muted small' }, 'A run is in progress.') : null),
    );
  }

  private async start(): Promise<void> {
    const epochs = Number((document.querySelector('#train-epochs') as HTMLInputElement).value) || 10;
    const baseValue = (document.querySelector('#train-base') as HTMLSelectElement).value;
    const modeValue = (document.querySelector('#train-mode') as HTMLSelectElement | null)?.value ?? 'scratch';
    const mode = modeValue === 'fine-tune' || modeValue === 'fine-tune-classifier' ? modeValue : 'scratch';
    try {
      const job = await this.deps.client.call('startTraining', { epochs, useReviewedOnly: true, mode, ...(baseValue ? { baseModelId: Number(baseValue) } : {}) });
      this.shownJobId = job.jobId;
      this.jobs.set(job.jobId, job);
      await this.render();
    } catch (err) {
      this.deps.toast(this.deps.message(err), 'error');
    }
  }

  private async act(call: 'cancelTraining' | 'resumeTraining', jobId: number): Promise<void> {
    try {
      const job = await this.deps.client.call(call, { jobId });
      this.jobs.set(job.jobId, job);
      this.shownJobId = job.jobId;
      await this.render();
    } catch (err) {
      this.deps.toast(this.deps.message(err), 'error');
    }
  }

  private liveCard(job: TrainingJob): HTMLElement {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.round(job.progress * 100)}%`;
    const actions =
      job.state === 'running' || job.state === 'queued'
        ? h('button', { id: 'train-cancel', onclick: () => void this.act('cancelTraining', job.jobId) }, 'Cancel')
        : job.state === 'cancelled' || job.state === 'interrupted'
          ? h('button', { id: 'train-resume', class: 'primary', onclick: () => void this.act('resumeTraining', job.jobId) }, 'Resume')
          : null;
    const lossCanvas = h('canvas', { 'data-testid': 'loss-chart' });
    const weightCanvas = h('canvas', { 'data-testid': 'weight-chart' });
    return h(
      'section',
      { class: 'card', 'data-testid': 'training-live', 'data-job-id': job.jobId, 'data-state': job.state },
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, `Run #${job.jobId}`),
        h('span', { class: `state state-${job.state}`, 'data-testid': 'training-state' }, job.state),
        h('span', { class: 'progress-track' }, bar),
        h('span', { class: 'muted small', 'data-testid': 'training-progress' }, this.progressText(job)),
        actions,
      ),
      h(
        'div',
        { class: 'chart-row' },
        h('figure', { class: 'chart-box' }, h('figcaption', {}, 'Task losses per step (unweighted)'), h('div', { class: 'chart-canvas' }, lossCanvas)),
        h('figure', { class: 'chart-box' }, h('figcaption', {}, 'Task weights per step'), h('div', { class: 'chart-canvas' }, weightCanvas)),
      ),
      h('div', { class: 'epochs', 'data-testid': 'training-epochs' }, ...this.epochLines(job.jobId)),
      h('details', {}, h('summary', { class: 'muted small' }, 'Log'), h('pre', { class: 'log', 'data-testid': 'training-log' }, job.logTail || '—')),
    );
  }

  private progressText(job: TrainingJob): string {
    return `${Math.round(job.progress * 100)} % · epoch ${job.epochsDone} done${job.endedAt ? ` · ended ${new Date(job.endedAt).toLocaleTimeString()}` : ''}`;
  }

  private epochLines(jobId: number): HTMLElement[] {
    const s = this.series.get(jobId);
    if (!s || s.epochs.size === 0) return [];
    const rows = [...s.epochs.entries()].sort((a, b) => b[0] - a[0]);
    return [
      h(
        'table',
        { class: 'grid-table epoch-table' },
        h('tr', {}, ...['Epoch', 'Train loss recovery', 'Train loss classification', 'Weights', 'Val macro-AUC', 'Val SNR improvement'].map((t) => h('th', {}, t))),
        ...rows.map(([epoch, m]) =>
          h(
            'tr',
            {},
            h(
              'td',
              { class: 'num', ...(m['refine_stage'] === 1 ? { title: 'Recovery-head refinement: only the decoder trains; every class output stays as it was' } : {}) },
              m['refine_stage'] === 1 ? `${epoch} (recovery refinement)` : String(epoch),
            ),
            h('td', { class: 'num' }, fmt(m['train_loss_recovery'], 4)),
            h('td', { class: 'num' }, fmt(m['train_loss_classification'], 4)),
            h('td', { class: 'num' }, `${fmt(m['weight_recovery'], 1)} : ${fmt(m['weight_classification'], 1)}`),
            h('td', { class: 'num', title: 'Undefined when the validation split lacks positives or negatives of a class' }, fmt(m['val_macro_auc'])),
            h('td', { class: 'num' }, `${fmt(m['val_snr_improvement_db'], 2)} dB`),
          ),
        ),
      ),
    ];
  }

  private async buildCharts(jobId: number): Promise<void> {
    const m = await chartJs;
    const box = this.box;
    if (!box) return;
    const lossCanvas = box.querySelector('[data-testid="loss-chart"]') as HTMLCanvasElement | null;
    const weightCanvas = box.querySelector('[data-testid="weight-chart"]') as HTMLCanvasElement | null;
    if (!lossCanvas || !weightCanvas) return;
    const s = this.seriesOf(jobId);
    const make = (canvas: HTMLCanvasElement, data: Record<(typeof TASKS)[number], Point[]>, isLoss: boolean) =>
      new m.Chart(canvas, {
        type: 'line',
        data: {
          datasets: TASKS.map((t) => ({
            label: TASK_LABEL[t],
            data: data[t],
            borderColor: TASK_COLOUR[t],
            backgroundColor: TASK_COLOUR[t],
            borderWidth: 1.5,
            pointRadius: data[t].length < 40 ? 2 : 0,
            tension: 0.2,
          })),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          scales: {
            x: { type: 'linear', title: { display: true, text: 'step' }, ticks: { precision: 0 } },
            // The recovery MSE (mV²) runs ~100× below the BCE: a log axis shows both curves' shape.
            y: isLoss ? { type: 'logarithmic', title: { display: true, text: 'loss (log)' } } : { type: 'linear', beginAtZero: true, title: { display: true, text: 'weight' } },
          },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
        },
      });
    this.destroyCharts();
    this.charts = { loss: make(lossCanvas, s.loss, true), weight: make(weightCanvas, s.weight, false) };
    this.markPoints(jobId);
  }

  /** Point counts on the canvases (end-to-end tests read them; a chart's pixels say nothing checkable). */
  private markPoints(jobId: number): void {
    const s = this.seriesOf(jobId);
    const box = this.box;
    for (const t of TASKS) {
      box?.querySelector('[data-testid="loss-chart"]')?.setAttribute(`data-points-${t}`, String(s.loss[t].length));
      box?.querySelector('[data-testid="weight-chart"]')?.setAttribute(`data-points-${t}`, String(s.weight[t].length));
    }
  }

  private updateLive(): void {
    const jobId = this.shownJobId;
    const job = jobId === undefined ? undefined : this.jobs.get(jobId);
    const live = this.box?.querySelector('[data-testid="training-live"]') as HTMLElement | null;
    if (!job || !live || Number(live.getAttribute('data-job-id')) !== job.jobId) return void this.render();
    const bar = live.querySelector('.progress-track .bar') as HTMLElement | null;
    if (bar) bar.style.width = `${Math.round(job.progress * 100)}%`;
    const text = live.querySelector('[data-testid="training-progress"]');
    if (text) text.textContent = this.progressText(job);
    const epochs = live.querySelector('[data-testid="training-epochs"]');
    if (epochs) {
      clear(epochs);
      epochs.append(...this.epochLines(job.jobId));
    }
    const log = live.querySelector('[data-testid="training-log"]');
    if (log) log.textContent = job.logTail || '—';
    if (this.charts) {
      for (const c of [this.charts.loss, this.charts.weight]) {
        for (const d of c.data.datasets) (d as { pointRadius?: number }).pointRadius = (d.data as Point[]).length < 40 ? 2 : 0;
        c.update('none');
      }
    }
    this.markPoints(job.jobId);
  }

  private destroyCharts(): void {
    this.charts?.loss.destroy();
    this.charts?.weight.destroy();
    this.charts = undefined;
  }

  private compareCard(job: TrainingJob, models: ModelInfo[]): HTMLElement {
    const modelId = job.lastMetrics['model_id'];
    const trained = models.find((m) => m.id === modelId);
    const current = models.find((m) => m.active);
    if (!trained) return h('section', { class: 'card' }, h('p', { class: 'muted' }, 'The trained model is no longer in the registry.'));
    const classes = [...new Set([...(current?.classes ?? []), ...trained.classes])];
    const rows: [string, string, number | undefined, number | undefined, number][] = [
      ['Macro AUC (test split)', 'macro_auc', current?.metrics['macro_auc'], trained.metrics['macro_auc'], 3],
      ...classes.map((c): [string, string, number | undefined, number | undefined, number] => [`AUC ${c}`, `auc_${c}`, current?.metrics[`auc_${c}`], trained.metrics[`auc_${c}`], 3]),
      ['Recovery SNR improvement (dB)', 'snr_improvement_db', current?.metrics['snr_improvement_db'], trained.metrics['snr_improvement_db'], 2],
      ['Test records', 'test_records', current?.metrics['test_records'], trained.metrics['test_records'], 0],
    ];
    const table = h(
      'table',
      { class: 'grid-table compare', 'data-testid': 'compare-table' },
      h('tr', {}, h('th', {}, 'Metric'), h('th', {}, current ? `Active: ${current.name} ${current.version}` : 'Active: —'), h('th', {}, `New: ${trained.name} ${trained.version}`)),
      ...rows.map(([label, key, a, b, digits]) => {
        const better = a !== undefined && b !== undefined && b > a;
        return h('tr', { 'data-metric': key }, h('td', { class: key.startsWith('auc_') ? 'sub' : '' }, label), h('td', { class: 'num' }, fmt(a, digits)), h('td', { class: `num${better ? ' better' : ''}` }, fmt(b, digits)));
      }),
    );
    const activeAlready = trained.active;
    return h(
      'section',
      { class: 'card', 'data-testid': 'training-compare' },
      h('h2', {}, 'Compare with the active model'),
      h(
        'p',
        { class: 'muted small' },
        'Each model on its own test split. An AUC is undefined (—) when that split lacks positives or negatives of a class; a small library gives wide uncertainty, so prefer the new model only when it is clearly better.',
      ),
      table,
      h(
        'div',
        { class: 'row' },
        activeAlready
          ? h('span', { class: 'badge' }, 'active')
          : h('button', { id: 'train-activate', class: 'primary', onclick: () => void this.activate(trained) }, `Activate ${trained.version}`),
        h('button', { id: 'train-dismiss', onclick: () => this.dismiss(job.jobId) }, 'Keep the current model'),
      ),
    );
  }

  private async activate(model: ModelInfo): Promise<void> {
    try {
      await this.deps.client.call('activateModel', { modelId: model.id });
      this.deps.toast(`Model ${model.name} ${model.version} is now active.`);
      this.deps.onModelActivated();
      await this.render();
    } catch (err) {
      this.deps.toast(this.deps.message(err), 'error');
    }
  }

  /** The contract has no call to delete a model: "keep" hides the comparison; the package stays registered, inactive. */
  private dismiss(jobId: number): void {
    this.dismissed.add(jobId);
    this.deps.toast('The current model stays active; the new one remains in Models, inactive.');
    void this.render();
  }

  private historyCard(jobs: TrainingJob[]): HTMLElement {
    if (jobs.length === 0) return h('section', { class: 'card' }, h('h2', {}, 'Runs'), h('p', { class: 'muted' }, 'No training runs yet.'));
    const table = h(
      'table',
      { class: 'grid-table', 'data-testid': 'training-runs' },
      h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'State'), h('th', {}, 'Progress'), h('th', {}, 'Epochs'), h('th', {}, 'Started'), h('th', {}, '')),
    );
    for (const j of jobs) {
      table.append(
        h(
          'tr',
          { class: j.jobId === this.shownJobId ? 'selected' : '' },
          h('td', {}, `#${j.jobId}`),
          h('td', {}, h('span', { class: `state state-${j.state}` }, j.state)),
          h('td', {}, `${Math.round(j.progress * 100)} %`),
          h('td', {}, String(j.epochsDone)),
          h('td', {}, j.startedAt ? new Date(j.startedAt).toLocaleString() : '—'),
          h('td', {}, h('button', { class: 'link', onclick: () => ((this.shownJobId = j.jobId), void this.render()) }, 'Show')),
        ),
      );
    }
    return h('section', { class: 'card' }, h('h2', {}, 'Runs'), table);
  }
}
