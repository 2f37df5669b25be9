// The models table and its activation history: register, activate one (exactly one active), roll back.
import type { ModelActivation, ModelEntry } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';

interface ModelRow {
  id: number;
  name: string;
  version: string;
  path: string;
  manifest: string;
  metrics: string;
  active: number;
  registered_at: string;
}

function toModel(row: ModelRow): ModelEntry {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    path: row.path,
    manifest: fromJson(row.manifest, {}),
    metrics: fromJson(row.metrics, {}),
    active: row.active === 1,
    registeredAt: row.registered_at,
  };
}

export class ModelsRepository {
  constructor(private readonly db: Db) {}

  /** Adds a model; the first model registered becomes the active one. */
  register(
    entry: { name: string; version: string; path: string; manifest: Record<string, unknown>; metrics?: Record<string, unknown> },
    now: string,
  ): number {
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM models WHERE name = ? AND version = ?').get(entry.name, entry.version);
      if (existing !== undefined) throw new Error(`model ${entry.name} ${entry.version} is already registered`);
      const info = this.db
        .prepare('INSERT INTO models (name, version, path, manifest, metrics, active, registered_at) VALUES (?, ?, ?, ?, ?, 0, ?)')
        .run(entry.name, entry.version, entry.path, toJson(entry.manifest), toJson(entry.metrics ?? {}), now);
      const id = Number(info.lastInsertRowid);
      if (this.active() === undefined) this.setActive(id, 'register', now);
      return id;
    }).immediate();
  }

  list(): ModelEntry[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY id').all() as ModelRow[]).map(toModel);
  }

  get(id: number): ModelEntry | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    return row && toModel(row);
  }

  active(): ModelEntry | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE active = 1').get() as ModelRow | undefined;
    return row && toModel(row);
  }

  activations(): ModelActivation[] {
    const rows = this.db.prepare('SELECT * FROM model_activations ORDER BY id').all() as {
      id: number;
      model_id: number;
      previous_model_id: number | null;
      reason: ModelActivation['reason'];
      activated_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      modelId: r.model_id,
      previousModelId: r.previous_model_id,
      reason: r.reason,
      activatedAt: r.activated_at,
    }));
  }

  private setActive(id: number, reason: ModelActivation['reason'], now: string): void {
    const previous = this.active();
    this.db.prepare('UPDATE models SET active = 0 WHERE active = 1').run();
    this.db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
    this.db
      .prepare('INSERT INTO model_activations (model_id, previous_model_id, reason, activated_at) VALUES (?, ?, ?, ?)')
      .run(id, previous?.id ?? null, reason, now);
  }

  activate(id: number, now: string): void {
    this.db.transaction(() => {
      if (this.get(id) === undefined) throw new Error(`no model with id ${id}`);
      if (this.active()?.id === id) return;
      this.setActive(id, 'activate', now);
    }).immediate();
  }

  /**
   * Re-activates the model that was active before the current one (the previous entry of the activation
   * history); a second rollback therefore returns to the model rolled back from, like `cd -`.
   */
  rollback(now: string): ModelEntry {
    return this.db.transaction(() => {
      const current = this.active();
      if (current === undefined) throw new Error('no model is active, nothing to roll back');
      const last = this.db
        .prepare('SELECT previous_model_id FROM model_activations WHERE model_id = ? ORDER BY id DESC LIMIT 1')
        .get(current.id) as { previous_model_id: number | null } | undefined;
      const previousId = last?.previous_model_id ?? null;
      if (previousId === null) throw new Error(`model ${current.name} ${current.version} was the first active model; nothing to roll back to`);
      this.setActive(previousId, 'rollback', now);
      return this.get(previousId) as ModelEntry;
    }).immediate();
  }
}
