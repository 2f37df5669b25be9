// An EDF file with patient data for the report and export CLI tests (made by the project's simulator and EDF writer).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edfWriter } from '../../../src/formats/edf';
import { DIAGNOSES, simulatedRecord } from '../../pipeline/report/fixtures';

/** Writes sim.edf (10 s, 12 leads, 72 bpm, patient Doe^Jane / P-123) and analysis.json (an API Analysis) into `dir`. */
export function writeReportInputs(dir: string): { edf: string; analysis: string } {
  const record = { ...simulatedRecord(), format: 'edf' as const };
  for (const f of edfWriter.write(record, 'sim')) writeFileSync(join(dir, f.name), f.bytes);
  const analysis = join(dir, 'analysis.json');
  writeFileSync(
    analysis,
    JSON.stringify({
      recordId: 1,
      classification: DIAGNOSES,
      measurements: null,
      quality: null,
      unavailable: [],
      advisory: 'x',
      analysedAt: '2026-11-28T06:00:00Z',
    }),
  );
  return { edf: join(dir, 'sim.edf'), analysis };
}
