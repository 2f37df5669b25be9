// `ecg-studio peaks <file>`: R-peak sample indices of one lead (QRS detection by a chosen method).
import { leadMillivolts, type EcgLead, type EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { ECG_PEAKS_METHODS, ecgPeaks, type EcgPeaksMethod } from '../../signal/ecgPeaks';
import { parseCommandArgs, type CliCommand } from '../command';
import { readCliRecord } from '../readCliRecord';
import { normalizeLeadName } from '../../shared/leads';
import { millivoltsPerUnit } from '../../shared/units';

/** The lead to analyse: the one named, else II, MLII, then the first voltage lead. */
export function pickLead(record: EcgRecord, wanted: string | undefined): EcgLead {
  const voltage = record.leads.filter((l) => millivoltsPerUnit(l.unit) !== undefined);
  if (wanted !== undefined) {
    const norm = normalizeLeadName(wanted);
    const found = record.leads.find((l) => l.name === norm || l.originalName === wanted || l.name.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new UsageError(`no lead '${wanted}' in this record (leads: ${record.leads.map((l) => l.name).join(', ')})`);
    if (millivoltsPerUnit(found.unit) === undefined) throw new UsageError(`lead '${found.name}' is in '${found.unit}', not an ECG voltage`);
    return found;
  }
  const lead = voltage.find((l) => l.name === 'II') ?? voltage.find((l) => l.name === 'MLII') ?? voltage[0];
  if (!lead) throw new UsageError('this record has no ECG (voltage) lead');
  return lead;
}

export function parseMethod(value: string | undefined): EcgPeaksMethod | undefined {
  if (value === undefined) return undefined;
  if (!(ECG_PEAKS_METHODS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown method '${value}' (choose ${ECG_PEAKS_METHODS.join(', ')})`);
  }
  return value as EcgPeaksMethod;
}

export const peaksCommand: CliCommand = {
  name: 'peaks',
  summary: 'detect R peaks (QRS complexes) in one lead',
  usage: `ecg-studio peaks <file> [--lead NAME] [--method ${ECG_PEAKS_METHODS.join('|')}] [--json]`,
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, lead: { type: 'string' }, method: { type: 'string' }, rate: { type: 'string' } },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one file\nusage: ${this.usage}`);
    const method = parseMethod(values.method);
    const record = readCliRecord(file, values.rate);
    const lead = pickLead(record, values.lead);
    const result = ecgPeaks(leadMillivolts(lead), record.samplingRateHz, method ? { method } : {});
    const out = { samplingRateHz: record.samplingRateHz, lead: lead.name, method: result.method, peaks: result.rPeakSampleIdx };
    if (values.json) {
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      const durationSec = record.samplesPerLead / record.samplingRateHz;
      const hr = durationSec > 0 ? (out.peaks.length / durationSec) * 60 : 0;
      io.stdout(
        `lead ${out.lead}, ${out.method}, ${out.samplingRateHz} Hz: ${out.peaks.length} beats in ${durationSec.toFixed(1)} s (~${hr.toFixed(0)} bpm)\n` +
          `${out.peaks.map((p) => `${p}\t${(p / out.samplingRateHz).toFixed(3)} s`).join('\n')}\n`,
      );
    }
    return 0;
  },
};
