/** The frame of a phone app: a title bar (back, language), the scrolling page, and big tabs at the bottom. */
import { NavBar, TabBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/auth';
import { setLang } from '../i18n';
import { switchApp } from '../lib/home';
import { isEnglish } from '../lib/lang';
import { OutboxList } from './OutboxList';

export interface Tab {
  key: string;
  title: string;
  icon: ReactNode;
}

function LangToggle() {
  const { i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  return (
    <button
      type="button"
      data-testid="m-lang"
      onClick={() => setLang(en ? 'zh-CN' : 'en')}
      style={{
        border: '1px solid #ddd',
        background: '#fff',
        borderRadius: 16,
        padding: '4px 12px',
        fontSize: 15,
        minHeight: 36,
      }}
    >
      {en ? '中文' : 'EN'}
    </button>
  );
}

/** The visible way to the console (the choice is kept). */
function ToConsole() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  return (
    <button type="button" className="wg-m-switch" data-testid="to-console" onClick={() => switchApp(me, 'console')}>
      {t('app.toConsole')}
    </button>
  );
}

export function Shell({
  title,
  back,
  tabs,
  children,
}: {
  title: ReactNode;
  back?: string;
  tabs: Tab[];
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // The longest tab path that the location starts with is the active tab.
  const active =
    [...tabs]
      .sort((a, b) => b.key.length - a.key.length)
      .find((t) => pathname === t.key || pathname.startsWith(`${t.key}/`))?.key ?? tabs[0]?.key;
  return (
    <div className="wg-m" data-testid="m-shell">
      <div className="wg-m-top">
        <NavBar
          back={back ? '' : null}
          onBack={() => back && navigate(back)}
          left={back ? undefined : <ToConsole />}
          right={<LangToggle />}
          style={{ '--height': '52px' }}
        >
          <span data-testid="m-title">{title}</span>
        </NavBar>
      </div>
      <div className="wg-m-body">
        <OutboxList />
        {children}
      </div>
      <div className="wg-m-bottom">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea={false}>
          {tabs.map((t) => (
            <TabBar.Item
              key={t.key}
              title={<span data-testid={`tab-${t.key.split('/').pop()}`}>{t.title}</span>}
              icon={t.icon}
            />
          ))}
        </TabBar>
      </div>
    </div>
  );
}
