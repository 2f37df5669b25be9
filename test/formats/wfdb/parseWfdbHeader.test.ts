// Tests for parseWfdbHeader: record, signal and segment line grammar of WFDB header(5), and bad headers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultAdcResolution, looksLikeWfdbHeader, parseWfdbHeader } from '../../../src/formats/wfdb/parseWfdbHeader';
import { FormatError } from '../../../src/shared/errors';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

test('parseWfdbHeader: record line with counter frequency, base counter, length, time and date', () => {
  const h = parseWfdbHeader('rec 2 250/24000(1200) 825000 15:08:24.5 26/10/1994\nrec.dat 16\nrec.dat 16\n');
  assert.equal(h.recordName, 'rec');
  assert.equal(h.segmentCount, undefined);
  assert.equal(h.signalCount, 2);
  assert.equal(h.samplingRateHz, 250);
  assert.equal(h.counterFrequencyHz, 24000);
  assert.equal(h.baseCounterValue, 1200);
  assert.equal(h.samplesPerSignal, 825000);
  assert.equal(h.baseTime, '15:08:24.5');
  assert.equal(h.baseDate, '26/10/1994');
});

test('parseWfdbHeader: minimal record line defaults to 250 Hz and no length', () => {
  const h = parseWfdbHeader('rec 0\n');
  assert.equal(h.samplingRateHz, 250);
  assert.equal(h.samplesPerSignal, undefined);
  assert.equal(h.signals.length, 0);
});

test('parseWfdbHeader: signal line with samples per frame, skew, byte offset, gain, baseline and units', () => {
  const h = parseWfdbHeader('r 1 125 10\nr.dat 212x4:3+24 12.84(-1605)/mmHg 12 5 -943 -23651 0 ABP left arm\n');
  const s = h.signals[0]!;
  assert.deepEqual(
    { ...s },
    {
      fileName: 'r.dat',
      format: 212,
      samplesPerFrame: 4,
      skew: 3,
      byteOffset: 24,
      adcGain: 12.84,
      gainWasZero: false,
      baseline: -1605,
      units: 'mmHg',
      unitsGiven: true,
      adcResolutionBits: 12,
      adcZero: 5,
      initialValue: -943,
      checksum: -23651,
      blockSize: 0,
      description: 'ABP left arm',
    },
  );
});

test('parseWfdbHeader: gain 0 becomes 200 (uncalibrated); baseline defaults to ADC zero; units to mV', () => {
  const s = parseWfdbHeader('r 1 360 10\nr.dat 212 0 12 1024 0 0 0 noise1\n').signals[0]!;
  assert.equal(s.adcGain, 200);
  assert.equal(s.gainWasZero, true);
  assert.equal(s.baseline, 1024);
  assert.equal(s.units, 'mV');
  assert.equal(s.unitsGiven, false);
});

test('parseWfdbHeader: scientific-notation gain and default resolutions per format', () => {
  assert.equal(parseWfdbHeader('r 1\nr.mat 16+24 1.052e+04/mV\n').signals[0]!.adcGain, 10520);
  assert.equal(defaultAdcResolution(212), 12);
  assert.equal(defaultAdcResolution(310), 10);
  assert.equal(defaultAdcResolution(80), 8);
  assert.equal(parseWfdbHeader('r 1\nr.dat 311 200 0\n').signals[0]!.adcResolutionBits, 10);
});

test('parseWfdbHeader: comments are kept in order without the #, blank lines ignored', () => {
  const h = parseWfdbHeader('# first\nr 1 360\n\nr.dat 16\n#69 M 1085 1629 x1\n# Aldomet, Inderal\n');
  assert.deepEqual(h.comments, ['first', '69 M 1085 1629 x1', 'Aldomet, Inderal']);
});

test('parseWfdbHeader: multi-segment header with layout segment and null segments', () => {
  const h = parseWfdbHeader('p/4 4 125 52725000 16:57:09.000 26/10/2137\nlay 0\n~ 3750\nseg1 2000\nseg2 1750\n');
  assert.equal(h.segmentCount, 4);
  assert.deepEqual(h.segments, [
    { name: 'lay', samplesPerSignal: 0 },
    { name: '~', samplesPerSignal: 3750 },
    { name: 'seg1', samplesPerSignal: 2000 },
    { name: 'seg2', samplesPerSignal: 1750 },
  ]);
});

test('parseWfdbHeader: Latin-1 unit bytes (µV written as one byte) decode to µV', () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('r 1 1 600\nr.dat 16x200 32.7675/'), 0xb5, 0x56, ...new TextEncoder().encode(' 15 0 0 0 0 sine\n')]);
  assert.equal(parseWfdbHeader(bytes).signals[0]!.units, 'µV');
});

test('parseWfdbHeader: malformed headers throw FormatError with the line number', () => {
  const bad = [
    '',
    '# only a comment\n',
    'rec\n',
    'rec x 250\n',
    're c!@ 1 250\n',
    'rec 1 -5\n',
    'rec 1 250 -3\n',
    'rec 1 250 10 25:99:99x\n',
    'rec 1 250 10 10:00:00 2020-01-01\n',
    'rec 1 250 10\n',
    'rec 1 250 10\nrec.dat\n',
    'rec 1 250 10\nrec.dat 16 abc\n',
    'rec 1 250 10\nrec.dat 16 200 16 0 zero\n',
    'rec 1 250 10\nrec.dat 16\nrec.dat 16\n',
    'rec/2 1 250 10\nseg 5\n',
    'rec/1 1 250 10\nseg x\n',
    'rec/0 1 250\n',
  ];
  for (const text of bad) {
    assert.throws(() => parseWfdbHeader(text, 'bad.hea'), (e: unknown) => e instanceof FormatError && e.file === 'bad.hea', JSON.stringify(text));
  }
  assert.throws(() => parseWfdbHeader('rec 1 250 10\nrec.dat 16q\n'), /header line 2/);
});

test('looksLikeWfdbHeader: record lines yes, prose and CSV no', () => {
  assert.equal(looksLikeWfdbHeader('# c\n100 2 360 650000\n'), true);
  assert.equal(looksLikeWfdbHeader('041s/2 7 125 2000 8:26:04 26/10/1994'), true);
  assert.equal(looksLikeWfdbHeader('time,lead1,lead2\n0,1,2\n'), false);
  assert.equal(looksLikeWfdbHeader('Dear reader, hello\n'), false);
});

test('parseWfdbHeader: every shared sample header parses', { skip: skipWithoutSharedData('wfdb-python-samples') }, () => {
  const names = ['100', '03700181', '12726', '1003', 's0010_re', 'test_generator_2', 'mixedsignals', 'a103l', 'binformats'];
  for (const n of names) {
    const h = parseWfdbHeader(new Uint8Array(readFileSync(sharedPath('wfdb-python-samples/sample-data', `${n}.hea`))), `${n}.hea`);
    assert.equal(h.signals.length, h.signalCount, n);
  }
  const h = parseWfdbHeader(new Uint8Array(readFileSync(sharedPath('wfdb-python-samples/sample-data', '12726.hea'))));
  assert.equal(h.counterFrequencyHz, 24000);
  assert.equal(h.baseTime, '15:08:24');
  const mixed = parseWfdbHeader(new Uint8Array(readFileSync(sharedPath('wfdb-python-samples/sample-data', 'mixedsignals.hea'))));
  assert.equal(mixed.samplingRateHz, 62.4725);
  assert.equal(mixed.counterFrequencyHz, 999.56);
});
