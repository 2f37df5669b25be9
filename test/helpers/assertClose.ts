// Numeric assertions with tolerances (never exact float equality).
import assert from 'node:assert/strict';

export function assertClose(actual: number, expected: number, opts: { atol?: number; rtol?: number } = {}, msg = ''): void {
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? 0;
  const tol = atol + rtol * Math.abs(expected);
  if (Number.isNaN(expected) && Number.isNaN(actual)) return;
  assert.ok(Math.abs(actual - expected) <= tol, `${msg} expected ${expected} ± ${tol}, got ${actual}`);
}

/** Compares arrays elementwise; reports the first mismatch index. NaN matches NaN. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  opts: { atol?: number; rtol?: number } = {},
  msg = '',
): void {
  assert.equal(actual.length, expected.length, `${msg} length`);
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(`${msg} index ${i}: expected ${e}, got ${a} (atol ${atol}, rtol ${rtol})`);
    }
  }
}
