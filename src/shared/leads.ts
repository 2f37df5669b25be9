// Lead-name normalisation: the 12 standard leads get one canonical spelling; any other name is kept as-is.

export const STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type StandardLead = (typeof STANDARD_LEADS)[number];

const ALIASES: ReadonlyMap<string, StandardLead> = new Map<string, StandardLead>([
  ['I', 'I'], ['LEADI', 'I'], ['DI', 'I'], ['MDC_ECG_LEAD_I', 'I'],
  ['II', 'II'], ['LEADII', 'II'], ['DII', 'II'], ['MDC_ECG_LEAD_II', 'II'],
  ['III', 'III'], ['LEADIII', 'III'], ['DIII', 'III'], ['MDC_ECG_LEAD_III', 'III'],
  ['AVR', 'aVR'], ['LEADAVR', 'aVR'], ['MDC_ECG_LEAD_AVR', 'aVR'],
  ['AVL', 'aVL'], ['LEADAVL', 'aVL'], ['MDC_ECG_LEAD_AVL', 'aVL'],
  ['AVF', 'aVF'], ['LEADAVF', 'aVF'], ['MDC_ECG_LEAD_AVF', 'aVF'],
  ...(['1', '2', '3', '4', '5', '6'] as const).flatMap((n): [string, StandardLead][] => [
    [`V${n}`, `V${n}`],
    [`LEADV${n}`, `V${n}`],
    [`MDC_ECG_LEAD_V${n}`, `V${n}`],
    [`C${n}`, `V${n}`],
    [`PRECORDIALV${n}`, `V${n}`],
  ]),
]);

/**
 * Canonical lead name: 'lead II', 'II', 'ECG II', 'MDC_ECG_LEAD_II' → 'II'; 'avr' → 'aVR'; 'MLII' stays 'MLII'.
 * Only unambiguous spellings of the 12 standard leads are mapped; anything else is returned trimmed.
 */
export function normalizeLeadName(raw: string): string {
  const trimmed = raw.trim();
  // An inverted lead ('-aVR', Cabrera display) is a different signal: keep its sign.
  if (trimmed.startsWith('-')) return trimmed;
  const key = trimmed
    .toUpperCase()
    .replace(/^ECG[\s_-]*/, '')
    .replace(/^LEAD[\s_-]+/, 'LEAD')
    .replace(/[\s_-]+/g, '')
    .replace(/^MDCECGLEAD/, 'MDC_ECG_LEAD_');
  return ALIASES.get(key) ?? ALIASES.get(trimmed.toUpperCase()) ?? trimmed;
}

export function isStandardLead(name: string): name is StandardLead {
  return (STANDARD_LEADS as readonly string[]).includes(name);
}
