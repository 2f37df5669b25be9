// Child process for the crash tests: imports synthetic records forever (until killed), saying 'writing' before each.
import { openLibrary } from '../../../src/store/library';
import { syntheticRecord } from './syntheticRecord';

const [dbPath = '', seedText = '0'] = process.argv.slice(2);
const lib = openLibrary(dbPath);
process.stdout.write('ready\n');
for (let seed = Number(seedText); ; seed++) {
  const record = syntheticRecord({ seed, samplingRateHz: 500, durationSec: 300, leadNames: ['I', 'II'] });
  process.stdout.write(`writing ${seed}\n`);
  lib.insertRecord({ record, contentHash: `crash-${seed}`, sourcePath: `/synthetic/${seed}` });
  process.stdout.write(`done ${seed}\n`);
}
