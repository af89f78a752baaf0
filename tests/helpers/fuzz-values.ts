/**
 * What the fuzz suite sends (tests/integration/fuzz-routes.test.ts): values generated from a
 * route's JSON schema (as the OpenAPI document states it), hostile values to put in their place,
 * and a small check of whether the schema admits a value (to tell a legitimate 2xx from a hole).
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Odd text: full-width, zero-width, emoji, mixed scripts, bidi controls, control characters. */
export const oddUnicode = [
  'ＡＢＣ１２３　张三',
  '１１０１０５１９４９１２３１００２Ｘ',
  '\u200b\u200c\u200d\ufeff',
  '张\u200b三',
  '👨‍👩‍👧‍👦🔥',
  '李四😀',
  'Ζhāng三Иван محمد',
  '\u202eevil\u202c.exe',
  '\u2066王\u2069\u200f',
  '\u0001\u0007\u001b[31mred',
  '\ud800',
  'e\u0301\u0301\u0301\u0301',
  '\u3000',
];
/** SQL and formula injection, and strings that look like something else. */
export const injections = [
  "' OR '1'='1",
  "'; DROP TABLE households; --",
  '1 UNION SELECT password_hash FROM accounts',
  '%',
  '_%_',
  '\\',
  '"',
  "\\'",
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://x","y")',
  '1e309',
  'NaN',
  '-0',
  '0x10',
  '9007199254740993',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '${7*7}',
  '<script>alert(1)</script>',
];
/** Path tricks (in ids, codes and upload names). */
export const pathTricks = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '....//....//',
  '/dev/zero',
  'C:\\boot.ini',
  'a/b',
  '.',
  '..',
  '~',
];

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

export const hugeText = (n: number) => 'a'.repeat(n);

/** Hostile text of every kind (one arbitrary). */
export const hostileText = (foreignIds: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...oddUnicode, ...injections, ...pathTricks),
    fc.constantFrom('', ' ', '\t', '\n'),
    fc.constantFrom(hugeText(300), hugeText(5_000), '字'.repeat(2_000)),
    fc.constantFrom(...(foreignIds.length ? foreignIds : ['x'])),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

/** Any hostile JSON value: wrong types, huge and empty values, deep nesting, odd text. */
export const hostileValue = (foreignIds: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileText(foreignIds),
    fc.constantFrom(0, -1, 1.5, -1e9, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63)),
    fc.constantFrom(true, false, null),
    fc.constantFrom([], {}, [1, 2], { a: 1 }, [''], [null], { __proto__: { x: 1 } }, { constructor: {} }),
    fc.constantFrom(nested(20), nested(31), nested(40), nested(300)),
    fc.constantFrom(Array.from({ length: 2_000 }, (_, i) => `x${i}`)),
    fc.constantFrom(hugeText(1_200_000)),
  );

/** The schemas of an anyOf/oneOf, or the schema itself. */
const alternatives = (s: JsonSchema): JsonSchema[] => s.anyOf ?? s.oneOf ?? [s];

/** Does the schema admit the value? The subset of JSON Schema the OpenAPI document uses. */
export function admits(s: JsonSchema | undefined, v: unknown, fromString = false): boolean {
  if (!s) return true;
  if (s.allOf) return s.allOf.every((x) => admits(x, v, fromString));
  if (s.anyOf || s.oneOf) return alternatives(s).some((x) => admits(x, v, fromString));
  if (v === null) return s.nullable === true || s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'));
  if (s.enum) return s.enum.some((e) => e === v || (fromString && String(e) === v));
  if ('const' in s) return s.const === v;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (typeof v !== 'string') return false;
      if (s.minLength !== undefined && v.length < s.minLength) return false;
      // Some schemas trim before they count (z.string().trim().max(n)): the trimmed length is what counts.
      if (s.maxLength !== undefined && v.trim().length > s.maxLength) return false;
      if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) return false;
      return true;
    }
    case 'integer':
    case 'number': {
      const n = fromString && typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return false;
      if (type === 'integer' && !Number.isInteger(n)) return false;
      if (s.minimum !== undefined && n < s.minimum) return false;
      if (s.maximum !== undefined && n > s.maximum) return false;
      if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) return false;
      if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum) return false;
      return true;
    }
    case 'boolean':
      return typeof v === 'boolean' || (fromString && (v === 'true' || v === 'false'));
    case 'array': {
      if (!Array.isArray(v)) return false;
      if (s.minItems !== undefined && v.length < s.minItems) return false;
      if (s.maxItems !== undefined && v.length > s.maxItems) return false;
      return v.every((x) => admits(s.items, x));
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      for (const k of s.required ?? [])
        if (o[k] === undefined && s.properties?.[k]?.default === undefined) return false;
      return Object.entries(s.properties ?? {}).every(([k, sub]) => o[k] === undefined || admits(sub, o[k]));
    }
    default:
      return true;
  }
}

/** Real ids to use where a field or parameter names one (by its name), and ids of another village. */
export interface IdPool {
  byName(name: string): string[];
  foreign: string[];
}

/** Field and parameter names that hold an id or a code. */
export const ID_NAME = /(^id$|Id$|Ids$|^code$|^ruleCode$|^from$|^to$|^node$|^structure$|^account$|^target$|^basedOn$)/;

/** A value the schema admits (as far as a generator can tell), using real ids for id fields. */
export function validArb(s: JsonSchema | undefined, name: string, ids: IdPool): fc.Arbitrary<unknown> {
  if (!s) return fc.constant(undefined);
  if (s.anyOf || s.oneOf) return fc.oneof(...alternatives(s).map((x) => validArb(x, name, ids)));
  if (s.allOf) return validArb(s.allOf[0], name, ids);
  if (s.enum) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const real = ID_NAME.test(name) ? ids.byName(name) : [];
      if (s.pattern) {
        const pattern = new RegExp(s.pattern);
        return fc
          .stringMatching(pattern)
          .filter((x) => x.length <= (s.maxLength ?? 200) && x.length >= (s.minLength ?? 0));
      }
      const min = s.minLength ?? 0;
      const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
      const text = fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
      const named = s.format === 'date' || /date|^at$/i.test(name) ? [fc.constantFrom('2026-01-01', '1970-01-01')] : [];
      return real.length ? fc.oneof(fc.constantFrom(...real), text) : fc.oneof(text, ...named);
    }
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1000, 1e6) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(validArb(s.items, name, ids), { minLength: min, maxLength: Math.min(s.maxItems ?? 3, min + 3) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, sub] of Object.entries(props)) record[k] = validArb(sub, k, ids);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      return fc.constant(null);
  }
}

/** Every place inside a value that can be replaced: [] is the whole value. */
export function placesIn(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (v && typeof v === 'object' && at.length < 4)
    for (const [k, sub] of Object.entries(v as object)) placesIn(sub, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** The schema at a place inside a value (following properties and items). */
export function schemaAt(s: JsonSchema | undefined, at: (string | number)[], v: unknown): JsonSchema | undefined {
  let cur = s;
  let val = v as Record<string | number, unknown> | undefined;
  for (const key of at) {
    if (!cur) return undefined;
    if (cur.anyOf || cur.oneOf)
      cur =
        alternatives(cur).find((x) => admits(x, val)) ?? alternatives(cur).find((x) => x.properties?.[key] ?? x.items);
    if (!cur) return undefined;
    cur = typeof key === 'number' ? cur.items : cur.properties?.[key];
    val = val?.[key] as Record<string | number, unknown> | undefined;
  }
  return cur;
}

/** A copy of `v` with the value at `at` replaced (`undefined` removes the key). */
export function replaceAt(v: unknown, at: (string | number)[], next: unknown): unknown {
  if (!at.length) return next;
  const copy = Array.isArray(v) ? [...v] : { ...(v as object) };
  const [head, ...rest] = at;
  const c = copy as Record<string | number, unknown>;
  const replaced = replaceAt(c[head], rest, next);
  if (replaced === undefined && !Array.isArray(copy)) delete c[head];
  else c[head] = replaced;
  return copy;
}
