// The standard MIT annotation code table (WFDB ecgcodes.h) mapping code numbers to mnemonics and back.

/** Mnemonics of codes 0–49 as printed by the WFDB library (annot.c `cstring`); '[n]' where unassigned. */
const MNEMONICS: readonly string[] = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S',
  'E', 'j', '/', 'Q', '~', '[15]', '|', '[17]', 's', 'T',
  '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u',
  '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(',
  ')', 'r', '[42]', '[43]', '[44]', '[45]', '[46]', '[47]', '[48]', '[49]',
];

/** Highest code an annotation may carry (ACMAX); 59–63 are the pseudo-codes SKIP, NUM, SUB, CHN, AUX. */
export const ACMAX = 49;

const BY_MNEMONIC: ReadonlyMap<string, number> = new Map(MNEMONICS.map((m, code) => [m, code]));

/** Mnemonic for an MIT annotation code (WFDB annot(5), ecgcodes.h). */
export function annotationMnemonic(code: number): string {
  return MNEMONICS[code] ?? `[${code}]`;
}

/** Code number for a mnemonic ('N' → 1, '[42]' → 42), or undefined when it is not in the table. */
export function annotationCode(mnemonic: string): number | undefined {
  const known = BY_MNEMONIC.get(mnemonic);
  if (known !== undefined) return known;
  const m = /^\[(\d+)\]$/.exec(mnemonic);
  if (m !== null) {
    const code = Number(m[1]);
    if (code >= 0 && code <= ACMAX) return code;
  }
  return undefined;
}
