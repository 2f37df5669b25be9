// A small JSON Schema (draft-06 subset) validator for the focused FHIR schema in test/golden/fhir (no npm validator installed).
type Schema = Record<string, unknown>;

/** Errors of `value` against `schema` ('' = valid): $ref (local), type, const, enum, pattern, properties, required, additionalProperties: false, items, minItems, oneOf. */
export function validateJsonSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) node = (node as Schema)[part];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node as Schema;
  };
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    for (const key of Object.keys(schema)) {
      if (
        ![
          '$schema',
          '$comment',
          '$ref',
          'definitions',
          'type',
          'const',
          'enum',
          'pattern',
          'properties',
          'required',
          'additionalProperties',
          'items',
          'minItems',
          'oneOf',
          'description',
        ].includes(key)
      ) {
        throw new Error(`unsupported keyword ${key} at ${path}`);
      }
    }
    if (typeof schema['$ref'] === 'string') check(resolve(schema['$ref']), v, path, out);
    const t = schema['type'];
    if (typeof t === 'string') {
      const actual = typeOf(v);
      const ok =
        t === actual ||
        (t === 'integer' && actual === 'number' && Number.isInteger(v)) ||
        (t === 'number' && actual === 'number' && Number.isFinite(v as number));
      if (!ok) {
        out.push(`${path}: expected ${t}, got ${actual}`);
        return;
      }
    }
    if ('const' in schema && v !== schema['const'])
      out.push(`${path}: expected ${JSON.stringify(schema['const'])}, got ${JSON.stringify(v)}`);
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(v))
      out.push(`${path}: ${JSON.stringify(v)} not in ${JSON.stringify(schema['enum'])}`);
    if (
      typeof schema['pattern'] === 'string' &&
      typeof v === 'string' &&
      !new RegExp(schema['pattern'], 'u').test(v)
    ) {
      out.push(`${path}: '${v.length > 60 ? `${v.slice(0, 60)}…` : v}' does not match ${schema['pattern']}`);
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (schema['properties'] ?? {}) as Record<string, Schema>;
      for (const req of (schema['required'] ?? []) as string[])
        if (!(req in obj)) out.push(`${path}: missing required '${req}'`);
      for (const [k, sub] of Object.entries(obj)) {
        if (k in props) check(props[k] as Schema, sub, `${path}.${k}`, out);
        else if (schema['additionalProperties'] === false) out.push(`${path}: unexpected property '${k}'`);
      }
    }
    if (Array.isArray(v)) {
      if (typeof schema['minItems'] === 'number' && v.length < schema['minItems'])
        out.push(`${path}: fewer than ${schema['minItems']} items`);
      if (schema['items'])
        v.forEach((item, i) => check(schema['items'] as Schema, item, `${path}[${i}]`, out));
    }
    if (Array.isArray(schema['oneOf'])) {
      const results = (schema['oneOf'] as Schema[]).map((s) => {
        const sub: string[] = [];
        check(s, v, path, sub);
        return sub;
      });
      const passing = results.filter((r) => r.length === 0).length;
      if (passing !== 1) {
        const best = results.reduce((a, b) => (b.length < a.length ? b : a));
        out.push(`${path}: matches ${passing} of oneOf (closest: ${best.join('; ')})`);
      }
    }
  };
  check(root, value, '$', errors);
  return errors;
}
