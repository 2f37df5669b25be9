// Finds square calibration pulses (e.g. the 1 mV pulse some carts append to each lead) so analysis can skip them.

/**
 * [start, end) ranges of square pulses: a run of identical samples of at least `minDurationSec`, entered and
 * left by single-sample steps of at least `minStepMv` (the 1 mV, 100–200 ms standardisation pulse of
 * IEC 60601-2-25 §201.12.4.107). ECG never holds an exact value that long right after a step that large.
 */
export function findCalibrationPulses(
  samplesMv: ArrayLike<number>,
  samplingRateHz: number,
  options: { minDurationSec?: number; minStepMv?: number } = {},
): [number, number][] {
  const minRun = Math.max(3, Math.round((options.minDurationSec ?? 0.04) * samplingRateHz));
  const minStep = options.minStepMv ?? 0.3;
  const out: [number, number][] = [];
  const n = samplesMv.length;
  let i = 1;
  while (i < n) {
    const v = samplesMv[i] as number;
    let j = i + 1;
    while (j < n && samplesMv[j] === v) j++;
    const stepIn = Math.abs(v - (samplesMv[i - 1] as number));
    const stepOut = j < n ? Math.abs((samplesMv[j] as number) - v) : 0;
    if (j - i >= minRun && stepIn >= minStep && stepOut >= minStep) out.push([i, j]);
    i = j;
  }
  return out;
}

/** A copy of the signal with calibration pulses replaced by NaN (the signal itself when there are none). */
export function maskCalibrationPulses(samplesMv: ArrayLike<number>, samplingRateHz: number): ArrayLike<number> {
  const pulses = findCalibrationPulses(samplesMv, samplingRateHz);
  if (pulses.length === 0) return samplesMv;
  const out = Float32Array.from(samplesMv);
  for (const [a, b] of pulses) out.fill(NaN, a, b);
  return out;
}
