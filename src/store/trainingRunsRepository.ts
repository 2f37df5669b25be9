// The training_runs table: queued → running → completed/failed/cancelled, or interrupted when its process died.
import type { TrainingRun, TrainingRunStatus } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';

interface RunRow {
  id: number;
  config: string;
  status: TrainingRunStatus;
  progress: number;
  epoch_metrics: string;
  checkpoint_path: string | null;
  log: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  pid: number | null;
}

function toRun(row: RunRow): TrainingRun {
  return {
    id: row.id,
    config: fromJson(row.config, {}),
    status: row.status,
    progress: row.progress,
    epochMetrics: fromJson(row.epoch_metrics, []),
    checkpointPath: row.checkpoint_path,
    log: row.log,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    pid: row.pid,
  };
}

export class TrainingRunsRepository {
  constructor(private readonly db: Db) {}

  create(config: Record<string, unknown>, now: string): number {
    const info = this.db.prepare(`INSERT INTO training_runs (config, status, created_at) VALUES (?, 'queued', ?)`).run(toJson(config), now);
    return Number(info.lastInsertRowid);
  }

  get(id: number): TrainingRun | undefined {
    const row = this.db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && toRun(row);
  }

  list(): TrainingRun[] {
    return (this.db.prepare('SELECT * FROM training_runs ORDER BY id DESC').all() as RunRow[]).map(toRun);
  }

  private expectStatus(id: number, allowed: TrainingRunStatus[]): TrainingRun {
    const run = this.get(id);
    if (run === undefined) throw new Error(`no training run ${id}`);
    if (!allowed.includes(run.status)) throw new Error(`training run ${id} is ${run.status}, expected ${allowed.join(' or ')}`);
    return run;
  }

  start(id: number, pid: number | null, now: string): void {
    this.db.transaction(() => {
      this.expectStatus(id, ['queued']);
      this.db.prepare(`UPDATE training_runs SET status = 'running', pid = ?, started_at = ? WHERE id = ?`).run(pid, now, id);
    }).immediate();
  }

  /** Appends one epoch's metrics (and the checkpoint it wrote) in one statement, so a kill keeps whole epochs. */
  recordEpoch(id: number, update: { progress: number; metrics: Record<string, unknown>; checkpointPath?: string; logLine?: string }): void {
    if (!(update.progress >= 0 && update.progress <= 1)) throw new Error(`progress ${update.progress} is not within 0–1`);
    const info = this.db
      .prepare(
        `UPDATE training_runs SET progress = ?, epoch_metrics = json_insert(epoch_metrics, '$[#]', json(?)),
           checkpoint_path = COALESCE(?, checkpoint_path), log = log || ? WHERE id = ? AND status = 'running'`,
      )
      .run(update.progress, toJson(update.metrics), update.checkpointPath ?? null, update.logLine === undefined ? '' : `${update.logLine}\n`, id);
    if (info.changes !== 1) throw new Error(`training run ${id} is not running`);
  }

  finish(id: number, status: 'completed' | 'failed' | 'cancelled', now: string, logLine?: string): void {
    this.db.transaction(() => {
      this.expectStatus(id, ['running', 'queued', 'interrupted']);
      this.db
        .prepare(`UPDATE training_runs SET status = ?, ended_at = ?, log = log || ?, progress = CASE WHEN ? = 'completed' THEN 1 ELSE progress END WHERE id = ?`)
        .run(status, now, logLine === undefined ? '' : `${logLine}\n`, status, id);
    }).immediate();
  }

  /** Marks 'running' runs whose process is gone as 'interrupted'; returns their ids. */
  markInterrupted(isAlive: (pid: number) => boolean, now: string): number[] {
    return this.db.transaction(() => {
      const running = this.db.prepare(`SELECT id, pid FROM training_runs WHERE status = 'running'`).all() as { id: number; pid: number | null }[];
      const dead = running.filter((r) => r.pid === null || !isAlive(r.pid));
      const mark = this.db.prepare(
        `UPDATE training_runs SET status = 'interrupted', ended_at = ?, log = log || ? WHERE id = ? AND status = 'running'`,
      );
      for (const r of dead) mark.run(now, `interrupted: process ${r.pid ?? '?'} was no longer running when the library was opened\n`, r.id);
      return dead.map((r) => r.id);
    }).immediate();
  }

  /** Takes an interrupted run up again under a new process, keeping its epochs and checkpoint. */
  resume(id: number, pid: number | null, now: string): TrainingRun {
    return this.db.transaction(() => {
      this.expectStatus(id, ['interrupted']);
      this.db
        .prepare(`UPDATE training_runs SET status = 'running', pid = ?, ended_at = NULL, log = log || ? WHERE id = ?`)
        .run(pid, `resumed at ${now}\n`, id);
      return this.get(id) as TrainingRun;
    }).immediate();
  }
}
