/**
 * i18next with the apps' two languages: Chinese first (in the first download), English second
 * (loaded when chosen, so a phone on a weak signal does not download it).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN, { type Messages as CoreMessages } from './zh-CN';
import accessZh from './access.zh-CN';
import pointsZh from './points.zh-CN';

/** The core texts plus one namespace-like key per area (t('points.…'), t('access.…')). */
export type Messages = CoreMessages & { access: typeof accessZh; points: typeof pointsZh };

export type Lang = 'zh-CN' | 'en';
export const LANG_KEY = 'wangge.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, access: accessZh, points: pointsZh } },
  },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

let english: Promise<void> | null = null;

/** The English texts, fetched once. */
function loadEnglish(): Promise<void> {
  english ??= Promise.all([import('./en'), import('./access.en'), import('./points.en')]).then(([a, b, c]) => {
    i18n.addResourceBundle('en', 'translation', { ...a.default, access: b.default, points: c.default });
  });
  return english;
}

/** Resolved when the stored language's texts are there (render after it). */
export const i18nReady: Promise<unknown> =
  storedLang() === 'en' ? loadEnglish().then(() => i18n.changeLanguage('en')) : Promise.resolve();

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* private mode */
  }
  document.documentElement.lang = lang;
  void (lang === 'en' ? loadEnglish() : Promise.resolve()).then(() => i18n.changeLanguage(lang));
}

export default i18n;
