/** Villages, households and units, residents, people (server/src/modules/registry/routes.ts). */
import { api, enc, villagePath as v } from './client';
import type { HouseholdSearch } from './keys';
import type { HouseholdPage, HouseholdRow, OwnHouseholdPage, Overview, Paged, Person, Village } from './types';

export const getVillages = () => api<{ items: Village[] }>('/villages').then((r) => r.items);
export const getOverview = (village: string) => api<Overview>(v(village));
export const searchHouseholds = (village: string, f: HouseholdSearch) =>
  api<Paged<HouseholdRow>>(`${v(village)}/households`, {
    query: {
      q: f.q,
      kind: f.kind,
      node: f.node,
      withoutGrid: f.withoutGrid ? '1' : undefined,
      page: f.page ?? 1,
      pageSize: f.pageSize ?? 20,
    },
  });
/** The household page: staff get the whole page, a villager their own household with fewer fields. */
export const getHousehold = (village: string, id: string) =>
  api<HouseholdPage | OwnHouseholdPage>(`${v(village)}/households/${enc(id)}`);
export const isOwnHousehold = (p: HouseholdPage | OwnHouseholdPage): p is OwnHouseholdPage => 'gridMembers' in p;

/** Every household and unit of the village (pages of 500). */
export async function allHouseholds(village: string): Promise<HouseholdRow[]> {
  const out: HouseholdRow[] = [];
  for (let page = 1; ; page++) {
    const r = await searchHouseholds(village, { page, pageSize: 500 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

export const listPeople = (village: string, f: { q?: string; unposted?: boolean; reserve?: boolean }) =>
  api<{ items: Person[] }>(`${v(village)}/people`, {
    query: {
      q: f.q,
      unposted: f.unposted ? '1' : undefined,
      reserve: f.reserve === undefined ? undefined : f.reserve ? '1' : '0',
    },
  }).then((r) => r.items);
