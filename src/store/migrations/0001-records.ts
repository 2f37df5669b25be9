// Migration 1: records, their leads, and the leads' samples in chunk rows with min/max decimation levels.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 1,
  name: 'records',
  up(db) {
    db.exec(`
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        source_path TEXT NOT NULL,
        name TEXT NOT NULL,
        sampling_rate_hz REAL NOT NULL CHECK (sampling_rate_hz > 0),
        leads TEXT NOT NULL,
        samples_per_lead INTEGER NOT NULL CHECK (samples_per_lead >= 0),
        duration_sec REAL NOT NULL,
        acquisition_time TEXT,
        patient_id TEXT,
        patient_name TEXT,
        patient_sex TEXT CHECK (patient_sex IN ('M', 'F', 'U')),
        patient_age_years REAL,
        patient_birth_date TEXT,
        device TEXT,
        filters TEXT NOT NULL DEFAULT '{}',
        metadata TEXT NOT NULL DEFAULT '{}',
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL
      );
      CREATE INDEX records_acquisition_time ON records (acquisition_time);
      CREATE INDEX records_patient_id ON records (patient_id);

      -- One row per lead. i16 leads store ADC units: physical = (stored - adc_baseline) / adc_gain.
      CREATE TABLE signals (
        record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        lead_idx INTEGER NOT NULL,
        lead_name TEXT NOT NULL,
        original_name TEXT NOT NULL,
        unit TEXT NOT NULL,
        encoding TEXT NOT NULL CHECK (encoding IN ('f32', 'i16')),
        adc_gain REAL,
        adc_baseline REAL,
        sample_count INTEGER NOT NULL,
        chunk_samples INTEGER NOT NULL CHECK (chunk_samples > 0),
        level_count INTEGER NOT NULL,
        details TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (record_id, lead_idx),
        CHECK (encoding = 'f32' OR (adc_gain > 0 AND adc_baseline IS NOT NULL))
      );

      -- Level 0: samples; level L >= 1: interleaved min/max pairs of 8^L-sample buckets.
      -- Chunk c of any level holds values [c * chunk_samples, (c + 1) * chunk_samples).
      CREATE TABLE signal_chunks (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL,
        lead_idx INTEGER NOT NULL,
        level INTEGER NOT NULL CHECK (level >= 0),
        chunk_idx INTEGER NOT NULL CHECK (chunk_idx >= 0),
        value_count INTEGER NOT NULL,
        data BLOB NOT NULL,
        FOREIGN KEY (record_id, lead_idx) REFERENCES signals (record_id, lead_idx) ON DELETE CASCADE,
        UNIQUE (record_id, lead_idx, level, chunk_idx)
      );
    `);
  },
};
