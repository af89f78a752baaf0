/**
 * The console (antd, desktop first) and the public pages (sign-in, activation): providers (query
 * cache, antd locale and theme, village) and routes. The phone apps under /m are a separate
 * bundle (mobile/PhoneRoot), loaded by main.tsx.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthWatcher } from './console/components/AuthWatcher';
import { ConsoleLayout } from './console/components/ConsoleLayout';
import { PageLoading } from './console/components/PageLoading';
import { extensions } from './console/extensions';
import { isEnglish } from './lib/lang';
import { makeQueryClient, useVillageState } from './lib/queryClient';
import { VillageContext } from './lib/village';

const NotFoundPage = lazy(() => import('./console/pages/NotFoundPage'));
const SignInPage = lazy(() => import('./console/pages/SignInPage'));
const ActivatePage = lazy(() => import('./public/ActivatePage'));

const queryClient = makeQueryClient();

const theme = { token: { colorPrimary: '#b7312c', borderRadius: 6 } };

export function App() {
  const { i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const villageState = useVillageState();
  useEffect(() => {
    document.documentElement.lang = en ? 'en' : 'zh-CN';
  }, [en]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={en ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>
          <VillageContext.Provider value={villageState}>
            <BrowserRouter>
              <AuthWatcher />
              <Routes>
                <Route path="/sign-in" element={<Lazy el={<SignInPage />} />} />
                <Route path="/activate" element={<Lazy el={<ActivatePage />} />} />
                <Route path="/" element={<Navigate to="/console" replace />} />
                <Route path="/m/*" element={<OtherApp />} />
                <Route path="/console" element={<ConsoleLayout />}>
                  {extensions
                    .flatMap((x) => x.routes)
                    .map((r) =>
                      r.path === '' ? (
                        <Route key="" index element={<Lazy el={r.element} />} />
                      ) : (
                        <Route key={r.path} path={r.path} element={<Lazy el={r.element} />} />
                      ),
                    )}
                  <Route path="*" element={<Lazy el={<NotFoundPage />} />} />
                </Route>
                <Route path="*" element={<Lazy el={<NotFoundPage />} />} />
              </Routes>
            </BrowserRouter>
          </VillageContext.Provider>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

function Lazy({ el }: { el: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{el}</Suspense>;
}

/** A link into the phone app: load its own bundle. */
function OtherApp() {
  useEffect(() => window.location.replace(window.location.href), []);
  return <PageLoading />;
}
