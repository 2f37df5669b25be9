// Tests for readWfdbAnnotations: rdann golden dumps, SKIP beyond 2^32, definition blocks, corrupt files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readWfdbAnnotationFile, readWfdbAnnotations } from '../../../src/formats/wfdb/readWfdbAnnotations';
import { FormatError } from '../../../src/shared/errors';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLES = 'wfdb-python-samples/sample-data';

interface RdannRow {
  sample: number;
  code: string;
  sub: number;
  chan: number;
  num: number;
  aux: string;
}

/** Parses `rdann` text: time, sample, type, sub, chan, num, then a tab and the aux text. */
function rdannRows(name: string): RdannRow[] {
  return readFileSync(sharedPath('wfdb-python-samples/expected-output', name), 'latin1')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [main, aux] = line.split('\t') as [string, string | undefined];
      const m = /^\s*\S+\s+(\d+)\s+(\S+)\s+(-?\d+)\s+(\d+)\s+(-?\d+)\s*$/.exec(main);
      assert.ok(m !== null, `unparsed rdann line ${JSON.stringify(line)}`);
      return { sample: Number(m[1]), code: m[2] as string, sub: Number(m[3]), chan: Number(m[4]), num: Number(m[5]), aux: aux ?? '' };
    });
}

describe('readWfdbAnnotations against rdann output', { skip: skipWithoutSharedData(SAMPLES) }, () => {
  const cases: [string, string, number][] = [
    ['ann-1', '100.atr', 2274],
    ['ann-2', '12726.anI', 22],
    ['ann-3', '1003.atr', 957],
  ];
  for (const [expected, file, count] of cases) {
    test(`readWfdbAnnotations: ${file} matches ${expected} in sample, code, sub, chan, num and aux (${count} rows)`, () => {
      const rows = rdannRows(expected);
      const anns = readWfdbAnnotations(new Uint8Array(readFileSync(sharedPath(SAMPLES, file))), file);
      assert.equal(rows.length, count);
      assert.equal(anns.length, rows.length);
      rows.forEach((r, i) => {
        const a = anns[i]!;
        assert.deepEqual(
          [a.sampleIdx, a.code, a.subtype, a.channel, a.num, a.aux ?? ''],
          [r.sample, r.code, r.sub, r.chan, r.num, r.aux],
          `row ${i}`,
        );
      });
    });
  }

  test('readWfdbAnnotations: 1003.atr custom label definitions are parsed, not returned as annotations', () => {
    const f = readWfdbAnnotationFile(new Uint8Array(readFileSync(sharedPath(SAMPLES, '1003.atr'))));
    assert.deepEqual(f.customLabels.get(15), { mnemonic: 'c', description: 'calibration pulse' });
    assert.equal(f.customLabels.size, 6);
  });

  test('readWfdbAnnotations: huge.qrs, one beat at sample 10,000,000,000 after chained SKIPs', () => {
    const anns = readWfdbAnnotations(new Uint8Array(readFileSync(sharedPath(SAMPLES, 'huge.qrs'))));
    assert.deepEqual(anns, [{ sampleIdx: 10_000_000_000, code: 'N', subtype: 0, channel: 0, num: 0 }]);
  });

  test('readWfdbAnnotations: detector outputs of 03700181 and 100 read in full', () => {
    for (const [file, n] of [['03700181.gqrsh', 1151], ['03700181.sqrs', 1195], ['100.qrs', 2274]] as const) {
      const anns = readWfdbAnnotations(new Uint8Array(readFileSync(sharedPath(SAMPLES, file))), file);
      assert.equal(anns.length, n, file);
      for (let i = 1; i < anns.length; i++) assert.ok(anns[i]!.sampleIdx >= anns[i - 1]!.sampleIdx);
    }
  });
});

describe('readWfdbAnnotations: hand-built and corrupt files', () => {
  const words = (...w: number[]): Uint8Array => Uint8Array.from(w.flatMap((x) => [x & 0xff, (x >> 8) & 0xff]));

  test('readWfdbAnnotations: NUM and CHN carry over, SUB does not', () => {
    const bytes = words((1 << 10) | 5, (61 << 10) | 3, (62 << 10) | 2, (60 << 10) | 7, (5 << 10) | 10, 0);
    assert.deepEqual(readWfdbAnnotations(bytes), [
      { sampleIdx: 5, code: 'N', subtype: 3, channel: 2, num: 7 },
      { sampleIdx: 15, code: 'V', subtype: 0, channel: 2, num: 7 },
    ]);
  });

  test('readWfdbAnnotations: a file without the end word still reads', () => {
    assert.equal(readWfdbAnnotations(words((1 << 10) | 5)).length, 1);
  });

  const bad: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([1])],
    ['SKIP cut off', words(59 << 10, 0)],
    ['AUX longer than the file', words((1 << 10) | 1, (63 << 10) | 40, 0x4141)],
    ['qualifier before any annotation', words((60 << 10) | 1, 0)],
    ['undefined code 55', words((55 << 10) | 1, 0)],
  ];
  for (const [what, bytes] of bad) {
    test(`readWfdbAnnotations: ${what} → FormatError`, () => {
      assert.throws(() => readWfdbAnnotations(bytes, 'x.atr'), (e: unknown) => e instanceof FormatError && e.file === 'x.atr');
    });
  }
});
