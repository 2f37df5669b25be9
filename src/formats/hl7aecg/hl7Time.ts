// HL7 v3 TS timestamps ('20021122091000.122+0100') and PQ time quantities → ISO strings and seconds.

interface Hl7Timestamp {
  /** Milliseconds since the epoch, treating the wall-clock time as UTC and then applying any zone. */
  epochMs: number;
  iso: string;
}

/** Parses an HL7 v3 TS value (HL7 v3 Data Types R1, TS: YYYYMMDDHHMMSS.UUUU[+|-ZZzz]); undefined if malformed. */
export function parseHl7Timestamp(value: string | undefined): Hl7Timestamp | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d+)?([+-]\d{4})?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h, mi, s, frac, zone] = m;
  const fracMs = frac ? Number(frac) * 1000 : 0;
  let epochMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) + fracMs;
  if (!Number.isFinite(epochMs)) return undefined;
  let iso = `${y}-${mo}-${d}`;
  if (h !== undefined) {
    iso += `T${h}:${mi ?? '00'}:${s ?? '00'}`;
    if (frac) iso += `.${frac.slice(1).padEnd(3, '0').slice(0, 3)}`;
  }
  if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    epochMs -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60000;
    iso += `${zone.slice(0, 3)}:${zone.slice(3)}`;
  }
  return { epochMs, iso };
}

/** Units per second (dividing keeps '286' ms at exactly 0.286 s). */
const UNITS_PER_SECOND: ReadonlyMap<string, number> = new Map([
  ['s', 1],
  ['ms', 1e3],
  ['us', 1e6],
  ['min', 1 / 60],
]);

/** A PQ time quantity in seconds ('0.002' 's' → 0.002, '286' 'ms' → 0.286); undefined for other units. */
export function timeQuantitySec(value: string | undefined, unit: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const perSecond = UNITS_PER_SECOND.get((unit ?? 's').trim());
  const v = Number(value);
  if (perSecond === undefined || value.trim() === '' || !Number.isFinite(v)) return undefined;
  return v / perSecond;
}
