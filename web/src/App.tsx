/** Providers (query cache, antd locale and theme, village) and the routes of the web app. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthWatcher } from './console/components/AuthWatcher';
import { ConsoleLayout } from './console/components/ConsoleLayout';
import { PageLoading } from './console/components/PageLoading';
import { extensions } from './console/extensions';
import { ApiError } from './api/client';
import { isEnglish } from './lib/lang';
import { rememberVillage, storedVillage, VillageContext } from './lib/village';

const NotFoundPage = lazy(() => import('./console/pages/NotFoundPage'));
const SignInPage = lazy(() => import('./console/pages/SignInPage'));
const ActivatePage = lazy(() => import('./public/ActivatePage'));
const MobileApp = lazy(() => import('./mobile/MobileApp'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change on retry.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

const theme = { token: { colorPrimary: '#b7312c', borderRadius: 6 } };

export function App() {
  const { i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const [village, setVillageState] = useState(storedVillage);
  const villageState = useMemo(
    () => ({
      village,
      setVillage: (code: string) => {
        rememberVillage(code);
        setVillageState(code);
      },
    }),
    [village],
  );
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
                <Route path="/m/*" element={<Lazy el={<MobileApp />} />} />
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
