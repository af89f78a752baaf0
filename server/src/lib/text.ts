/**
 * Text typed by people and spreadsheets, cleaned the same way at every way in (the API's schemas,
 * the use cases, the spreadsheet import, the CLI):
 * - characters that show nothing or reorder what is shown are removed: zero-width characters
 *   (U+200B–U+200D, U+2060, U+FEFF), bidi controls (U+200E, U+200F, U+202A–U+202E,
 *   U+2066–U+2069, U+061C), invisible fillers and control characters (NUL included: PostgreSQL
 *   refuses it in text);
 * - full-width digits, letters and punctuation become half-width; runs of whitespace (the
 *   ideographic space included) become one space, trimmed.
 * A name that is empty after that is refused; a personal name (a resident, a staff member, an
 * account) with emoji or other pictographs is refused with a clear message.
 */
import { z } from 'zod';
import { badRequest } from './errors';

// Tab, line feed, vertical tab, form feed and carriage return are whitespace: collapsed, not removed.
const INVISIBLE =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]|\p{Cs}/gu;
/** Emoji and other pictographs (flags are pairs of regional indicators; keycaps end in U+20E3). */
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

const INVISIBLE_ONE = new RegExp(INVISIBLE.source, 'u');

/** Does the text hold anything that `stripInvisible` removes? */
export const hasInvisible = (s: string) => INVISIBLE_ONE.test(s);

const UNCLEAN = new RegExp(`${INVISIBLE.source}|[\\s\\u00a0\\uff01-\\uff5e]`, 'u');
/** Would `cleanText` or `cleanCode` change anything but the case? (a fast path for clean cells) */
export const needsCleaning = (s: string) => UNCLEAN.test(s);

export const stripInvisible = (s: string) => s.replace(INVISIBLE, '');

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

/** One line of text: invisible characters removed, half-width, inner whitespace collapsed, trimmed. */
export const cleanText = (s: string | null | undefined): string =>
  toHalfWidth(stripInvisible(String(s ?? '')))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** Identity numbers, phone numbers, house numbers: no spaces or invisible characters inside, upper case. */
export const cleanCode = (s: string | null | undefined): string =>
  toHalfWidth(stripInvisible(String(s ?? '')))
    .replace(/[\s\u00a0]+/g, '')
    .toUpperCase();

/** Free text (a reason, a ruling, a description): invisible characters removed, lines kept, trimmed. */
export const cleanFreeText = (s: string | null | undefined): string =>
  stripInvisible(String(s ?? ''))
    .replace(/\r\n?/g, '\n')
    .trim();

export const hasPictograph = (s: string) => PICTOGRAPH.test(s);

export type NameProblem = { code: 'NAME_EMPTY' | 'NAME_PICTOGRAPH' | 'NAME_TOO_LONG'; zh: string; en: string };
export type NameCheck = { ok: true; value: string } | ({ ok: false } & NameProblem);

export const nameProblems = {
  NAME_EMPTY: (): NameProblem => ({
    code: 'NAME_EMPTY',
    zh: '名称不能为空（不可见字符不算）',
    en: 'The name is empty (invisible characters do not count)',
  }),
  NAME_PICTOGRAPH: (): NameProblem => ({
    code: 'NAME_PICTOGRAPH',
    zh: '姓名不能含表情符号或图形符号',
    en: 'A personal name cannot contain emoji or other pictographs',
  }),
  NAME_TOO_LONG: (max: number): NameProblem => ({
    code: 'NAME_TOO_LONG',
    zh: `名称最多 ${max} 个字`,
    en: `The name can be at most ${max} characters`,
  }),
};

/**
 * A name as stored: cleaned (see above), not empty, at most `max` characters; a personal name
 * (`personal`) without pictographs.
 */
export function checkName(raw: string | null | undefined, opts: { personal?: boolean; max?: number } = {}): NameCheck {
  const value = cleanText(raw);
  if (!value) return { ok: false, ...nameProblems.NAME_EMPTY() };
  if (opts.personal && hasPictograph(value)) return { ok: false, ...nameProblems.NAME_PICTOGRAPH() };
  if (opts.max !== undefined && [...value].length > opts.max)
    return { ok: false, ...nameProblems.NAME_TOO_LONG(opts.max) };
  return { ok: true, value };
}

/** A refused value in a schema: the issue carries the stable code (http/errors.ts answers it). */
function refuse(ctx: z.RefinementCtx, p: { code: string; zh: string; en: string }) {
  ctx.addIssue({ code: 'custom', message: p.en, params: { code: p.code, zh: p.zh } });
  return z.NEVER;
}

// Raw input may carry some characters that cleaning removes; the cleaned value gets the real bound.
const raw = (max: number) => z.string().max(max * 2 + 16);

/** A name field of the API: cleaned, refused when empty (NAME_EMPTY) or too long; personal: no pictographs. */
export const nameField = (max: number, opts: { personal?: boolean } = {}) =>
  raw(max).transform((s, ctx) => {
    const r = checkName(s, { ...opts, max });
    return r.ok ? r.value : refuse(ctx, r);
  });

/** An optional name (a unit's name): empty, or only invisible characters, is no name (null). */
export const optionalNameField = (max: number, opts: { personal?: boolean } = {}) =>
  raw(max)
    .nullable()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      if (s === null || cleanText(s) === '') return null;
      const r = checkName(s, { ...opts, max });
      return r.ok ? r.value : refuse(ctx, r);
    });

/** Free text of the API (a reason, a ruling): invisible characters removed, refused when empty (TEXT_EMPTY). */
export const textField = (max: number) =>
  raw(max).transform((s, ctx) => {
    const v = cleanFreeText(s);
    if (!v) return refuse(ctx, { code: 'TEXT_EMPTY', zh: '内容不能为空', en: 'The text is empty' });
    if ([...v].length > max)
      return refuse(ctx, { code: 'TEXT_TOO_LONG', zh: `最多 ${max} 个字`, en: `At most ${max} characters` });
    return v;
  });

/** For use cases (the CLI and other callers that bypass the schemas): the cleaned name, or a 400 on `field`. */
export function nameOrThrow(
  raw: string | null | undefined,
  field: string,
  opts: { personal?: boolean; max?: number } = {},
): string {
  const r = checkName(raw, opts);
  if (!r.ok) throw badRequest(r.code, r.zh, r.en, field);
  return r.value;
}

/**
 * An uploaded file's name as recorded: the last path segment only (no `../`, no drive), without
 * invisible or control characters, at most 200 characters; the fallback when nothing is left.
 */
export function safeFileName(raw: string | null | undefined, fallback: string): string {
  const base = stripInvisible(String(raw ?? ''))
    .split(/[/\\]/)
    .pop()!
    .replace(/^[a-zA-Z]:/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return base === '' || base === '.' || base === '..' ? fallback : base;
}
