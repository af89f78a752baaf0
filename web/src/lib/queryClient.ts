/** The query cache of either app (console or phone), and the village the user works on. */
import { QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import { rememberVillage, storedVillage, type VillageState } from './village';

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Without signal the request still goes out: the service worker answers from its cache.
        networkMode: 'offlineFirst',
        // Client errors (4xx) will not change on retry.
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}

/** The chosen village, remembered in localStorage. */
export function useVillageState(): VillageState {
  const [village, setVillageState] = useState(storedVillage);
  return useMemo(
    () => ({
      village,
      setVillage: (code: string) => {
        rememberVillage(code);
        setVillageState(code);
      },
    }),
    [village],
  );
}
