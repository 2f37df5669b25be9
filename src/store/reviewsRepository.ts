// The reviews table: append-only (the schema's triggers refuse changes); the latest review of a record is its truth.
import type { DatasetItem, NewReview, Review } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';

interface ReviewRow {
  id: number;
  record_id: number;
  analysis_id: number | null;
  reviewer: string;
  created_at: string;
  action: 'confirmed' | 'edited';
  labels: string;
  comment: string | null;
}

function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    recordId: row.record_id,
    analysisId: row.analysis_id,
    reviewer: row.reviewer,
    createdAt: row.created_at,
    action: row.action,
    labels: fromJson(row.labels, []),
    comment: row.comment,
  };
}

export class ReviewsRepository {
  constructor(private readonly db: Db) {}

  insert(review: NewReview, createdAt: string): number {
    if (review.reviewer.trim() === '') throw new Error('a review needs a reviewer name');
    const labels = [...new Set(review.labels.map((l) => l.trim()).filter((l) => l !== ''))];
    const info = this.db
      .prepare(
        'INSERT INTO reviews (record_id, analysis_id, reviewer, created_at, action, labels, comment) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(review.recordId, review.analysisId ?? null, review.reviewer.trim(), createdAt, review.action, toJson(labels), review.comment ?? null);
    return Number(info.lastInsertRowid);
  }

  /** Every review of a record, oldest first (the audit trail). */
  listFor(recordId: number): Review[] {
    return (this.db.prepare('SELECT * FROM reviews WHERE record_id = ? ORDER BY id').all(recordId) as ReviewRow[]).map(toReview);
  }

  /** Reviewed records with the labels of their latest review, by record id. */
  datasetItems(): DatasetItem[] {
    const rows = this.db
      .prepare(
        `SELECT rv.*, rec.name AS record_name FROM reviews rv JOIN records rec ON rec.id = rv.record_id
         WHERE rv.id = (SELECT max(id) FROM reviews WHERE record_id = rv.record_id) ORDER BY rv.record_id`,
      )
      .all() as (ReviewRow & { record_name: string })[];
    return rows.map((row) => ({
      recordId: row.record_id,
      name: row.record_name,
      labels: fromJson(row.labels, []),
      reviewId: row.id,
      reviewer: row.reviewer,
      reviewedAt: row.created_at,
    }));
  }
}
