// SCP-ECG lead identification codes (EN 1064:2005 §5.6.3, table 11) → lead names.

const SCP_LEADS: readonly (string | undefined)[] = [
  undefined, 'I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V2R', 'V3R', 'V4R', 'V5R', 'V6R', 'V7R',
  'X', 'Y', 'Z', 'CC5', 'CM5', 'LA', 'RA', 'LL',
];

const SCP_LEADS_FROM_61: readonly string[] = ['III', 'aVR', 'aVL', 'aVF', '-aVR', 'V8', 'V9', 'V8R', 'V9R', 'D', 'A', 'J'];

/** Lead name for an SCP lead code: 1=I, 2=II, 3…8=V1…V6, 61=III, 62=aVR, 63=aVL, 64=aVF, 65=-aVR…; else 'SCP lead N'. */
export function scpLeadName(code: number): string {
  if (code >= 61 && code < 61 + SCP_LEADS_FROM_61.length) return SCP_LEADS_FROM_61[code - 61] as string;
  return SCP_LEADS[code] ?? `SCP lead ${code}`;
}
