// The signals and signal_chunks tables: a record's leads written as chunk rows, read back by window and level.
import type { EcgLead } from '../shared/ecgRecord';
import type { SignalWindow, SignalWindowLead, SignalWindowRequest } from '../shared/storeContracts';
import type { Db } from './db';
import { fromJson, toJson } from './json';
import {
  bucketSamples,
  buildLevels,
  chooseEncoding,
  chunkSamplesFor,
  decodeValues,
  encodeValues,
  interleave,
  valuesAtLevel,
  type LeadEncoding,
} from './signalCodec';

/** Points per lead an automatic level choice aims at when the caller does not say. */
export const DEFAULT_MAX_POINTS = 2000;

interface SignalRow {
  record_id: number;
  lead_idx: number;
  lead_name: string;
  original_name: string;
  unit: string;
  encoding: 'f32' | 'i16';
  adc_gain: number | null;
  adc_baseline: number | null;
  sample_count: number;
  chunk_samples: number;
  level_count: number;
  details: string;
}

export interface StoredLead {
  leadIdx: number;
  name: string;
  originalName: string;
  unit: string;
  encoding: LeadEncoding;
  sampleCount: number;
  chunkSamples: number;
  levelCount: number;
  details: Record<string, unknown>;
}

function toStoredLead(row: SignalRow): StoredLead {
  return {
    leadIdx: row.lead_idx,
    name: row.lead_name,
    originalName: row.original_name,
    unit: row.unit,
    encoding:
      row.encoding === 'i16'
        ? { kind: 'i16', adcGain: row.adc_gain as number, adcBaseline: row.adc_baseline as number }
        : { kind: 'f32' },
    sampleCount: row.sample_count,
    chunkSamples: row.chunk_samples,
    levelCount: row.level_count,
    details: fromJson(row.details, {}),
  };
}

/** Number of chunk rows a lead has at one level. */
export function chunkCountAt(lead: Pick<StoredLead, 'sampleCount' | 'chunkSamples'>, level: number): number {
  return Math.ceil(valuesAtLevel(lead.sampleCount, level) / lead.chunkSamples);
}

export class SignalsRepository {
  constructor(private readonly db: Db) {}

  /** Writes one lead: its signals row, raw chunks and every decimation level (call inside a transaction). */
  insertLead(recordId: number, leadIdx: number, lead: EcgLead, samplingRateHz: number): void {
    const encoding = chooseEncoding(lead);
    const chunkSamples = chunkSamplesFor(samplingRateHz);
    const levels = buildLevels(lead.samples);
    this.db
      .prepare(
        `INSERT INTO signals (record_id, lead_idx, lead_name, original_name, unit, encoding, adc_gain, adc_baseline,
           sample_count, chunk_samples, level_count, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        recordId,
        leadIdx,
        lead.name,
        lead.originalName,
        lead.unit,
        encoding.kind,
        encoding.kind === 'i16' ? encoding.adcGain : null,
        encoding.kind === 'i16' ? encoding.adcBaseline : null,
        lead.samples.length,
        chunkSamples,
        levels.length,
        toJson(lead.details ?? {}),
      );
    const insertChunk = this.db.prepare(
      'INSERT INTO signal_chunks (record_id, lead_idx, level, chunk_idx, value_count, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const samples = lead.samples;
    for (let c = 0, start = 0; start < samples.length; c++, start += chunkSamples) {
      const part = samples.subarray(start, Math.min(samples.length, start + chunkSamples));
      insertChunk.run(recordId, leadIdx, 0, c, part.length, encodeValues(part, encoding));
    }
    levels.forEach((level, i) => {
      const count = level.min.length;
      for (let c = 0, start = 0; start < count; c++, start += chunkSamples) {
        const end = Math.min(count, start + chunkSamples);
        insertChunk.run(recordId, leadIdx, i + 1, c, end - start, encodeValues(interleave(level, start, end), encoding));
      }
    });
  }

  leadsOf(recordId: number): StoredLead[] {
    return (this.db.prepare('SELECT * FROM signals WHERE record_id = ? ORDER BY lead_idx').all(recordId) as SignalRow[]).map(
      toStoredLead,
    );
  }

  /** Values [first, end) of one lead at one level, from the chunk rows that cover them. */
  private readValues(recordId: number, lead: StoredLead, level: number, first: number, end: number): Float32Array {
    const perValue = level === 0 ? 1 : 2;
    const out = new Float32Array((end - first) * perValue);
    if (end <= first) return out;
    const firstChunk = Math.floor(first / lead.chunkSamples);
    const lastChunk = Math.floor((end - 1) / lead.chunkSamples);
    const rows = this.db
      .prepare(
        `SELECT chunk_idx, data FROM signal_chunks
         WHERE record_id = ? AND lead_idx = ? AND level = ? AND chunk_idx BETWEEN ? AND ? ORDER BY chunk_idx`,
      )
      .all(recordId, lead.leadIdx, level, firstChunk, lastChunk) as { chunk_idx: number; data: Uint8Array }[];
    if (rows.length !== lastChunk - firstChunk + 1) {
      throw new Error(`record ${recordId} lead ${lead.leadIdx} level ${level}: chunk rows missing from the library`);
    }
    for (const row of rows) {
      const values = decodeValues(row.data, lead.encoding);
      const chunkStart = row.chunk_idx * lead.chunkSamples;
      const from = Math.max(first, chunkStart);
      const to = Math.min(end, chunkStart + values.length / perValue);
      out.set(values.subarray((from - chunkStart) * perValue, (to - chunkStart) * perValue), (from - first) * perValue);
    }
    return out;
  }

  /** Samples [from, to) of one lead at full resolution (a part of a long record). */
  loadSampleSpan(recordId: number, lead: StoredLead, from: number, to: number): Float32Array {
    return this.readValues(recordId, lead, 0, from, to);
  }

  /** Every sample of one lead (rebuilding a whole record, exports). */
  loadSamples(recordId: number, lead: StoredLead): Float32Array {
    return this.readValues(recordId, lead, 0, 0, lead.sampleCount);
  }

  readWindow(recordId: number, samplingRateHz: number, request: SignalWindowRequest): SignalWindow {
    const all = this.leadsOf(recordId);
    if (all.length === 0) throw new Error(`record ${recordId} has no stored signals`);
    const selected = request.leads === undefined ? all : request.leads.map((i) => {
      const lead = all.find((l) => l.leadIdx === i);
      if (lead === undefined) throw new Error(`record ${recordId} has no lead ${i}`);
      return lead;
    });
    const total = (all[0] as StoredLead).sampleCount;
    const levelCount = (all[0] as StoredLead).levelCount;
    if (!(request.durationSec >= 0) || !Number.isFinite(request.startSec)) {
      throw new Error(`bad window: start ${request.startSec} s, duration ${request.durationSec} s`);
    }
    const startSample = Math.min(total, Math.max(0, Math.floor(request.startSec * samplingRateHz)));
    const endSample = Math.min(total, Math.max(startSample, Math.ceil((request.startSec + request.durationSec) * samplingRateHz)));

    let level: number;
    if (request.level === undefined || request.level === 'auto') {
      const maxPoints = request.maxPoints ?? DEFAULT_MAX_POINTS;
      level = 0;
      while (level < levelCount && Math.ceil((endSample - startSample) / bucketSamples(level)) > maxPoints) level++;
    } else {
      level = request.level;
      if (!Number.isInteger(level) || level < 0 || level > levelCount) {
        throw new Error(`record ${recordId} has decimation levels 0–${levelCount}, not ${String(request.level)}`);
      }
    }
    const bucket = bucketSamples(level);
    const firstValue = Math.floor(startSample / bucket);
    const endValue = Math.ceil(endSample / bucket);
    const leads: SignalWindowLead[] = selected.map((lead) => {
      const values = this.readValues(recordId, lead, level, firstValue, endValue);
      const base = { leadIdx: lead.leadIdx, name: lead.name, unit: lead.unit };
      if (level === 0) return { ...base, samples: values };
      const n = values.length / 2;
      const min = new Float32Array(n);
      const max = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        min[i] = values[2 * i] as number;
        max[i] = values[2 * i + 1] as number;
      }
      return { ...base, min, max };
    });
    return {
      recordId,
      samplingRateHz,
      level,
      bucketSamples: bucket,
      startSample: firstValue * bucket,
      sampleCount: Math.min(total, endValue * bucket) - firstValue * bucket,
      leads,
    };
  }

  /** Chunk rows per (record, lead, level), for consistency checks. */
  chunkCounts(): Map<string, number> {
    const rows = this.db
      .prepare('SELECT record_id, lead_idx, level, count(*) AS n FROM signal_chunks GROUP BY record_id, lead_idx, level')
      .all() as { record_id: number; lead_idx: number; level: number; n: number }[];
    return new Map(rows.map((r) => [`${r.record_id}/${r.lead_idx}/${r.level}`, r.n]));
  }

  allLeads(): { recordId: number; lead: StoredLead }[] {
    return (this.db.prepare('SELECT * FROM signals ORDER BY record_id, lead_idx').all() as SignalRow[]).map((row) => ({
      recordId: row.record_id,
      lead: toStoredLead(row),
    }));
  }
}
