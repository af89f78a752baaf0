/**
 * Normalisation of text typed by people and spreadsheets (lib/text.ts: invisible characters
 * removed, full-width made half-width, stray spaces collapsed), phone numbers and dates. Applied
 * before any check, so such input is accepted, not rejected.
 */
import { cleanCode } from '../../lib/text';

export { cleanCode, cleanText, toHalfWidth } from '../../lib/text';

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

/**
 * The earliest and latest dates a spreadsheet's date serial is read as (birth dates and the
 * like): outside, a number in a date column is not a date.
 */
const SERIAL_MIN = 1; // 1900-01-01
const SERIAL_MAX = 73_050; // 2099-12-31

/**
 * An Excel date serial (1900 date system) as YYYY-MM-DD, or 'invalid'. Excel counts 1900-01-01 as
 * day 1 and, after Lotus 1-2-3, takes 1900 for a leap year: serial 60 is 1900-02-29, which never
 * was; from 61 on a serial is the number of days since 1899-12-30. A time of day (the fraction)
 * is dropped.
 */
export function excelSerialDate(serial: number): string | 'invalid' {
  if (!Number.isFinite(serial)) return 'invalid';
  const day = Math.floor(serial);
  if (day < SERIAL_MIN || day > SERIAL_MAX || day === 60) return 'invalid';
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Dates typed as 1980-1-2, 1980/01/02, 19800102, 1980年1月2日, a spreadsheet Date, or an Excel
 * date serial (a number cell, or its five digits as text: 31672 is 1986-09-17). A number of eight
 * digits is a date typed as 19860917 into a cell the spreadsheet took for a number.
 */
export function normalizeDate(raw: unknown): string | null | 'invalid' {
  if (raw == null || raw === '') return null;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return 'invalid';
    return raw.toISOString().slice(0, 10);
  }
  if (typeof raw === 'number' && !(Number.isInteger(raw) && raw >= 10_000_000)) return excelSerialDate(raw);
  const s = cleanCode(String(raw));
  if (s === '') return null;
  // Five digits (with a time of day, perhaps) are no year, month and day: a serial, as xlsx text.
  if (/^\d{5}(\.\d+)?$/.test(s)) return excelSerialDate(Number(s));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return 'invalid';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return 'invalid';
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
