import { isEnglish } from './lang';

/** A date (and optionally time) in China time, formatted for the current language. */
export function formatDate(ms: number | null | undefined, lang: string, withTime = false): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(isEnglish(lang) ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(new Date(ms));
}

export const formatNumber = (n: number, lang: string) =>
  new Intl.NumberFormat(isEnglish(lang) ? 'en-US' : 'zh-CN').format(n);
