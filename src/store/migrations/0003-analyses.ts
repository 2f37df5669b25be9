// Migration 3: model analyses of records, each keeping the model name and version that produced it.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 3,
  name: 'analyses',
  up(db) {
    db.exec(`
      CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        model_name TEXT NOT NULL,
        model_version TEXT NOT NULL,
        backend TEXT NOT NULL,
        probabilities TEXT NOT NULL,
        measurements TEXT NOT NULL,
        quality TEXT NOT NULL,
        quality_score REAL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX analyses_record ON analyses (record_id, id);
    `);
  },
};
