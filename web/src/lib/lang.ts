/** Which language the interface speaks, and picking the zh or en text of anything bilingual. */
import i18n from '../i18n';

export const isEnglish = (lang: string | undefined) => !!lang && lang.toLowerCase().startsWith('en');

/** Pick the zh or en text of anything bilingual (errors, violations, import problems). */
export const localized = (m: { zh: string; en: string }, lang: string = i18n.language) =>
  isEnglish(lang) ? m.en : m.zh;
