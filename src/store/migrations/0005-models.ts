// Migration 5: the model registry (at most one active, enforced by a partial unique index) and its activation history.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 5,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        path TEXT NOT NULL,
        manifest TEXT NOT NULL,
        metrics TEXT NOT NULL DEFAULT '{}',
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        registered_at TEXT NOT NULL,
        UNIQUE (name, version)
      );
      CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;
      CREATE TABLE model_activations (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models (id),
        previous_model_id INTEGER REFERENCES models (id),
        reason TEXT NOT NULL CHECK (reason IN ('register', 'activate', 'rollback')),
        activated_at TEXT NOT NULL
      );
    `);
  },
};
