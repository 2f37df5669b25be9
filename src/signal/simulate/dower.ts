// Projection of the cardiac dipole (Frank X, Y, Z) onto the 12 standard leads with the Dower transform.
/**
 * Inverse Dower matrix (Edenbrandt & Pahlm 1988, J Electrocardiol 21(4):361–367): rows X, Y, Z; columns
 * I, II, V1–V6. Z is written here with the back-positive sign of Dower's matrix below.
 */
export const INVERSE_DOWER: readonly (readonly number[])[] = [
  [0.156, -0.01, -0.172, -0.074, 0.122, 0.231, 0.239, 0.194],
  [-0.227, 0.887, 0.057, -0.019, -0.106, -0.022, 0.041, 0.048],
  [0.022, 0.102, -0.229, -0.31, -0.246, -0.063, 0.055, 0.108],
];

/**
 * Dower's XYZ → lead matrix (Dower et al. 1980/1988), whose Moore–Penrose inverse is the inverse Dower matrix
 * above (checked in the tests): rows I, II, V1–V6; columns X (left), Y (feet), Z (back).
 */
export const DOWER: Readonly<Record<'I' | 'II' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6', readonly [number, number, number]>> = {
  I: [0.632, -0.235, 0.059],
  II: [0.235, 1.066, -0.132],
  V1: [-0.515, 0.157, -0.917],
  V2: [0.044, 0.164, -1.387],
  V3: [0.882, 0.098, -1.277],
  V4: [1.213, 0.127, -0.601],
  V5: [1.125, 0.127, -0.086],
  V6: [0.831, 0.076, 0.23],
};

/** The eight independent leads: I, II and V1–V6. */
export const INDEPENDENT_LEADS = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

/** Projects dipole samples onto one of the independent leads. */
export function projectDipole(lead: (typeof INDEPENDENT_LEADS)[number], x: Float64Array, y: Float64Array, z: Float64Array): Float64Array {
  const [cx, cy, cz] = DOWER[lead];
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = cx * (x[i] as number) + cy * (y[i] as number) + cz * (z[i] as number);
  return out;
}

/**
 * Limb leads III, aVR, aVL, aVF from I and II by Einthoven (III = II − I) and Goldberger
 * (aVR = −(I+II)/2, aVL = I − II/2, aVF = II − I/2), computed on the Float32 values actually stored so the
 * identities hold to Float32 rounding of the result.
 */
export function deriveLimbLeads(leadI: Float32Array, leadII: Float32Array): Record<'III' | 'aVR' | 'aVL' | 'aVF', Float32Array> {
  const n = leadI.length;
  const out = { III: new Float32Array(n), aVR: new Float32Array(n), aVL: new Float32Array(n), aVF: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const a = leadI[i] as number;
    const b = leadII[i] as number;
    out.III[i] = b - a;
    out.aVR[i] = -(a + b) / 2;
    out.aVL[i] = a - b / 2;
    out.aVF[i] = b - a / 2;
  }
  return out;
}
