// The analyses table: model outputs per record, each stamped with the model name, version and backend.
import type { Analysis, NewAnalysis } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';

interface AnalysisRow {
  id: number;
  record_id: number;
  model_name: string;
  model_version: string;
  backend: string;
  probabilities: string;
  measurements: string;
  quality: string;
  created_at: string;
}

function toAnalysis(row: AnalysisRow): Analysis {
  return {
    id: row.id,
    recordId: row.record_id,
    modelName: row.model_name,
    modelVersion: row.model_version,
    backend: row.backend,
    probabilities: fromJson(row.probabilities, {}),
    measurements: fromJson(row.measurements, {}),
    quality: fromJson(row.quality, {}),
    createdAt: row.created_at,
  };
}

export class AnalysesRepository {
  constructor(private readonly db: Db) {}

  insert(a: NewAnalysis, createdAt: string): number {
    for (const [label, p] of Object.entries(a.probabilities)) {
      if (!(p >= 0 && p <= 1)) throw new Error(`probability of '${label}' is ${p}, not within 0–1`);
    }
    const score = a.quality.score;
    if (score !== undefined && !(score >= 0 && score <= 1)) throw new Error(`quality score ${score} is not within 0–1`);
    const info = this.db
      .prepare(
        `INSERT INTO analyses (record_id, model_name, model_version, backend, probabilities, measurements, quality,
           quality_score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.recordId,
        a.modelName,
        a.modelVersion,
        a.backend,
        toJson(a.probabilities),
        toJson(a.measurements),
        toJson(a.quality),
        score ?? null,
        createdAt,
      );
    return Number(info.lastInsertRowid);
  }

  latest(recordId: number): Analysis | undefined {
    const row = this.db.prepare('SELECT * FROM analyses WHERE record_id = ? ORDER BY id DESC LIMIT 1').get(recordId) as
      | AnalysisRow
      | undefined;
    return row && toAnalysis(row);
  }

  listFor(recordId: number): Analysis[] {
    return (this.db.prepare('SELECT * FROM analyses WHERE record_id = ? ORDER BY id').all(recordId) as AnalysisRow[]).map(toAnalysis);
  }
}
