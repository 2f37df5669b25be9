// The annotations table: a record's beat and event labels, by sample index.
import type { EcgAnnotation } from '../shared/ecgRecord';
import type { Db } from './db';

interface AnnotationRow {
  sample_idx: number;
  code: string;
  subtype: number | null;
  channel: number | null;
  num: number | null;
  aux: string | null;
  duration_samples: number | null;
}

export class AnnotationsRepository {
  constructor(private readonly db: Db) {}

  /** Writes all annotations of a record (call inside the record's transaction). */
  insertMany(recordId: number, annotations: readonly EcgAnnotation[]): void {
    const insert = this.db.prepare(
      `INSERT INTO annotations (record_id, sample_idx, code, subtype, channel, num, aux, duration_samples)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of annotations) {
      insert.run(recordId, a.sampleIdx, a.code, a.subtype ?? null, a.channel ?? null, a.num ?? null, a.aux ?? null, a.durationSamples ?? null);
    }
  }

  /** Annotations of a record in sample order, optionally only those in [fromSample, toSample). */
  countFor(recordId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM annotations WHERE record_id = ?').get(recordId) as { n: number }).n;
  }

  listFor(recordId: number, fromSample = 0, toSample = Number.MAX_SAFE_INTEGER): EcgAnnotation[] {
    const rows = this.db
      .prepare(
        `SELECT sample_idx, code, subtype, channel, num, aux, duration_samples FROM annotations
         WHERE record_id = ? AND sample_idx >= ? AND sample_idx < ? ORDER BY sample_idx, id`,
      )
      .all(recordId, fromSample, toSample) as AnnotationRow[];
    return rows.map((r) => ({
      sampleIdx: r.sample_idx,
      code: r.code,
      ...(r.subtype === null ? {} : { subtype: r.subtype }),
      ...(r.channel === null ? {} : { channel: r.channel }),
      ...(r.num === null ? {} : { num: r.num }),
      ...(r.aux === null ? {} : { aux: r.aux }),
      ...(r.duration_samples === null ? {} : { durationSamples: r.duration_samples }),
    }));
  }
}
