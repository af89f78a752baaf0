/**
 * Which households each grid of a structure holds.
 *
 * API gap: GET /villages/:v/households?node= only accepts nodes of the *active* structure, and no
 * endpoint lists a draft's assignments. So the client reconstructs them: every household with its
 * grid in the active structure (households search, pages of 500), corrected by the diff from the
 * active structure to this one (a household "moved" when its grid code differs). Nodes are
 * matched by code, exactly as the server's diff does.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { keys } from '../../api/keys';
import { allHouseholds } from '../../api/registry';
import { getDiff } from '../../api/structures';
import type { HouseholdRow } from '../../api/types';

export interface GridHouseholds {
  /** Grid code → its households, ordered by number. */
  byCode: Map<string, HouseholdRow[]>;
  isLoading: boolean;
  error: unknown;
}

export function useGridHouseholds(
  village: string,
  structureId: string,
  isActive: boolean,
  hasActive: boolean,
): GridHouseholds {
  const all = useQuery({
    queryKey: keys.allHouseholds(village),
    queryFn: () => allHouseholds(village),
    staleTime: 60_000,
  });
  const diff = useQuery({
    queryKey: keys.diff(village, 'active', structureId),
    queryFn: () => getDiff(village, 'active', structureId),
    enabled: !isActive && hasActive,
  });
  const byCode = useMemo(() => {
    const m = new Map<string, HouseholdRow[]>();
    if (!all.data) return m;
    const moved = new Map((diff.data?.householdsMoved ?? []).map((x) => [x.householdId, x.to?.code ?? null]));
    for (const h of all.data) {
      const code = moved.has(h.id) ? moved.get(h.id)! : hasActive ? (h.grid?.code ?? null) : null;
      if (!code) continue;
      if (!m.has(code)) m.set(code, []);
      m.get(code)!.push(h);
    }
    return m;
  }, [all.data, diff.data, hasActive]);
  return {
    byCode,
    isLoading: all.isLoading || (!isActive && hasActive && diff.isLoading),
    error: all.error ?? diff.error,
  };
}
