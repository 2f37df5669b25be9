import { test } from 'node:test';
import assert from 'node:assert/strict';
import { butterworthSos, notchSos, sosFiltFilt, sosMagnitude, sosFilter, sosInitialState } from '../../src/signal/filters';
import { assertAllClose, assertClose } from '../helpers/assertClose';
import { golden, goldenTestSignal } from './goldenSignal';

const input = (fs: number) => goldenTestSignal(fs === 500 ? 300 : 250, fs);

for (const g of golden.butter) {
  test(`butterworthSos: ${g.name} matches scipy.signal.butter sos, sosfreqz and sosfiltfilt`, () => {
    const band = g.btype as 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';
    const sos = butterworthSos(g.order, g.cutoff as number | [number, number], band, g.fs);
    assert.equal(sos.length, g.sos.length);
    sos.forEach((row, i) => assertAllClose(row, g.sos[i] as number[], { rtol: 1e-8, atol: 1e-12 }, `section ${i}`));
    assertAllClose(sosMagnitude(sos, golden.frequenciesHz, g.fs), g.magnitude, { rtol: 1e-8, atol: 1e-9 }, 'magnitude');
    assertAllClose(sosFiltFilt(sos, input(g.fs)), g.filtfilt, { atol: 1e-8 }, 'filtfilt');
  });
}

for (const g of golden.notch) {
  test(`notchSos: ${g.notchHz} Hz Q ${g.q} at ${g.fs} Hz matches scipy.signal.iirnotch`, () => {
    const sos = notchSos(g.notchHz, g.q, g.fs);
    assertAllClose(sos[0] as number[], g.sos[0] as number[], { rtol: 1e-8, atol: 1e-12 });
    assertAllClose(sosMagnitude(sos, golden.frequenciesHz, g.fs), g.magnitude, { rtol: 1e-8, atol: 1e-9 });
    assertAllClose(sosFiltFilt(sos, input(g.fs)), g.filtfilt, { atol: 1e-8 });
  });
}

test('butterworthSos: −3 dB at the cut-off and unit gain in the pass band', () => {
  const sos = butterworthSos(4, 40, 'lowpass', 500);
  const [atCut, dc] = sosMagnitude(sos, [40, 0], 500) as unknown as [number, number];
  assertClose(atCut, Math.SQRT1_2, { atol: 1e-9 });
  assertClose(dc, 1, { atol: 1e-12 });
});

test('butterworthSos: rejects cut-offs at or above Nyquist and bad orders', () => {
  assert.throws(() => butterworthSos(2, 250, 'lowpass', 500), RangeError);
  assert.throws(() => butterworthSos(0, 10, 'lowpass', 500), RangeError);
  assert.throws(() => butterworthSos(2, [40, 10], 'bandpass', 500), RangeError);
});

test('sosInitialState: a constant input passes through a low-pass without a transient', () => {
  const sos = butterworthSos(3, 20, 'lowpass', 250);
  const state = sosInitialState(sos).map((v) => v * 2.5);
  const y = sosFilter(sos, new Float64Array(100).fill(2.5), state);
  for (const v of y) assertClose(v, 2.5, { atol: 1e-9 });
});

test('sosFiltFilt: empty and one-sample inputs do not throw', () => {
  const sos = butterworthSos(2, 0.5, 'highpass', 500);
  assert.equal(sosFiltFilt(sos, []).length, 0);
  assert.equal(sosFiltFilt(sos, [1]).length, 1);
});
