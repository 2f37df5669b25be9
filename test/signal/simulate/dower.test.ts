import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveLimbLeads, DOWER, INDEPENDENT_LEADS, INVERSE_DOWER, projectDipole } from '../../../src/signal/simulate/dower';

test('Dower matrix and the Edenbrandt–Pahlm inverse Dower matrix are inverses (within 1e-3)', () => {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      INDEPENDENT_LEADS.forEach((lead, k) => (s += (INVERSE_DOWER[r]?.[k] as number) * (DOWER[lead][c] as number)));
      assert.ok(Math.abs(s - (r === c ? 1 : 0)) < 1e-3, `(${r},${c}) = ${s}`);
    }
  }
});

test('projectDipole: a pure X dipole projects with the X column', () => {
  const x = Float64Array.from([1, 2]);
  const zero = new Float64Array(2);
  assert.deepEqual(Array.from(projectDipole('V4', x, zero, zero)), [1.213, 2.426]);
});

test('deriveLimbLeads: Einthoven and Goldberger relations', () => {
  const I = Float32Array.from([1, -0.5, 0.25]);
  const II = Float32Array.from([0.5, 1, -2]);
  const d = deriveLimbLeads(I, II);
  assert.deepEqual(Array.from(d.III), [-0.5, 1.5, -2.25]);
  assert.deepEqual(Array.from(d.aVR), [-0.75, -0.25, 0.875]);
  assert.deepEqual(Array.from(d.aVL), [0.75, -1, 1.25]);
  assert.deepEqual(Array.from(d.aVF), [0, 1.25, -2.125]);
});
