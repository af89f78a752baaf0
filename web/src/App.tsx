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
import { ApiError, isEnglish } from './lib/api';
import { rememberVillage, storedVillage, VillageContext } from './lib/village';

const OverviewPage = lazy(() => import('./console/pages/OverviewPage'));
const HouseholdsPage = lazy(() => import('./console/pages/HouseholdsPage'));
const HouseholdPage = lazy(() => import('./console/pages/HouseholdPage'));
const StructuresPage = lazy(() => import('./console/pages/StructuresPage'));
const StructureEditorPage = lazy(() => import('./console/pages/StructureEditorPage'));
const ImportPage = lazy(() => import('./console/pages/ImportPage'));
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
                  <Route index element={<Lazy el={<OverviewPage />} />} />
                  <Route path="households" element={<Lazy el={<HouseholdsPage />} />} />
                  <Route path="households/:householdId" element={<Lazy el={<HouseholdPage />} />} />
                  <Route path="structures" element={<Lazy el={<StructuresPage />} />} />
                  <Route path="structures/:structureId" element={<Lazy el={<StructureEditorPage />} />} />
                  <Route path="import" element={<Lazy el={<ImportPage />} />} />
                  {extensions
                    .flatMap((x) => x.routes)
                    .map((r) => (
                      <Route key={r.path} path={r.path} element={<Lazy el={r.element} />} />
                    ))}
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
