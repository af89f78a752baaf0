/**
 * What the audit log keeps of a change: JSON of before/after with secrets replaced by *** and
 * personal numbers masked (18-digit ID numbers keep the first 6 and the last 4; mobile numbers
 * the first 3 and the last 4), so the fact of the change stays and the numbers do not.
 */
const SECRET_KEYS = /password|code|token|csrf|secret|hash/i;
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export const maskNumbers = (s: string) => s.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2');

function redact(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return maskNumbers(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 200).map((x) => redact(x, depth + 1));
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [
      k,
      SECRET_KEYS.test(k) && typeof x === 'string' ? '***' : redact(x, depth + 1),
    ]),
  );
}

/** The stored text of a before/after value (null when absent), at most 20,000 characters. */
export function auditText(v: unknown): string | null {
  if (v === undefined) return null;
  const s = JSON.stringify(redact(v, 0)) ?? null;
  if (s === null) return null;
  return s.length > 20_000 ? `${s.slice(0, 20_000)}…` : s;
}
