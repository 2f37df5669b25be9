import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianSum, integrateDipole, NORMAL_DIPOLE, scaleForHeartRate } from '../../../src/signal/simulate/dipoleModel';

function worstError(oversample: number): { worst: number; rTimesSec: number[] } {
  const fs = 500;
  const rr = 0.8;
  const params = scaleForHeartRate(NORMAL_DIPOLE, 75);
  const out = integrateDipole({ samplingRateHz: fs, samples: 5000, oversample, params, rrAt: () => rr, startPhaseRad: -2.6 });
  let worst = 0;
  for (let i = 0; i < 5000; i++) {
    const theta = -2.6 + (2 * Math.PI * i) / (fs * rr);
    worst = Math.max(
      worst,
      Math.abs((out.x[i] as number) - gaussianSum(params.x, theta)),
      Math.abs((out.y[i] as number) - gaussianSum(params.y, theta)),
      Math.abs((out.z[i] as number) - gaussianSum(params.z, theta)),
    );
  }
  return { worst, rTimesSec: out.rTimesSec };
}

test('integrateDipole: RK4 matches the closed-form Gaussian sums (constant RR) with 4th-order convergence', () => {
  const at1k = worstError(2);
  const at2k = worstError(4);
  // 0.1 µV at the default 1 kHz internal rate: far below any ADC step.
  assert.ok(at1k.worst < 1e-4, `worst RK4 error at 1 kHz ${at1k.worst} mV`);
  assert.ok(at1k.worst / at2k.worst > 8, `halving the step shrinks the error only ${at1k.worst / at2k.worst}×`);
  // R crossings every RR: the first at (2.6 rad)/ω.
  assert.equal(at1k.rTimesSec.length, 13);
  at1k.rTimesSec.forEach((t, k) => assert.ok(Math.abs(t - (2.6 / (2 * Math.PI)) * 0.8 - k * 0.8) < 1e-6, `beat ${k} at ${t}`));
});

test('integrateDipole: each R–R interval equals the RR value in force at its start', () => {
  const rrs = [1.0, 0.7, 0.9, 0.6, 1.1, 0.8, 0.75];
  let beat = 0;
  const out = integrateDipole({ samplingRateHz: 1000, samples: 6000, oversample: 1, params: NORMAL_DIPOLE, rrAt: () => rrs[Math.min(rrs.length - 1, beat++)] as number });
  for (let k = 1; k < out.rTimesSec.length; k++) {
    const interval = (out.rTimesSec[k] as number) - (out.rTimesSec[k - 1] as number);
    assert.ok(Math.abs(interval - (out.rrSec[k] as number)) < 2e-3, `beat ${k}: ${interval} vs ${out.rrSec[k]}`);
  }
});

test('scaleForHeartRate: widths grow with √(HR/60), R phase unchanged, QT shortens in time', () => {
  const fast = scaleForHeartRate(NORMAL_DIPOLE, 120);
  assert.ok(Math.abs((fast.x[4]?.widthRad as number) - (NORMAL_DIPOLE.x[4]?.widthRad as number) * Math.SQRT2) < 1e-12);
  assert.equal(fast.x[4]?.thetaRad, 0);
  const tSlow = (NORMAL_DIPOLE.x[9]?.thetaRad as number) / (2 * Math.PI * 1);
  const tFast = (fast.x[9]?.thetaRad as number) / (2 * Math.PI * 2);
  assert.ok(tFast < tSlow);
});
