// CSV / delimited-text ECG reader: delimiter, decimal comma, header, time column, units and rate detection.
import { emptyRecord, type EcgLead, type EcgRecord } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import type { ReadContext } from '../../shared/formatReader';
import { normalizeLeadName } from '../../shared/leads';
import { normalizeUnit } from '../../shared/units';

/** Things a CSV file may not say about itself; given by the caller, never defaulted silently. */
export interface CsvReadOptions {
  /** Sampling rate, required when the file has no time column and no rate in its comment header. */
  samplingRateHz?: number;
  /** Unit of every signal column whose header does not name one ('mV', 'uV', 'adu'…). */
  unit?: string;
  /** Lead names in column order, for files without a header row. */
  leadNames?: readonly string[];
}

const FORMAT = 'csv';
const TIME_NAMES = new Set(['time', 't', 'sec', 'secs', 'second', 'seconds', 'elapsed', 'elapsed time', 'timestamp', 'ms', 'msec']);
const INDEX_NAMES = new Set(['sample', 'samples', 'sample index', 'sample idx', 'sampleindex', 'index', 'idx', 'n', '#', 'sample #', 'sample no', 'sample number']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+([eE][+-]?\d+)?$/;
/** ECG amplitudes above this many units are taken to be microvolts when no unit is stated. */
const GUESS_UV_ABOVE = 20;

type Delimiter = ',' | ';' | '\t' | 'whitespace' | 'none';

function splitLine(line: string, delimiter: Delimiter): string[] {
  if (delimiter === 'none') return [line.trim()];
  if (delimiter === 'whitespace') return line.trim().split(/\s+/);
  if (!line.includes('"')) return line.split(delimiter);
  // Minimal RFC 4180 quoting: delimiters inside double quotes, "" for a quote.
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function isNumeric(cell: string, decimalComma: boolean): boolean {
  const t = cell.trim();
  return NUMBER.test(t) || (decimalComma && DECIMAL_COMMA.test(t));
}

function isMissing(cell: string): boolean {
  const t = cell.trim().toLowerCase();
  return t === '' || t === 'nan' || t === 'na' || t === 'null';
}

/** Picks the delimiter that splits the sample lines into the same number (> 1) of fields. */
function detectDelimiter(lines: readonly string[]): { delimiter: Delimiter; decimalComma: boolean } {
  // Most lines (75 %) must split into the same number (> 1) of fields; short rows are tolerated.
  const consistent = (d: Delimiter) => {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = splitLine(l, d).length;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const [mode, freq] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    return mode > 1 && freq >= 0.75 * lines.length;
  };
  const anyDecimalComma = (d: Delimiter) => lines.some((l) => splitLine(l, d).some((c) => DECIMAL_COMMA.test(c.trim())));
  for (const d of ['\t', ';'] as const) {
    if (consistent(d)) return { delimiter: d, decimalComma: anyDecimalComma(d) };
  }
  // "0,12 0,34" is whitespace-delimited with decimal commas, not a comma CSV.
  const wsDecimalComma = consistent('whitespace') && lines.every((l) => splitLine(l, 'whitespace').every((c) => DECIMAL_COMMA.test(c) || !NUMBER.test(c)));
  if (consistent(',') && !(wsDecimalComma && anyDecimalComma('whitespace'))) return { delimiter: ',', decimalComma: false };
  if (consistent('whitespace')) return { delimiter: 'whitespace', decimalComma: anyDecimalComma('whitespace') };
  return { delimiter: 'none', decimalComma: anyDecimalComma('none') };
}

/** Splits a header cell like 'II (mV)', 'V1_uV', 'I [uV]', 'time_ms' into a name and a unit. */
export function splitHeaderUnit(cell: string): { name: string; unit?: string } {
  const t = cell.trim();
  const bracket = /^(.*?)[\s_]*[([]\s*([^)\]]+?)\s*[)\]]\s*$/.exec(t);
  if (bracket !== null && (bracket[1] as string) !== '') return { name: bracket[1] as string, unit: bracket[2] as string };
  const suffix = /^(.*?)[\s_]+(mV|uV|µV|μV|nV|V|ms|s|sec|mmHg)$/i.exec(t);
  if (suffix !== null && (suffix[1] as string) !== '') return { name: suffix[1] as string, unit: suffix[2] as string };
  return { name: t };
}

function timeScaleOf(name: string, unit: string | undefined): number | 'index' | undefined {
  const n = name.toLowerCase().replace(/[_\s]+/g, ' ').trim();
  const u = unit?.toLowerCase();
  if (INDEX_NAMES.has(n)) return 'index';
  if (!TIME_NAMES.has(n)) return undefined;
  if (u === 'ms' || u === 'msec' || n === 'ms' || n === 'msec') return 1e-3;
  if (u === undefined || u === 's' || u === 'sec' || u === 'secs' || u === 'seconds') return 1;
  return undefined;
}

/** Key/value pairs from leading comment lines ('# Sampling Rate (Hz):= 1000.00', '# unit: mV'). */
function parseComments(comments: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of comments) {
    const m = /^[#%]+\s*([^:=]+?)\s*(?::=|:|=)\s*(.*)$/.exec(c.trim());
    if (m !== null) out.set((m[1] as string).toLowerCase(), (m[2] as string).trim());
  }
  return out;
}

function commentRate(keys: Map<string, string>): number | undefined {
  for (const [k, v] of keys) {
    if (/sampl\w*\s*(rate|freq)|^fs\b|^sampling/.test(k)) {
      const value = Number.parseFloat(v.replace(',', '.'));
      if (value > 0) return value;
    }
  }
  return undefined;
}

function decimalsOf(cell: string): number {
  const m = /[.,](\d+)/.exec(cell);
  return m === null ? 0 : (m[1] as string).length;
}

/**
 * Reads ECG samples from delimited text (RFC 4180 CSV and its common variants). The sampling rate comes from
 * a time column (seconds or ms, checked for uniform spacing), a '# Sampling Rate' comment line, or
 * `options.samplingRateHz`; without any of them this throws rather than guessing. Units come from header
 * names ('II (mV)', 'V1_uV', '[uV]'), `options.unit`, a comment line, or — with a warning — the amplitude range.
 */
export function readCsv(bytes: Uint8Array, ctx: ReadContext, givenOptions: CsvReadOptions = {}): EcgRecord {
  const options: CsvReadOptions =
    givenOptions.samplingRateHz === undefined && ctx.samplingRateHz !== undefined ? { ...givenOptions, samplingRateHz: ctx.samplingRateHz } : givenOptions;
  const fail = (reason: string, byteOffset?: number): never => {
    throw new FormatError({ format: FORMAT, file: ctx.fileName, reason, byteOffset });
  };
  if (bytes.length === 0) fail('the file is empty');
  const nul = bytes.subarray(0, 65536).indexOf(0);
  if (nul >= 0) fail('the file contains NUL bytes; it is not a text table', nul);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const allLines = text.split(/\r\n|\n|\r/);

  const comments: string[] = [];
  const rows: { line: string; lineNo: number }[] = [];
  allLines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    if (/^[#%]/.test(t) || t.startsWith('//')) {
      if (rows.length === 0) comments.push(t);
      return;
    }
    rows.push({ line, lineNo: i + 1 });
  });
  if (rows.length === 0) fail('the file has no data rows');
  const keys = parseComments(comments);
  const warnings: string[] = [];

  const { delimiter, decimalComma } = detectDelimiter(rows.slice(0, 50).map((r) => r.line));
  const firstCells = splitLine((rows[0] as { line: string }).line, delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
  const hasHeader = firstCells.some((c) => !isMissing(c) && !isNumeric(c, decimalComma));
  const dataRows = hasHeader ? rows.slice(1) : rows;
  if (dataRows.length === 0) fail('the file has a header row but no data rows');
  const columnCount = hasHeader ? firstCells.length : splitLine((dataRows[0] as { line: string }).line, delimiter).length;

  // Parse every cell; missing cells and 'NaN' become NaN.
  const columns: Float64Array[] = Array.from({ length: columnCount }, () => new Float64Array(dataRows.length));
  let ragged = 0;
  dataRows.forEach(({ line, lineNo }, r) => {
    const cells = splitLine(line, delimiter);
    if (cells.length !== columnCount) ragged++;
    for (let c = 0; c < columnCount; c++) {
      const cell = (cells[c] ?? '').trim();
      let value = NaN;
      if (!isMissing(cell)) {
        const normal = decimalComma ? cell.replace(',', '.') : cell;
        value = NUMBER.test(normal) ? Number(normal) : NaN;
        if (Number.isNaN(value)) fail(`line ${lineNo}, column ${c + 1}: '${cell.slice(0, 40)}' is not a number`);
      }
      (columns[c] as Float64Array)[r] = value;
    }
  });
  if (ragged > 0) warnings.push(`${ragged} row(s) have a different number of fields than the ${columnCount} columns; missing fields read as NaN.`);

  // Column names: header, caller, comment 'Labels', or ch1…chN.
  const headerParts = firstCells.map(splitHeaderUnit);
  const labelList = keys.get('labels')?.split(/[\s,;\t]+/).filter((s) => s !== '');
  const names = Array.from({ length: columnCount }, (_, c) =>
    hasHeader ? (headerParts[c]?.name ?? `ch${c + 1}`) : undefined,
  );

  // Time column: by header name, or (no header) a uniformly increasing first column among several.
  let timeColumn = -1;
  let timeScale: number | 'index' | undefined;
  if (hasHeader) {
    timeColumn = headerParts.findIndex((p) => timeScaleOf(p.name, p.unit) !== undefined);
    if (timeColumn >= 0) timeScale = timeScaleOf(headerParts[timeColumn]?.name as string, headerParts[timeColumn]?.unit);
  } else if (columnCount > 1 && dataRows.length > 2 && options.leadNames?.length !== columnCount) {
    const first = columns[0] as Float64Array;
    const step = ((first[first.length - 1] as number) - (first[0] as number)) / (first.length - 1);
    const uniform = step > 0 && first.every((v, i) => Math.abs(v - (first[0] as number) - i * step) <= 0.01 * step);
    if (uniform) {
      timeColumn = 0;
      const integers = first.every((v) => Number.isInteger(v));
      timeScale = integers && Math.abs(step - 1) < 1e-9 ? 'index' : 1;
      warnings.push(
        timeScale === 'index'
          ? 'the first column (no header) counts samples 0, 1, 2…; taken as a sample index.'
          : `the first column (no header) increases uniformly by ${step}; taken as time in seconds.`,
      );
    }
  }

  let rateFromTime: number | undefined;
  if (timeColumn >= 0 && timeScale !== 'index' && timeScale !== undefined) {
    const t = columns[timeColumn] as Float64Array;
    if (t.length < 2) fail('the time column has a single row; the sampling rate cannot be derived from it');
    if (t.some((v) => Number.isNaN(v))) fail('the time column has empty or non-numeric entries');
    const span = (t[t.length - 1] as number) - (t[0] as number);
    const dt = span / (t.length - 1);
    if (!(dt > 0)) fail('the time column does not increase');
    let worst = 0;
    let worstStep = 0;
    for (let i = 0; i < t.length; i++) {
      worst = Math.max(worst, Math.abs((t[i] as number) - (t[0] as number) - i * dt));
      if (i > 0) worstStep = Math.max(worstStep, Math.abs((t[i] as number) - (t[i - 1] as number) - dt));
    }
    // Printed times are rounded, so allow jitter below half a step, but no skipped or repeated samples.
    if (worst > 0.45 * dt || worstStep > 0.5 * dt) {
      worst = Math.max(worst, worstStep);
      fail(`the time column is not uniformly spaced (deviates by up to ${(worst / dt).toFixed(2)} steps); a uniform sampling rate is needed`);
    }
    const rate = 1 / (dt * timeScale);
    // Snap to an integer rate when the printed time resolution cannot tell them apart.
    const quantum = 10 ** -Math.max(...dataRows.slice(0, 100).map((r) => decimalsOf(splitLine(r.line, delimiter)[timeColumn] ?? '')));
    const relErr = quantum / span + 1e-9;
    rateFromTime = Math.abs(rate - Math.round(rate)) <= rate * relErr ? Math.round(rate) : Number(rate.toPrecision(8));
  }

  const fromComment = commentRate(keys);
  let samplingRateHz = options.samplingRateHz ?? rateFromTime ?? fromComment;
  if (options.samplingRateHz !== undefined && rateFromTime !== undefined && Math.abs(options.samplingRateHz - rateFromTime) > 1e-3 * rateFromTime) {
    warnings.push(`the time column implies ${rateFromTime} Hz; used the given ${options.samplingRateHz} Hz.`);
  }
  if (samplingRateHz === undefined) {
    return fail(
      timeScale === 'index'
        ? 'the file has a sample-index column but no time column; the sampling rate must be given (--rate HZ)'
        : 'the file has no time column and states no sampling rate; the sampling rate must be given (--rate HZ)',
    );
  }
  if (!(samplingRateHz > 0) || !Number.isFinite(samplingRateHz)) fail(`sampling rate ${samplingRateHz} Hz is not a positive number`);
  samplingRateHz = Number(samplingRateHz);

  // Signal columns and their units.
  const signalColumns = Array.from({ length: columnCount }, (_, c) => c).filter((c) => c !== timeColumn);
  if (signalColumns.length === 0) fail('the file has a time column but no signal columns');
  if (!hasHeader && options.leadNames !== undefined && options.leadNames.length !== signalColumns.length) {
    fail(`${options.leadNames.length} lead names given for ${signalColumns.length} signal columns`);
  }
  // ECG Studio's own CSV (`time_s,<lead>,…`, see writeCsv) is in millivolts by definition.
  const ownConvention = hasHeader && timeColumn >= 0 && firstCells[timeColumn]?.trim().toLowerCase() === 'time_s';
  const commentUnit = keys.get('unit') ?? keys.get('units') ?? (ownConvention ? 'mV' : undefined);
  const adcResolution = keys.get('resolution');
  const unitOf = new Map<number, string>();
  const unstated: number[] = [];
  for (const c of signalColumns) {
    const headerUnit = hasHeader ? headerParts[c]?.unit : undefined;
    if (headerUnit !== undefined) unitOf.set(c, normalizeUnit(headerUnit.replace(/^µ|^μ/, 'u')));
    else if (options.unit !== undefined) unitOf.set(c, normalizeUnit(options.unit));
    else if (commentUnit !== undefined) unitOf.set(c, normalizeUnit(commentUnit));
    else unstated.push(c);
  }
  if (unstated.length > 0 && adcResolution !== undefined) {
    for (const c of unstated) unitOf.set(c, 'adu');
    warnings.push(`the file gives an ADC resolution (${adcResolution} bits) but no gain; samples are raw ADC units ('adu') and their voltage is unknown.`);
  } else if (unstated.length > 0) {
    let maxAbs = 0;
    for (const c of unstated) for (const v of columns[c] as Float64Array) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    const unit = maxAbs > GUESS_UV_ABOVE ? 'uV' : 'mV';
    for (const c of unstated) unitOf.set(c, unit);
    warnings.push(`no unit stated for ${unstated.length} column(s); guessed ${unit === 'uV' ? 'µV' : 'mV'} from the amplitude range (max |value| ${maxAbs}).`);
  }

  const leads: EcgLead[] = signalColumns.map((c, k) => {
    const raw = options.leadNames?.[k] ?? names[c] ?? labelList?.[k] ?? `ch${c + 1}`;
    const unit = unitOf.get(c) as string;
    return { name: normalizeLeadName(raw), originalName: hasHeader ? (firstCells[c] as string) : raw, unit, samples: Float32Array.from(columns[c] as Float64Array) };
  });
  const record = emptyRecord({
    format: 'csv',
    name: ctx.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    samplingRateHz,
    samplesPerLead: dataRows.length,
    leads,
  });
  record.warnings = warnings;
  record.metadata['csv'] = {
    delimiter: delimiter === '\t' ? 'tab' : delimiter,
    decimalComma,
    headerRow: hasHeader,
    timeColumn: timeColumn >= 0 ? (hasHeader ? firstCells[timeColumn] : `column ${timeColumn + 1}`) : undefined,
    rateSource: options.samplingRateHz !== undefined ? 'option' : rateFromTime !== undefined ? 'time column' : 'comment header',
    comments,
  };
  return record;
}

/** Content sniffing: numeric delimited text scores below 0.5 so that extensions decide. Never throws. */
export function sniffCsv(bytes: Uint8Array, fileName: string): number {
  try {
    const head = bytes.subarray(0, 4096);
    if (head.length === 0 || head.includes(0)) return 0;
    const lines = new TextDecoder('utf-8').decode(head).split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l !== '' && !/^[#%]/.test(l));
    if (head.length === 4096) lines.pop();
    const sample = lines.slice(0, 20);
    if (sample.length < 2) return 0;
    const { delimiter, decimalComma } = detectDelimiter(sample);
    const data = sample.slice(1);
    const numeric = data.every((l) => splitLine(l, delimiter).every((c) => isMissing(c) || isNumeric(c, decimalComma)));
    const ext = /\.(csv|tsv|txt)$/i.test(fileName);
    if (numeric) return ext ? 0.45 : 0.15;
    return 0;
  } catch {
    return 0;
  }
}
