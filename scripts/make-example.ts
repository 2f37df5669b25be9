// Generates the bundled example record assets/example/example-12lead.edf with the ECG simulator.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEdf, writeEdf } from '../src/formats/edf';
import { ecgSimulate, type EcgSimulateOptions } from '../src/signal/ecgSimulate';

const OUT_DIR = resolve(__dirname, '..', 'assets', 'example');
const FILE = 'example-12lead.edf';

export const EXAMPLE_OPTIONS: EcgSimulateOptions = {
  samplingRateHz: 500,
  durationSec: 10,
  heartRateBpm: 72,
  hrStdBpm: 1,
  lfHfRatio: 0.5,
  seed: 1,
  noise: { baselineWanderMv: 0.05, powerlineMv: 0.01, powerlineHz: 50, whiteNoiseMv: 0.01, muscleMv: 0.005 },
};

function main(): void {
  const record = ecgSimulate(EXAMPLE_OPTIONS);
  record.name = 'example-12lead';
  const bytes = writeEdf(record);
  const check = readEdf(bytes, { fileName: FILE });
  if (check.leads.length !== 12 || check.samplesPerLead !== 5000 || check.annotations.length !== record.annotations.length) {
    throw new Error('the written example does not read back as 12 leads × 5000 samples with its beats');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, FILE), bytes);
  const readme = `# Bundled example record

\`${FILE}\` is a synthetic 12-lead ECG made by ECG Studio's own simulator (\`src/signal/ecgSimulate.ts\`:
ECGSYN trajectory model, McSharry et al. 2003, driving a Sameni et al. 2007 cardiac dipole projected to the
12 leads with the Dower matrix). It is not a recording of a person.

Regenerate it (byte-identical) from the repository root with:

\`\`\`
node --import tsx scripts/make-example.ts
\`\`\`

| setting | value |
|---|---|
| format | EDF+C, 16-bit, 1 s data records, plus an 'EDF Annotations' signal |
| leads | I, II, III, aVR, aVL, aVF, V1–V6 (mV) |
| sampling rate | ${EXAMPLE_OPTIONS.samplingRateHz} Hz |
| duration | ${EXAMPLE_OPTIONS.durationSec} s (${check.samplesPerLead} samples per lead) |
| heart rate | ${EXAMPLE_OPTIONS.heartRateBpm} bpm mean, HR standard deviation ${EXAMPLE_OPTIONS.hrStdBpm} bpm, LF/HF ${EXAMPLE_OPTIONS.lfHfRatio} |
| noise | baseline wander 0.05 mV, 50 Hz powerline 0.01 mV, white 0.01 mV, muscle 0.005 mV RMS |
| seed | ${EXAMPLE_OPTIONS.seed} |
| annotations | ${record.annotations.length} beats, one TAL 'N' at each R peak of noise-free lead II |
| size | ${bytes.length} bytes |
| SHA-256 | \`${sha256}\` |

Start date/time and patient fields are unset (EDF's '01.01.85 00.00.00', 'X').
`;
  writeFileSync(join(OUT_DIR, 'README.md'), readme);
  process.stdout.write(`wrote ${join(OUT_DIR, FILE)} (${bytes.length} bytes, sha256 ${sha256}) and README.md\n`);
}

// Run only as a script, so tests can import EXAMPLE_OPTIONS without writing files.
if (require.main === module) main();
