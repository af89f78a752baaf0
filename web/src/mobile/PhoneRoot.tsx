/**
 * The phone apps' own entry (no antd console components): query cache, village, router, the
 * service worker (offline app shell and reads) and the outbox of field writes.
 */
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { authEvents } from '../api/client';
import { makeQueryClient, useVillageState } from '../lib/queryClient';
import { VillageContext } from '../lib/village';
import MobileApp from './MobileApp';
import { startOutbox } from './outboxSenders';
import { registerServiceWorker } from './serviceWorker';
import { Loading } from './common';

const queryClient = makeQueryClient();

registerServiceWorker();
startOutbox(queryClient);

export function App() {
  const villageState = useVillageState();
  return (
    <QueryClientProvider client={queryClient}>
      <VillageContext.Provider value={villageState}>
        <BrowserRouter>
          <SessionLost />
          <Routes>
            <Route path="/m/*" element={<MobileApp />} />
            <Route path="*" element={<OtherApp />} />
          </Routes>
        </BrowserRouter>
      </VillageContext.Provider>
    </QueryClientProvider>
  );
}

/** A page of the console or the sign-in page: load that bundle. */
function OtherApp() {
  useEffect(() => window.location.replace(window.location.href), []);
  return <Loading />;
}

/** When a request finds the session gone (401): forget cached data and sign in again. */
function SessionLost() {
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(() => {
    const onLost = () => {
      qc.clear();
      window.location.replace(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    };
    authEvents.addEventListener('unauthenticated', onLost);
    return () => authEvents.removeEventListener('unauthenticated', onLost);
  }, [location, qc]);
  return null;
}
