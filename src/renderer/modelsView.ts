// The Models view: registered versions with their test metrics, the active marker, activate (and so roll back).
import type { ApiClient, Capabilities, ModelInfo } from '../shared/api';
import { clear, h } from './dom';

export interface ModelsViewDeps {
  client: ApiClient;
  caps: () => Capabilities | undefined;
  toast: (text: string, kind?: 'info' | 'error') => void;
  message: (err: unknown) => string;
  onModelActivated: () => void;
}

const fmt = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Per-class AUCs of a model's registry metrics (`auc_<code>`), in its class order. */
function perClassAuc(m: ModelInfo): string {
  const parts = m.classes.flatMap((c) => (m.metrics[`auc_${c}`] === undefined ? [] : [`${c} ${fmt(m.metrics[`auc_${c}`], 2)}`]));
  return parts.length ? parts.join(' · ') : '—';
}

export async function renderModels(deps: ModelsViewDeps): Promise<void> {
  const box = document.querySelector('#models-body') as HTMLElement;
  let models: ModelInfo[];
  try {
    models = (await deps.client.call('listModels', {})).models;
  } catch (err) {
    clear(box);
    box.append(h('p', { class: 'muted' }, deps.message(err)));
    return;
  }
  clear(box);
  const caps = deps.caps();
  if (!caps?.classification) box.append(h('p', { class: 'muted' }, 'Classification is not available in this build: the model engine is not wired to the app.'));
  if (models.length === 0) {
    box.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'models-empty' },
        caps?.classification
          ? 'No models registered in this library yet: analyses use the bundled default model. A retrained model appears here (with the default beside it) once a training run completes.'
          : 'No models registered in this library yet.',
      ),
    );
    return;
  }
  const active = models.find((m) => m.active);
  const activate = async (m: ModelInfo, verb: string) => {
    try {
      await deps.client.call('activateModel', { modelId: m.id });
      deps.toast(`${verb}: ${m.name} ${m.version} is now active.`);
      deps.onModelActivated();
      await renderModels(deps);
    } catch (err) {
      deps.toast(deps.message(err), 'error');
    }
  };
  const table = h(
    'table',
    { class: 'grid-table models-table', 'data-testid': 'models-table' },
    h(
      'tr',
      {},
      h('th', {}, 'Model'),
      h('th', {}, 'Version'),
      h('th', {}, 'Registered'),
      h('th', {}, 'Macro AUC'),
      h('th', {}, 'AUC per class'),
      h('th', {}, 'SNR improvement'),
      h('th', {}, 'Test records'),
      h('th', {}, ''),
    ),
  );
  // Newest first: a rollback is activating an older row.
  for (const m of [...models].sort((a, b) => b.id - a.id)) {
    const older = active !== undefined && m.id < active.id;
    table.append(
      h(
        'tr',
        { class: m.active ? 'active-row' : '', 'data-model-id': m.id, 'data-version': m.version },
        h('td', {}, h('strong', {}, m.name), h('div', { class: 'muted small' }, m.classes.join(', '))),
        h('td', {}, m.version),
        h('td', {}, new Date(m.registeredAt).toLocaleString()),
        h('td', { class: 'num' }, fmt(m.metrics['macro_auc'], 3)),
        h('td', { class: 'small' }, perClassAuc(m)),
        h('td', { class: 'num' }, m.metrics['snr_improvement_db'] === undefined ? '—' : `${fmt(m.metrics['snr_improvement_db'], 2)} dB`),
        h('td', { class: 'num' }, fmt(m.metrics['test_records'], 0)),
        h(
          'td',
          {},
          m.active
            ? h('span', { class: 'badge', 'data-testid': 'active-badge' }, 'active')
            : h('button', { class: older ? '' : 'primary', onclick: () => void activate(m, older ? 'Rolled back' : 'Activated') }, older ? 'Roll back to this' : 'Activate'),
        ),
      ),
    );
  }
  box.append(
    table,
    h('p', { class: 'muted small' }, 'Metrics are each model’s own test split (see its MODEL.md). New analyses use the active model; earlier analyses keep the model name and version they were made with.'),
  );
}
