// Every schema migration in order; add a new file and a line here, never edit a shipped one.
import type { Migration } from './migration';
import { migration as m0001 } from './0001-records';
import { migration as m0002 } from './0002-annotations';
import { migration as m0003 } from './0003-analyses';
import { migration as m0004 } from './0004-reviews';
import { migration as m0005 } from './0005-models';
import { migration as m0006 } from './0006-training-runs';
import { migration as m0007 } from './0007-settings';

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
