// The shape of one numbered schema migration; a shipped migration is never edited, a new one is added instead.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Schema version after this migration (PRAGMA user_version); migrations run in ascending order. */
  version: number;
  name: string;
  up(db: Database): void;
}
