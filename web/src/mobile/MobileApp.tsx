/** The phone apps (antd-mobile) under /m: the grid member's field app and the villager's app. */
import './setup';
import './mobile.css';
import { Button, ConfigProvider, ErrorBlock } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../api/types';
import { phoneHome } from '../lib/home';
import { setOutboxAccount } from '../lib/outbox';
import { isEnglish } from '../lib/lang';
import { useSession } from '../lib/session';
import { useLiveEvents } from '../lib/useLiveEvents';
import { Loading, LoadError } from './common';

const FieldApp = lazy(() => import('./field/FieldApp'));
const VillagerApp = lazy(() => import('./villager/VillagerApp'));

export default function MobileApp() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.classList.add('wg-m-root');
    return () => document.documentElement.classList.remove('wg-m-root');
  }, []);
  return (
    <ConfigProvider locale={isEnglish(i18n.language) ? enUS : zhCN}>
      <Gate />
    </ConfigProvider>
  );
}

function Gate() {
  const { t } = useTranslation();
  const { me, signIn } = useSession();
  useLiveEvents(me.data); // my proposals, my household's points and the board update live
  const account = me.data?.account.id ?? null;
  useEffect(() => setOutboxAccount(account), [account]); // my saved writes: listed, and sent again

  if (me.isLoading) return <Loading />;
  if (signIn) return <Navigate to={signIn} replace />;
  if (me.error || !me.data) return <LoadError error={me.error} onRetry={() => me.refetch()} />;
  const data = me.data as Me;
  const home = phoneHome(data);
  if (data.mustChangePassword || !home) {
    return (
      <ErrorBlock
        status="empty"
        title={data.mustChangePassword ? t('auth.mustChange') : t('points.m.noApp')}
        description={data.account.name}
        fullPage
      >
        <Button color="primary" size="large" onClick={() => window.location.assign('/console')}>
          {t('points.m.toConsole')}
        </Button>
      </ErrorBlock>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="field/*" element={home === '/m/field' ? <FieldApp me={data} /> : <Navigate to={home} replace />} />
        <Route
          path="home/*"
          element={home === '/m/home' ? <VillagerApp me={data} /> : <Navigate to={home} replace />}
        />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Routes>
    </Suspense>
  );
}
