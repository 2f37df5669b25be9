// A minimal YAML reader for electron-builder.yml: block maps and sequences, flow sequences, quoted and plain scalars, comments.
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
}

/** Drops a comment (# at the start or after a space, outside quotes). */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}

function scalar(raw: string): Yaml {
  const s = raw.trim();
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
  if (s.startsWith('[') && s.endsWith(']')) {
    const inner = s.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((p) => scalar(p));
  }
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null' || s === '~' || s === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

/** Key and the rest of a `key: value` line (keys are plain or quoted scalars). */
function splitKey(text: string): { key: string; rest: string } | undefined {
  const m = /^('[^']*'|"[^"]*"|[^'"\s][^:]*?):(\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  return { key: String(scalar(m[1] as string)), rest: (m[3] ?? '').trim() };
}

/** Parses the YAML subset; throws on anything outside it (so the test notices an unsupported construct). */
export function parseYamlSubset(source: string): Yaml {
  const lines: Line[] = source
    .split(/\r?\n/)
    .map((l) => stripComment(l).replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const isItem = (l: Line | undefined) => l !== undefined && (l.text === '-' || l.text.startsWith('- '));

  const block = (indent: number): Yaml => (isItem(lines[i]) ? sequence(indent) : map(indent));

  const map = (indent: number): { [key: string]: Yaml } => {
    const out: { [key: string]: Yaml } = {};
    while (i < lines.length && (lines[i] as Line).indent === indent && !isItem(lines[i])) {
      const line = lines[i] as Line;
      const kv = splitKey(line.text);
      if (!kv) throw new Error(`unsupported YAML line: ${line.text}`);
      i++;
      if (kv.rest !== '') out[kv.key] = scalar(kv.rest);
      else {
        const next = lines[i];
        out[kv.key] =
          next && (next.indent > indent || (next.indent === indent && isItem(next)))
            ? block(next.indent)
            : null;
      }
    }
    if (i < lines.length && (lines[i] as Line).indent > indent)
      throw new Error(`unexpected indentation: ${(lines[i] as Line).text}`);
    return out;
  };

  const sequence = (indent: number): Yaml[] => {
    const out: Yaml[] = [];
    while (i < lines.length && (lines[i] as Line).indent === indent && isItem(lines[i])) {
      const item = (lines[i] as Line).text.slice(1).trim();
      if (splitKey(item) && !item.startsWith("'") && !item.startsWith('"')) {
        // `- key: value` starts a map whose other keys sit two columns further in.
        lines[i] = { indent: indent + 2, text: item };
        out.push(map(indent + 2));
      } else {
        out.push(scalar(item));
        i++;
      }
    }
    return out;
  };

  const result = lines.length === 0 ? null : block((lines[0] as Line).indent);
  if (i < lines.length) throw new Error(`unparsed YAML from: ${(lines[i] as Line).text}`);
  return result;
}
