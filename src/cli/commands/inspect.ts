// `ecg-studio inspect <file>`: what a file holds (format, rate, leads, length, units, annotations, metadata).
import { recordDurationSec, type EcgRecord } from '../../shared/ecgRecord';
import { readRecordFile } from '../../store/recordFiles';
import { parseCommandArgs, rateOption, type CliCommand } from '../command';
import { FileError } from '../fileError';
import { UsageError } from '../../shared/errors';

const PHI_KEYS = ['name', 'id', 'birthDate'] as const;

/** The JSON view of a record that `inspect --json` prints; patient identifiers only when asked. */
export function inspectSummary(record: EcgRecord, showPhi: boolean) {
  const patient: Record<string, unknown> = { ...record.patient };
  if (!showPhi) for (const key of PHI_KEYS) delete patient[key];
  const units: Record<string, string> = {};
  for (const lead of record.leads) units[lead.name] = lead.unit;
  return {
    format: record.format,
    samplingRateHz: record.samplingRateHz,
    leads: record.leads.map((l) => l.name),
    samplesPerLead: record.samplesPerLead,
    durationSec: recordDurationSec(record),
    annotations: record.annotations.length,
    metadata: {
      name: record.name,
      units,
      patient,
      acquisition: record.acquisition,
      filters: record.filters,
      ...(record.representativeBeats
        ? {
            representativeBeats: {
              samplingRateHz: record.representativeBeats.samplingRateHz,
              samplesPerLead: record.representativeBeats.samplesPerLead,
              leads: record.representativeBeats.leads.map((l) => l.name),
            },
          }
        : {}),
      ...jsonSafe(record.metadata),
      warnings: record.warnings,
    },
  };
}

/** Drops typed arrays and other non-JSON values from format metadata. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? undefined : typeof v === 'bigint' ? Number(v) : v)),
  ) as Record<string, unknown>;
}

function textSummary(s: ReturnType<typeof inspectSummary>): string {
  const units = Object.entries(s.metadata.units)
    .map(([lead, unit]) => `${lead}=${unit}`)
    .join(' ');
  const lines = [
    `format:          ${s.format}`,
    `record:          ${s.metadata.name}`,
    `samplingRateHz:  ${s.samplingRateHz}`,
    `leads (${s.leads.length}):       ${s.leads.join(', ')}`,
    `samplesPerLead:  ${s.samplesPerLead}`,
    `durationSec:     ${s.durationSec.toFixed(3)}`,
    `units:           ${units}`,
    `annotations:     ${s.annotations}`,
  ];
  const start = s.metadata.acquisition.startTime;
  if (start) lines.push(`startTime:       ${start}`);
  const patient = Object.entries(s.metadata.patient);
  if (patient.length) lines.push(`patient:         ${patient.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  for (const w of s.metadata.warnings) lines.push(`warning:         ${w}`);
  return lines.join('\n') + '\n';
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'show what an ECG file holds (format, rate, leads, duration, units, annotations, metadata)',
  usage: 'ecg-studio inspect <file> [--json] [--show-phi] [--rate HZ]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, 'show-phi': { type: 'boolean' }, rate: { type: 'string' } },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one file\nusage: ${this.usage}`);
    let summary;
    try {
      summary = inspectSummary(readRecordFile(file, rateOption(values.rate)).record, values['show-phi'] === true);
    } catch (err) {
      throw new FileError(file, err);
    }
    io.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : textSummary(summary));
    return 0;
  },
};
