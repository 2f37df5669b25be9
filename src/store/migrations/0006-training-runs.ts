// Migration 6: training runs with their status, per-epoch metrics, checkpoint and the process that runs them.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 6,
  name: 'training-runs',
  up(db) {
    db.exec(`
      CREATE TABLE training_runs (
        id INTEGER PRIMARY KEY,
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        epoch_metrics TEXT NOT NULL DEFAULT '[]',
        checkpoint_path TEXT,
        log TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        pid INTEGER
      );
      CREATE INDEX training_runs_status ON training_runs (status);
    `);
  },
};
