// Migration 7: application settings as key/value text.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 7,
  name: 'settings',
  up(db) {
    db.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
  },
};
