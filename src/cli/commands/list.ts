// `ecg-studio list`: the library's records, filtered (date, patient, diagnosis, review status, quality) and paged.
import type { RecordQuery, RecordSummary, ReviewStatus } from '../../shared/storeContracts';
import type { EcgFormat } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { openCliLibrary } from '../openCliLibrary';
import { parseCommandArgs, type CliCommand } from '../command';

const STATUSES: readonly ReviewStatus[] = ['unreviewed', 'confirmed', 'edited'];

function numberOption(name: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} '${value}' is not a valid number here`);
  return n;
}

function row(r: RecordSummary): string {
  const patient = [r.patientId, r.patientSex, r.patientAgeYears === null ? null : `${r.patientAgeYears}y`].filter((x) => x !== null).join(' ');
  const labels = r.reviewedLabels === null ? '' : ` [${r.reviewedLabels.join(',')}]`;
  return [
    `#${r.id}`.padEnd(7),
    r.name.padEnd(16),
    r.format.padEnd(11),
    `${r.leads.length} leads`.padEnd(9),
    `${r.samplingRateHz} Hz`.padEnd(8),
    `${r.durationSec.toFixed(1)} s`.padEnd(10),
    (r.acquisitionTime ?? '-').padEnd(20),
    (patient || '-').padEnd(12),
    `${r.reviewStatus}${labels}`,
  ].join(' ');
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'list records in the library (filters: date, patient, diagnosis, review status, quality)',
  usage:
    'ecg-studio list [--db <library.db>] [--json] [--from DATE] [--to DATE] [--patient ID|NAME] [--text TEXT] [--format FMT] ' +
    '[--diagnosis LABEL [--min-prob P]] [--status unreviewed|confirmed|edited] [--min-quality Q] [--limit N] [--offset N] [--before-id ID]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        db: { type: 'string' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        patient: { type: 'string' },
        text: { type: 'string' },
        format: { type: 'string' },
        diagnosis: { type: 'string' },
        'min-prob': { type: 'string' },
        status: { type: 'string' },
        'min-quality': { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
        'before-id': { type: 'string' },
      },
      this.usage,
    );
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\nusage: ${this.usage}`);
    if (values.status !== undefined && !STATUSES.includes(values.status as ReviewStatus)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    }
    const query: RecordQuery = {};
    if (values.from !== undefined) query.acquiredFrom = values.from;
    if (values.to !== undefined) query.acquiredTo = values.to;
    if (values.patient !== undefined) query.patient = values.patient;
    if (values.text !== undefined) query.text = values.text;
    if (values.format !== undefined) query.format = values.format as EcgFormat;
    if (values.diagnosis !== undefined) query.diagnosis = values.diagnosis;
    if (values.status !== undefined) query.reviewStatus = values.status as ReviewStatus;
    const minProb = numberOption('min-prob', values['min-prob'], (n) => n >= 0 && n <= 1);
    if (minProb !== undefined) query.minProbability = minProb;
    const minQuality = numberOption('min-quality', values['min-quality'], (n) => n >= 0 && n <= 1);
    if (minQuality !== undefined) query.minQualityScore = minQuality;
    const limit = numberOption('limit', values.limit, (n) => Number.isInteger(n) && n > 0);
    if (limit !== undefined) query.limit = limit;
    const offset = numberOption('offset', values.offset, (n) => Number.isInteger(n) && n >= 0);
    if (offset !== undefined) query.offset = offset;
    const beforeId = numberOption('before-id', values['before-id'], (n) => Number.isInteger(n) && n > 0);
    if (beforeId !== undefined) query.beforeId = beforeId;

    const { lib } = openCliLibrary(values.db, io);
    try {
      const page = lib.listRecords(query);
      if (values.json) {
        io.stdout(`${JSON.stringify(page, null, 2)}\n`);
      } else {
        for (const r of page.records) io.stdout(`${row(r)}\n`);
        const more = page.nextBeforeId === null ? '' : `; next page: --before-id ${page.nextBeforeId}`;
        io.stdout(`${page.records.length} of ${page.total} record${page.total === 1 ? '' : 's'}${more}\n`);
      }
      return 0;
    } finally {
      lib.close();
    }
  },
};
