// CSV writer: `time_s,<lead>,…` with values in millivolts (4 decimals), NaN as an empty field.
import { leadMillivolts, type EcgRecord } from '../../shared/ecgRecord';
import { millivoltsPerUnit } from '../../shared/units';

/** Decimals that print every multiple of 1/rate exactly when possible, else enough for sub-µs precision. */
function timeDecimals(samplingRateHz: number): number {
  for (let d = 0; d <= 6; d++) {
    const perSample = 10 ** d / samplingRateHz;
    if (Math.abs(perSample - Math.round(perSample)) < 1e-9) return Math.max(d, 3);
  }
  return Math.min(9, Math.ceil(Math.log10(samplingRateHz)) + 4);
}

function fixed(value: number, decimals: number): string {
  if (Number.isNaN(value)) return '';
  const s = value.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * Writes `record` as comma-separated text: a header `time_s,I,II,…`, then one row per sample with the time
 * in seconds and each voltage lead in millivolts to 4 decimals (0.1 µV). Non-voltage leads keep their own
 * unit, named in the header as `NAME [unit]`. NaN samples are empty fields.
 */
export function writeCsv(record: EcgRecord): Uint8Array {
  const columns = record.leads.map((lead) => {
    const voltage = millivoltsPerUnit(lead.unit) !== undefined;
    return { header: voltage ? lead.name : `${lead.name} [${lead.unit}]`, values: voltage ? leadMillivolts(lead) : lead.samples };
  });
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines: string[] = [['time_s', ...columns.map((c) => quote(c.header))].join(',')];
  const decimals = timeDecimals(record.samplingRateHz);
  for (let i = 0; i < record.samplesPerLead; i++) {
    let line = fixed(i / record.samplingRateHz, decimals);
    for (const c of columns) line += `,${fixed(c.values[i] as number, 4)}`;
    lines.push(line);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
