/**
 * What the audit log keeps of a change: JSON of before/after with secrets replaced by *** and
 * personal numbers masked (18-digit ID numbers keep the first 6 and the last 4, old 15-digit ones
 * too; mobile numbers the first 3 and the last 4), so the fact of the change stays and the numbers
 * do not. Numbers are found however they were typed: with full-width digits, with spaces or
 * dashes between groups, next to letters; a value under a key that names an ID or phone number is
 * masked whatever it looks like. Nesting is cut at a fixed depth (deeper values are not kept),
 * so no input can make the audit itself fail.
 */
const SECRET_KEYS = /password|code|token|csrf|secret|hash/i;
/** Keys whose values are personal numbers, however malformed (a typo of an ID number is one too). */
const NUMBER_KEYS = /id_?number|id_?card|id_?no$|phone|mobile|^tel$/i;
const MAX_DEPTH = 6;
const MAX_ITEMS = 200;

const ID_18 = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g;
const ID_15 = /(?<!\d)(\d{6})\d{5}(\d{4})(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** A run of digits that may be one number typed in groups ("110101 19900307 123X", "138-0013-8000"). */
const GROUPED = /(?<!\d)\d(?:[ -]?\d){10,16}(?:[ -]?[\dXx])?(?!\d)/g;
const FULL_WIDTH_DIGIT = /[\uff10-\uff19\uff38\uff58]/g;

const strict = (s: string) => s.replace(ID_18, '$1********$2').replace(ID_15, '$1*****$2').replace(MOBILE, '$1****$2');

function maskGroup(m: string): string {
  if (!/[ -]/.test(m)) return strict(m);
  const d = m.replace(/[ -]/g, '');
  if (/^\d{17}[\dXx]$/.test(d)) return `${d.slice(0, 6)}********${d.slice(14)}`;
  if (/^\d{15}$/.test(d)) return `${d.slice(0, 6)}*****${d.slice(11)}`;
  if (/^1[3-9]\d{9}$/.test(d)) return `${d.slice(0, 3)}****${d.slice(7)}`;
  return strict(m); // not one number: perhaps several, each masked on its own
}

/** A UUID (the ids rows and phones make) is no personal number, though its hex groups may be all digits. */
const UUID = /([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})/i;

export const maskNumbers = (s: string) =>
  s
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .split(UUID)
    .map((part, i) => (i % 2 ? part : part.replace(GROUPED, maskGroup)))
    .join('');

/** A personal number kept as its first and last characters only, whatever its form. */
function maskWhole(s: string): string {
  const masked = maskNumbers(s);
  if (masked !== s || s.includes('*')) return masked;
  const t = s.replace(/\s+/g, '');
  return t.length >= 8 ? `${t.slice(0, 3)}${'*'.repeat(t.length - 7)}${t.slice(-4)}` : '***';
}

/** A number sent as a JSON number (a phone, an ID number that lost its last digits) is masked too. */
function redactNumber(n: number | bigint): unknown {
  const s = String(n);
  const masked = s.length >= 11 ? maskNumbers(s) : s;
  return masked !== s || typeof n === 'bigint' ? masked : n;
}

function redact(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return maskNumbers(v);
  if (typeof v === 'number' || typeof v === 'bigint') return redactNumber(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(v)) return v.slice(0, MAX_ITEMS).map((x) => redact(x, depth + 1));
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `[${v.length} bytes]`;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .slice(0, MAX_ITEMS)
      .map(([k, x]) => [
        maskNumbers(k),
        typeof x === 'string' && SECRET_KEYS.test(k)
          ? '***'
          : (typeof x === 'string' || typeof x === 'number') && NUMBER_KEYS.test(k)
            ? maskWhole(String(x))
            : redact(x, depth + 1),
      ]),
  );
}

/** A value with its secrets replaced and its personal numbers masked (for logs). */
export const redacted = (v: unknown): unknown => redact(v, 0);

/** The stored text of a before/after value (null when absent), at most 20,000 characters. */
export function auditText(v: unknown): string | null {
  if (v === undefined) return null;
  let s: string | null;
  try {
    s = JSON.stringify(redact(v, 0)) ?? null;
  } catch {
    s = JSON.stringify('[not serialisable]');
  }
  if (s === null) return null;
  return s.length > 20_000 ? `${s.slice(0, 20_000)}…` : s;
}

/** A request path for the audit log: at most 500 characters, personal numbers in it masked. */
export const auditPath = (path: string | null | undefined): string | null =>
  path == null ? null : maskNumbers(path.slice(0, 500));
