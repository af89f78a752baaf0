/** 中文 / English, remembered in localStorage. */
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../../i18n';
import { isEnglish } from '../../lib/lang';

export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Lang>
      size="small"
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      value={isEnglish(i18n.language) ? 'en' : 'zh-CN'}
      onChange={setLang}
      options={[
        { label: t('lang.zh'), value: 'zh-CN' },
        { label: t('lang.en'), value: 'en' },
      ]}
    />
  );
}
