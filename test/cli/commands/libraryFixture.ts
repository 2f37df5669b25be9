// Shared pieces of the library CLI tests: an in-memory CliIo and a folder of WFDB records written by our own writer.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { writerFor } from '../../../src/formats/writers';
import { writeOutputFiles } from '../../../src/store/recordFiles';
import { syntheticRecord } from '../../store/helpers/syntheticRecord';

export const wfdb = writerFor('wfdb');
export const skipNoWriter = wfdb === undefined ? 'the WFDB writer (src/formats/wfdb) is not registered yet; skipped' : false;

export function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: { USER: 'tester' } as Record<string, string | undefined>,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

/** A temp folder with three WFDB records (one in a subfolder), a text file and a header without its signal file. */
export function libraryFixture(): { dir: string; data: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-cli-'));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'sub'), { recursive: true });
  for (const seed of [1, 2, 3]) {
    const rec = syntheticRecord({ seed, samplingRateHz: 250, durationSec: 20, adcGain: 200, name: `rec${seed}` });
    writeOutputFiles(join(data, seed === 3 ? 'sub' : '', `rec${seed}.hea`), wfdb!.write(rec, `rec${seed}`));
  }
  writeFileSync(join(data, 'README.txt'), 'not an ECG');
  writeFileSync(join(data, 'broken.hea'), 'broken 2 250 1000\nbroken.dat 16 200 16 0 0 0 0 I\n');
  return { dir, data, db: join(dir, 'lib', 'library.db') };
}
