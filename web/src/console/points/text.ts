/** Showing the server's points texts: "中文 / English" names, signed amounts, entry explanations. */
import type { TFunction } from 'i18next';
import type { Entry, EntryKind, Rule } from '../../api/types';
import { isEnglish } from '../../lib/lang';

const CJK = /[\u3400-\u9fff]/;

/**
 * Rule names, goods and system reasons are written "中文 / English": show the current language's
 * half. "异议成立冲正 / reversed on objection: <ruling>" keeps the ruling (typed once) in both.
 * Free text (a grid member's reason) is shown as written.
 */
export function bi(text: string | null | undefined, lang: string): string {
  if (!text) return '';
  // "中文 / English" (some names have no space before the slash: "（…）/ English").
  const m = / ?\/ /.exec(text);
  if (!m) return text;
  const zh = text.slice(0, m.index);
  const en = text.slice(m.index + m[0].length);
  const c = en.indexOf(': ');
  // The English half is English up to a ruling (": …"); otherwise this is free text with a slash.
  if (!CJK.test(zh) || !/^[A-Za-z]/.test(en) || CJK.test(c >= 0 ? en.slice(0, c) : en)) return text;
  if (isEnglish(lang)) return en.charAt(0).toUpperCase() + en.slice(1);
  return c >= 0 ? `${zh}：${en.slice(c + 2)}` : zh;
}

/** The item of a shop entry ("兑换 香皂 / soap / redeemed 香皂 / soap"), in the current language. */
export function redeemedItem(reason: string, lang: string): string | null {
  const m = /^兑换 (.*) \/ redeemed (.*)$/.exec(reason);
  return m ? bi(m[1], lang) : null;
}

/** +5, −3, 0 (a real minus sign, readable at a glance). */
export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

export const amountClass = (n: number) => (n > 0 ? 'plus' : n < 0 ? 'minus' : 'zero');

/** Entries that move "available to spend" only, not "earned this year". */
export const isShopEntry = (k: EntryKind) => k === 'redemption' || k === 'redemption_cancel';

/** Still open for objection: published (or already disputed) and inside the publication period. */
export const objectable = (e: { status: string; publishedUntil: number | null }, now = Date.now()) =>
  (e.status === 'published' || e.status === 'disputed') && (e.publishedUntil ?? 0) > now;

/** What an entry's line says: the rule's name, else what the kind of entry means. */
export function entryTitle(
  e: Pick<Entry, 'kind' | 'ruleName' | 'reason'>,
  lang: string,
  kindLabel: (k: EntryKind) => string,
): string {
  if (e.kind === 'redemption' || e.kind === 'redemption_cancel') {
    const item = redeemedItem(e.reason, lang);
    return item ? `${kindLabel(e.kind)} · ${item}` : kindLabel(e.kind);
  }
  if (e.kind === 'reversal') return e.ruleName ? `${kindLabel(e.kind)} · ${bi(e.ruleName, lang)}` : kindLabel(e.kind);
  return e.ruleName ? bi(e.ruleName, lang) : kindLabel(e.kind);
}

/** A rule's amount, signed by its kind (null for a red line, which zeroes the balance). */
export const ruleAmount = (r: Pick<Rule, 'entryKind' | 'points'>) =>
  r.entryKind === 'redline' ? null : signed((r.entryKind === 'deduction' ? -1 : 1) * r.points);

/** A rule's conditions in words: evidence, yearly limit, review, publication. */
export const ruleConditions = (
  r: Pick<Rule, 'evidenceRequired' | 'periodLimit' | 'needsReview' | 'needsPublication'>,
  t: TFunction,
) =>
  [
    r.evidenceRequired ? t('points.rules.evidenceRequired') : null,
    r.periodLimit ? t('points.rules.limitN', { n: r.periodLimit }) : null,
    r.needsReview ? t('points.rules.needsReview') : t('points.rules.noReview'),
    r.needsPublication ? t('points.rules.needsPublication') : null,
  ]
    .filter(Boolean)
    .join(' · ');
