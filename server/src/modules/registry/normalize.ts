/**
 * Normalisation of text typed by people and spreadsheets: full-width digits, letters and
 * punctuation become half-width; stray spaces (including the ideographic space) are removed
 * or collapsed. Applied before any check, so such input is accepted, not rejected.
 */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c === 0x3000) out += ' ';
    else if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else out += ch;
  }
  return out;
}

/** Trim and collapse inner runs of whitespace. */
export const cleanText = (s: string | null | undefined): string =>
  toHalfWidth(String(s ?? ''))
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();

/** Identity numbers, phone numbers, house numbers: no spaces or dashes inside, upper case. */
export const cleanCode = (s: string | null | undefined): string =>
  toHalfWidth(String(s ?? ''))
    .replace(/[\s\u00a0\u200b]+/g, '')
    .toUpperCase();

/** Mainland mobile (11 digits, 1[3-9]…) or landline (area code + number). Returns null if malformed. */
export function normalizePhone(raw: string | null | undefined): string | null | 'invalid' {
  let s = cleanCode(raw).replace(/[-()（）]/g, '');
  if (s === '') return null;
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  if (/^0\d{9,11}$/.test(s)) return s;
  return 'invalid';
}

export const maskPhone = (p: string | null) => (p && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);

/** Dates typed as 1980-1-2, 1980/01/02, 19800102, 1980年1月2日 or a spreadsheet Date. */
export function normalizeDate(raw: unknown): string | null | 'invalid' {
  if (raw == null || raw === '') return null;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return 'invalid';
    return raw.toISOString().slice(0, 10);
  }
  const s = cleanCode(String(raw));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return 'invalid';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return 'invalid';
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
