import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ageInYears,
  encodeTal,
  formatEdfPlusDate,
  formatPrefiltering,
  parseEdfPlusDate,
  parseEdfPlusPatient,
  parseEdfPlusRecording,
  parseEdfStart,
  parsePrefiltering,
  parseTals,
} from '../../../src/formats/edf/edfPlus';

const bytes = (s: string) => new TextEncoder().encode(s);

test('parseTals: time-keeping TAL, onset+duration, several texts, zero padding', () => {
  const { tals, malformed } = parseTals(bytes('+0\x14\x14\x00+1.5\x152\x14Apnea\x14Snore\x14\x00-0.25\x14x\x14\x00\x00\x00\x00'));
  assert.equal(malformed, 0);
  assert.deepEqual(tals, [
    { onsetSec: 0, texts: [] },
    { onsetSec: 1.5, durationSec: 2, texts: ['Apnea', 'Snore'] },
    { onsetSec: -0.25, texts: ['x'] },
  ]);
});

test('parseTals: malformed TALs are counted and skipped, UTF-8 texts decoded', () => {
  const { tals, malformed } = parseTals(bytes('garbage\x00+1\x15abc\x14t\x14\x00+2\x14Å\x14\x00'));
  assert.equal(malformed, 2);
  assert.deepEqual(tals, [{ onsetSec: 2, texts: ['Å'] }]);
});

test('encodeTal: round trip through parseTals', () => {
  const encoded = encodeTal({ onsetSec: 12.3456789, durationSec: 0.5, texts: ['N'] });
  assert.equal(new TextDecoder().decode(encoded), '+12.345679\x150.5\x14N\x14\x00');
  assert.deepEqual(parseTals(encoded).tals, [{ onsetSec: 12.345679, durationSec: 0.5, texts: ['N'] }]);
  assert.equal(new TextDecoder().decode(encodeTal({ onsetSec: 3, texts: [] })), '+3\x14\x14\x00');
});

test('parseEdfPlusDate / formatEdfPlusDate: dd-MMM-yyyy', () => {
  assert.equal(parseEdfPlusDate('02-AUG-1951'), '1951-08-02');
  assert.equal(parseEdfPlusDate('16-nov-2020'), '2020-11-16');
  assert.equal(parseEdfPlusDate('X'), undefined);
  assert.equal(parseEdfPlusDate('32-FOO-2000'), undefined);
  assert.equal(formatEdfPlusDate('1951-08-02'), '02-AUG-1951');
});

test('parseEdfStart: two-digit years clip at 1985–2084', () => {
  assert.equal(parseEdfStart('16.11.20', '21.44.39'), '2020-11-16T21:44:39');
  assert.equal(parseEdfStart('01.01.85', '00.00.00'), '1985-01-01T00:00:00');
  assert.equal(parseEdfStart('31.12.84', '23.59.59'), '2084-12-31T23:59:59');
  assert.equal(parseEdfStart('1.1.85', '00.00.00'), undefined);
});

test('parseEdfPlusPatient: code, sex, birthdate, name with underscores, X = unknown', () => {
  assert.deepEqual(parseEdfPlusPatient('MCH-0234567 F 02-MAY-1951 Haagse_Harry extra info'), {
    patient: { id: 'MCH-0234567', sex: 'F', birthDate: '1951-05-02', name: 'Haagse Harry' },
    additional: 'extra info',
  });
  assert.deepEqual(parseEdfPlusPatient('X X X X'), { patient: {}, additional: '' });
});

test('parseEdfPlusRecording: Startdate, admin code, technician, equipment', () => {
  assert.deepEqual(parseEdfPlusRecording('Startdate 02-MAR-2002 PSG-1234/2002 NN Telemetry03'), {
    startDate: '2002-03-02',
    adminCode: 'PSG-1234/2002',
    technician: 'NN',
    equipment: 'Telemetry03',
    additional: '',
  });
  assert.equal(parseEdfPlusRecording('free text recording'), undefined);
});

test('parsePrefiltering: HP/LP/notch, DC, mHz, description kept', () => {
  assert.deepEqual(parsePrefiltering('HP:0.1Hz LP:75Hz N:50Hz'), {
    description: 'HP:0.1Hz LP:75Hz N:50Hz',
    highPassHz: 0.1,
    lowPassHz: 75,
    notchHz: 50,
  });
  assert.deepEqual(parsePrefiltering('HP:DC LP:35Hz'), { description: 'HP:DC LP:35Hz', lowPassHz: 35 });
  assert.equal(parsePrefiltering('HP: 500mHz').highPassHz, 0.5);
  assert.deepEqual(parsePrefiltering(''), {});
  assert.equal(formatPrefiltering({ highPassHz: 0.05, lowPassHz: 150, notchHz: 60 }), 'HP:0.05Hz LP:150Hz N:60Hz');
});

test('ageInYears: whole years before/after the birthday', () => {
  assert.equal(ageInYears('1951-05-02', '2002-05-01T10:00:00'), 50);
  assert.equal(ageInYears('1951-05-02', '2002-05-02T10:00:00'), 51);
  assert.equal(ageInYears(undefined, '2002-05-02'), undefined);
});
