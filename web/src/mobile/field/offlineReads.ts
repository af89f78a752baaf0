/**
 * The reads a grid member needs in the field, fetched ahead while there is signal: the rule
 * catalogue, my points and proposals, and each listed household with its members and points.
 * They go through the service worker, which keeps the last answer of each for offline use.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys, pk } from '../../api/keys';
import { getHouseholdAccount, getMyPoints, getMyProposals, getRules } from '../../api/points';
import { getHousehold } from '../../api/registry';

/** At most this many requests at a time, so that the screen's own requests go first. */
const PARALLEL = 2;

export function usePrefetchForOffline(village: string, householdIds: string[]) {
  const qc = useQueryClient();
  const key = householdIds.join(',');
  useEffect(() => {
    if (!village || !navigator.onLine) return;
    let stop = false;
    const jobs: (() => Promise<unknown>)[] = [
      () => qc.prefetchQuery({ queryKey: pk.rules(village), queryFn: () => getRules(village) }),
      () => qc.prefetchQuery({ queryKey: pk.me(village), queryFn: () => getMyPoints(village) }),
      () => qc.prefetchQuery({ queryKey: pk.proposals(village), queryFn: () => getMyProposals(village) }),
      ...householdIds.flatMap((id) => [
        () => qc.prefetchQuery({ queryKey: keys.household(village, id), queryFn: () => getHousehold(village, id) }),
        () => qc.prefetchQuery({ queryKey: pk.account(village, id), queryFn: () => getHouseholdAccount(village, id) }),
      ]),
    ];
    const worker = async () => {
      for (let job = jobs.shift(); job && !stop; job = jobs.shift()) await job().catch(() => undefined);
    };
    // After the first screen has settled.
    const timer = setTimeout(() => {
      for (let i = 0; i < PARALLEL; i++) void worker();
    }, 1500);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qc, village, key]);
}
