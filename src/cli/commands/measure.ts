// `ecg-studio measure <file>`: HR, PR, QRS, QT, QTc, axes and per-lead signal quality of an ECG.
import type { EcgRecord } from '../../shared/ecgRecord';
import { UsageError } from '../../shared/errors';
import { measureRecord } from '../../pipeline/measureRecord';
import { parseCommandArgs, type CliCommand } from '../command';
import { readCliRecord } from '../readCliRecord';
import { parseMethod } from './peaks';

/** The JSON `measure --json` prints (src/pipeline/measureRecord, shared with `analyze`, the app and reports). */
export function measureSummary(record: EcgRecord, method?: ReturnType<typeof parseMethod>) {
  return measureRecord(record, method ? { method } : {});
}

/** The text table `measure` prints (also used by `analyze` and `demo`). */
export function measureText(s: ReturnType<typeof measureSummary>): string {
  const v = (x: number | null, unit: string) => (x === null ? '—' : `${x} ${unit}`);
  const lines = [
    `heart rate   ${v(s.hrBpm, 'bpm')}  (${s.beats} beats on ${s.detectionLead ?? '—'})`,
    `RR           mean ${v(s.rr.meanMs, 'ms')}, sd ${v(s.rr.sdMs, 'ms')}, range ${v(s.rr.minMs, 'ms')}–${v(s.rr.maxMs, 'ms')}`,
    `PR           ${v(s.prMs, 'ms')}`,
    `QRS          ${v(s.qrsMs, 'ms')}`,
    `QT           ${v(s.qtMs, 'ms')}`,
    `QTc          Bazett ${v(s.qtcMs.bazett, 'ms')}, Fridericia ${v(s.qtcMs.fridericia, 'ms')}, Framingham ${v(s.qtcMs.framingham, 'ms')}, Hodges ${v(s.qtcMs.hodges, 'ms')}`,
    `axes         P ${v(s.axesDeg.p, '°')}, QRS ${v(s.axesDeg.qrs, '°')}, T ${v(s.axesDeg.t, '°')}`,
  ];
  if (s.hrv) lines.push(`HRV          SDNN ${s.hrv.sdnnMs} ms, RMSSD ${s.hrv.rmssdMs} ms`);
  for (const [field, why] of Object.entries(s.reasons)) lines.push(`not measured ${field}: ${why}`);
  lines.push('quality');
  for (const [lead, q] of Object.entries(s.quality)) {
    lines.push(`  ${lead.padEnd(6)} ${q.score.toFixed(2)}  ${q.flags.map((f) => f.slice(f.indexOf(': ') + 2)).join('; ')}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

export const measureCommand: CliCommand = {
  name: 'measure',
  summary: 'measure HR, PR, QRS, QT/QTc, axes and per-lead signal quality',
  usage: 'ecg-studio measure <file> [--method pantompkins1985|hamilton2002] [--json] [--rate HZ]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, method: { type: 'string' }, rate: { type: 'string' } }, this.usage);
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError(`expected one file\nusage: ${this.usage}`);
    const method = parseMethod(values.method);
    const record = readCliRecord(file, values.rate);
    const summary = measureSummary(record, method);
    io.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : measureText(summary));
    return 0;
  },
};
