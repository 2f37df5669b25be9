// Writes a synthetic 12-lead ECG as a WFDB record for CLI tests (a fixture made by project code).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeWfdb } from '../../../src/formats/wfdb';
import { emptyRecord } from '../../../src/shared/ecgRecord';
import { syntheticEcg } from '../../signal/syntheticEcg';

/** Writes a synthetic 12-lead WFDB record (10 s, 500 Hz, 72 bpm) and returns its header path and R peaks. */
export function writeSyntheticRecord(dir: string): { hea: string; rPeaks: number[] } {
  const { leads, rPeaks } = syntheticEcg({ samplingRateHz: 500, durationSec: 10, hrBpm: 72, noiseMv: 0.01 });
  const record = emptyRecord({
    format: 'wfdb',
    name: 'synth',
    samplingRateHz: 500,
    samplesPerLead: leads[0]!.samplesMv.length,
    leads: leads.map((l) => ({ name: l.name, originalName: l.name, unit: 'mV', samples: l.samplesMv })),
  });
  for (const f of writeWfdb(record, 'synth')) writeFileSync(join(dir, f.name), f.bytes);
  return { hea: join(dir, 'synth.hea'), rPeaks };
}
