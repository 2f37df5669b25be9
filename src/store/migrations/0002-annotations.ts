// Migration 2: annotations (beat labels, rhythm changes, wave boundaries) of records, by sample index.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 2,
  name: 'annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        sample_idx INTEGER NOT NULL,
        code TEXT NOT NULL,
        subtype INTEGER,
        channel INTEGER,
        num INTEGER,
        aux TEXT,
        duration_samples INTEGER
      );
      CREATE INDEX annotations_record_sample ON annotations (record_id, sample_idx);
    `);
  },
};
