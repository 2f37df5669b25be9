// Physical units of ECG samples and conversion to millivolts.

/** Units ECG samples arrive in; anything unrecognised is kept as its own string. */
export type AmplitudeUnit = 'mV' | 'uV' | 'V' | 'nV' | string;

const TO_MV: ReadonlyMap<string, number> = new Map([
  ['mv', 1],
  ['millivolt', 1],
  ['millivolts', 1],
  ['uv', 1e-3],
  ['µv', 1e-3],
  ['μv', 1e-3],
  ['microvolt', 1e-3],
  ['microvolts', 1e-3],
  ['v', 1e3],
  ['volt', 1e3],
  ['volts', 1e3],
  ['nv', 1e-6],
]);

/** Canonical spelling of a voltage unit ('uV', 'mV', 'V', 'nV'), or the input unchanged if not a voltage. */
export function normalizeUnit(raw: string): AmplitudeUnit {
  const factor = TO_MV.get(raw.trim().toLowerCase());
  if (factor === undefined) return raw.trim();
  if (factor === 1) return 'mV';
  if (factor === 1e-3) return 'uV';
  if (factor === 1e3) return 'V';
  return 'nV';
}

/** Multiplier that turns a value in `unit` into millivolts, or undefined when `unit` is not a voltage. */
export function millivoltsPerUnit(unit: AmplitudeUnit): number | undefined {
  return TO_MV.get(unit.trim().toLowerCase());
}
