// Migration 4: reviews, an append-only audit trail (triggers refuse UPDATE and DELETE); the latest one per record wins.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 4,
  name: 'reviews',
  up(db) {
    db.exec(`
      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records (id),
        analysis_id INTEGER REFERENCES analyses (id),
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('confirmed', 'edited')),
        labels TEXT NOT NULL,
        comment TEXT
      );
      CREATE INDEX reviews_record ON reviews (record_id, id);
      CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only: a review cannot be changed'); END;
      CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only: a review cannot be deleted'); END;
    `);
  },
};
