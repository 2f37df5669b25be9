// The records table: insert, look up by id or content hash, and the filtered, paged library list.
import type { EcgFormat, EcgRecord } from '../shared/ecgRecord';
import type { RecordDetail, RecordPage, RecordQuery, RecordSummary, ReviewStatus } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;

interface RecordRow {
  id: number;
  content_hash: string;
  format: string;
  source_path: string;
  name: string;
  sampling_rate_hz: number;
  leads: string;
  samples_per_lead: number;
  duration_sec: number;
  acquisition_time: string | null;
  patient_id: string | null;
  patient_name: string | null;
  patient_sex: 'M' | 'F' | 'U' | null;
  patient_age_years: number | null;
  patient_birth_date: string | null;
  device: string | null;
  filters: string;
  metadata: string;
  warnings: string;
  imported_at: string;
  review_action: 'confirmed' | 'edited' | null;
  review_labels: string | null;
}

const LATEST_REVIEW = (column: string) =>
  `(SELECT ${column} FROM reviews WHERE reviews.record_id = r.id ORDER BY reviews.id DESC LIMIT 1)`;
const LATEST_ANALYSIS = (column: string) =>
  `(SELECT ${column} FROM analyses WHERE analyses.record_id = r.id ORDER BY analyses.id DESC LIMIT 1)`;

const SELECT_SUMMARY = `SELECT r.*, ${LATEST_REVIEW('action')} AS review_action, ${LATEST_REVIEW('labels')} AS review_labels FROM records r`;

function toSummary(row: RecordRow): RecordSummary {
  return {
    id: row.id,
    contentHash: row.content_hash,
    format: row.format as EcgFormat,
    sourcePath: row.source_path,
    name: row.name,
    samplingRateHz: row.sampling_rate_hz,
    leads: fromJson<string[]>(row.leads, []),
    samplesPerLead: row.samples_per_lead,
    durationSec: row.duration_sec,
    acquisitionTime: row.acquisition_time,
    patientId: row.patient_id,
    patientName: row.patient_name,
    patientSex: row.patient_sex,
    patientAgeYears: row.patient_age_years,
    patientBirthDate: row.patient_birth_date,
    device: row.device,
    importedAt: row.imported_at,
    reviewStatus: (row.review_action ?? 'unreviewed') as ReviewStatus,
    reviewedLabels: row.review_labels === null ? null : fromJson<string[]>(row.review_labels, []),
  };
}

/** LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A JSON path for one object key, quoted so labels with dots or spaces work. */
function jsonKeyPath(key: string): string {
  return `$."${key.replace(/"/g, '\\"')}"`;
}

export class RecordsRepository {
  constructor(private readonly db: Db) {}

  insert(args: { record: EcgRecord; contentHash: string; sourcePath: string; importedAt: string }): number {
    const { record } = args;
    const p = record.patient;
    const info = this.db
      .prepare(
        `INSERT INTO records (content_hash, format, source_path, name, sampling_rate_hz, leads, samples_per_lead,
           duration_sec, acquisition_time, patient_id, patient_name, patient_sex, patient_age_years, patient_birth_date,
           device, filters, metadata, warnings, imported_at)
         VALUES (@contentHash, @format, @sourcePath, @name, @samplingRateHz, @leads, @samplesPerLead, @durationSec,
           @acquisitionTime, @patientId, @patientName, @patientSex, @patientAgeYears, @patientBirthDate, @device,
           @filters, @metadata, @warnings, @importedAt)`,
      )
      .run({
        contentHash: args.contentHash,
        format: record.format,
        sourcePath: args.sourcePath,
        name: record.name,
        samplingRateHz: record.samplingRateHz,
        leads: toJson(record.leads.map((l) => l.name)),
        samplesPerLead: record.samplesPerLead,
        durationSec: record.samplesPerLead / record.samplingRateHz,
        acquisitionTime: record.acquisition.startTime ?? null,
        patientId: p.id ?? null,
        patientName: p.name ?? null,
        patientSex: p.sex ?? null,
        patientAgeYears: p.ageYears ?? null,
        patientBirthDate: p.birthDate ?? null,
        device: record.acquisition.device ?? null,
        filters: toJson(record.filters),
        metadata: toJson({
          ...record.metadata,
          ...(record.acquisition.manufacturer === undefined ? {} : { manufacturer: record.acquisition.manufacturer }),
          ...(record.acquisition.site === undefined ? {} : { site: record.acquisition.site }),
          ...(p.heightCm === undefined ? {} : { patientHeightCm: p.heightCm }),
          ...(p.weightKg === undefined ? {} : { patientWeightKg: p.weightKg }),
        }),
        warnings: toJson(record.warnings),
        importedAt: args.importedAt,
      });
    return Number(info.lastInsertRowid);
  }

  findByContentHash(contentHash: string): number | undefined {
    const row = this.db.prepare('SELECT id FROM records WHERE content_hash = ?').get(contentHash) as { id: number } | undefined;
    return row?.id;
  }

  get(id: number): RecordDetail | undefined {
    const row = this.db.prepare(`${SELECT_SUMMARY} WHERE r.id = ?`).get(id) as RecordRow | undefined;
    if (row === undefined) return undefined;
    return {
      ...toSummary(row),
      metadata: fromJson<Record<string, unknown>>(row.metadata, {}),
      warnings: fromJson<string[]>(row.warnings, []),
    };
  }

  /** Raw JSON columns the summary leaves out (for rebuilding an EcgRecord). */
  extras(id: number): { filters: Record<string, unknown>; metadata: Record<string, unknown> } | undefined {
    const row = this.db.prepare('SELECT filters, metadata FROM records WHERE id = ?').get(id) as
      | { filters: string; metadata: string }
      | undefined;
    return row && { filters: fromJson(row.filters, {}), metadata: fromJson(row.metadata, {}) };
  }

  list(query: RecordQuery = {}): RecordPage {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.acquiredFrom !== undefined) {
      where.push('r.acquisition_time >= ?');
      params.push(query.acquiredFrom);
    }
    if (query.acquiredTo !== undefined) {
      where.push('r.acquisition_time < ?');
      params.push(query.acquiredTo);
    }
    if (query.patient !== undefined) {
      where.push(`(r.patient_id = ? OR r.patient_name LIKE ? ESCAPE '\\')`);
      params.push(query.patient, containsPattern(query.patient));
    }
    if (query.text !== undefined) {
      where.push(`(r.name LIKE ? ESCAPE '\\' OR r.source_path LIKE ? ESCAPE '\\')`);
      params.push(containsPattern(query.text), containsPattern(query.text));
    }
    if (query.format !== undefined) {
      where.push('r.format = ?');
      params.push(query.format);
    }
    if (query.diagnosis !== undefined) {
      // A review is the final word: reviewed records match on their labels, others on the latest analysis.
      where.push(`(CASE WHEN ${LATEST_REVIEW('labels')} IS NOT NULL
          THEN EXISTS (SELECT 1 FROM json_each(${LATEST_REVIEW('labels')}) WHERE value = ?)
          ELSE json_extract(${LATEST_ANALYSIS('probabilities')}, ?) >= ? END)`);
      params.push(query.diagnosis, jsonKeyPath(query.diagnosis), query.minProbability ?? 0.5);
    }
    if (query.reviewStatus !== undefined) {
      where.push(`COALESCE(${LATEST_REVIEW('action')}, 'unreviewed') = ?`);
      params.push(query.reviewStatus);
    }
    if (query.minQualityScore !== undefined) {
      where.push(`${LATEST_ANALYSIS('quality_score')} >= ?`);
      params.push(query.minQualityScore);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM records r ${filter}`).get(...params) as { n: number }).n;

    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (query.beforeId !== undefined) {
      pageWhere.push('r.id < ?');
      pageParams.push(query.beforeId);
    }
    const pageFilter = pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`${SELECT_SUMMARY} ${pageFilter} ORDER BY r.id DESC LIMIT ? OFFSET ?`)
      .all(...pageParams, limit + 1, Math.max(0, Math.floor(query.offset ?? 0))) as RecordRow[];
    const more = rows.length > limit;
    const records = rows.slice(0, limit).map(toSummary);
    const last = records[records.length - 1];
    return { records, total, nextBeforeId: more && last ? last.id : null };
  }

  /** Every record id with its number of leads (consistency checks). */
  allLeadCounts(): { id: number; leadCount: number; samplesPerLead: number }[] {
    return (this.db.prepare('SELECT id, json_array_length(leads) AS leadCount, samples_per_lead AS samplesPerLead FROM records').all() as {
      id: number;
      leadCount: number;
      samplesPerLead: number;
    }[]);
  }
}
