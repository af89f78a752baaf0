/** i18next with the console's two languages: Chinese first, English second. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import zhCN, { type Messages as CoreMessages } from './zh-CN';
import accessEn from './access.en';
import accessZh from './access.zh-CN';
import pointsEn from './points.en';
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
    en: { translation: { ...en, access: accessEn, points: pointsEn } },
  },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* private mode */
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
