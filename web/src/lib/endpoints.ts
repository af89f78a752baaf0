/** Typed calls of the server API and their TanStack Query keys. */
import { api, apiUrl } from './api';
import type {
  ActivateResult,
  HouseholdKind,
  HouseholdPage,
  HouseholdRow,
  ImportReport,
  Overview,
  Paged,
  Person,
  Role,
  Structure,
  StructureDiff,
  StructureListItem,
  StructureTree,
  TreeNode,
  ValidationReport,
  Village,
} from './types';

const v = (village: string) => `/villages/${encodeURIComponent(village)}`;
const s = (village: string, structureId: string) => `${v(village)}/structures/${encodeURIComponent(structureId)}`;

export interface HouseholdSearch {
  q?: string;
  kind?: HouseholdKind;
  node?: string;
  page?: number;
  pageSize?: number;
}

export const keys = {
  villages: ['villages'] as const,
  overview: (village: string) => ['overview', village] as const,
  tree: (village: string, structureId: string) => ['tree', village, structureId] as const,
  households: (village: string, f: HouseholdSearch) => ['households', village, f] as const,
  allHouseholds: (village: string) => ['households', village, 'all'] as const,
  household: (village: string, id: string) => ['household', village, id] as const,
  structures: (village: string) => ['structures', village] as const,
  validation: (village: string, structureId: string) => ['validation', village, structureId] as const,
  diff: (village: string, from: string, to: string) => ['diff', village, from, to] as const,
  people: (village: string, f: object) => ['people', village, f] as const,
};

export const getVillages = () => api<{ items: Village[] }>('/villages').then((r) => r.items);
export const getOverview = (village: string) => api<Overview>(v(village));
export const getTree = (village: string, structureId: string) => api<StructureTree>(s(village, structureId));
export const searchHouseholds = (village: string, f: HouseholdSearch) =>
  api<Paged<HouseholdRow>>(`${v(village)}/households`, {
    query: { q: f.q, kind: f.kind, node: f.node, page: f.page ?? 1, pageSize: f.pageSize ?? 20 },
  });
export const getHousehold = (village: string, id: string) =>
  api<HouseholdPage>(`${v(village)}/households/${encodeURIComponent(id)}`);

/** Every household and unit of the village (pages of 500). */
export async function allHouseholds(village: string): Promise<HouseholdRow[]> {
  const out: HouseholdRow[] = [];
  for (let page = 1; ; page++) {
    const r = await searchHouseholds(village, { page, pageSize: 500 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

export const listStructures = (village: string) =>
  api<{ items: StructureListItem[] }>(`${v(village)}/structures`).then((r) => r.items);
export const createDraft = (village: string, body: { name: string; basedOn?: string | null; note?: string | null }) =>
  api<Structure>(`${v(village)}/structures`, { method: 'POST', body });
export const discardDraft = (village: string, id: string) => api<void>(s(village, id), { method: 'DELETE' });
export const getValidation = (village: string, id: string) => api<ValidationReport>(`${s(village, id)}/validation`);
export const getDiff = (village: string, from: string, to: string) =>
  api<StructureDiff>(`${v(village)}/structures/diff`, { query: { from, to } });
export const activateStructure = (village: string, id: string) =>
  api<ActivateResult>(`${s(village, id)}/activate`, { method: 'POST' });

export const addNode = (
  village: string,
  id: string,
  body: { parentId: string; kind: 'zone' | 'patch' | 'grid'; name: string; code?: string },
) => api<TreeNode>(`${s(village, id)}/nodes`, { method: 'POST', body });
export const updateNode = (village: string, id: string, nodeId: string, body: { name?: string; code?: string }) =>
  api<TreeNode>(`${s(village, id)}/nodes/${encodeURIComponent(nodeId)}`, { method: 'PATCH', body });
export const deleteNode = (village: string, id: string, nodeId: string) =>
  api<void>(`${s(village, id)}/nodes/${encodeURIComponent(nodeId)}`, { method: 'DELETE' });
export const moveHouseholds = (village: string, id: string, body: { householdIds: string[]; toNodeId: string }) =>
  api<{ moved: number }>(`${s(village, id)}/moves`, { method: 'POST', body });
export const splitGrid = (
  village: string,
  id: string,
  body: { nodeId: string; householdIds: string[]; name: string; code?: string },
) => api<TreeNode>(`${s(village, id)}/split`, { method: 'POST', body });
export const mergeGrids = (village: string, id: string, body: { nodeIds: string[]; name?: string }) =>
  api<TreeNode>(`${s(village, id)}/merge`, { method: 'POST', body });
export const appoint = (village: string, id: string, body: { nodeId: string; personId: string; role: Role }) =>
  api<unknown>(`${s(village, id)}/posts`, { method: 'POST', body });
export const replacePost = (village: string, id: string, postId: string, personId: string) =>
  api<unknown>(`${s(village, id)}/posts/${encodeURIComponent(postId)}/replace`, { method: 'POST', body: { personId } });
export const endPost = (village: string, id: string, postId: string) =>
  api<void>(`${s(village, id)}/posts/${encodeURIComponent(postId)}`, { method: 'DELETE' });

export const listPeople = (village: string, f: { q?: string; unposted?: boolean; reserve?: boolean }) =>
  api<{ items: Person[] }>(`${v(village)}/people`, {
    query: {
      q: f.q,
      unposted: f.unposted ? '1' : undefined,
      reserve: f.reserve === undefined ? undefined : f.reserve ? '1' : '0',
    },
  }).then((r) => r.items);

export function importFile(village: string, file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<ImportReport>(`${v(village)}/import`, { method: 'POST', query: { dryRun: String(dryRun) }, body: form });
}

export const templateUrl = (format: 'xlsx' | 'csv') => apiUrl(`/import/template.${format}`);
export const exportUrl = (village: string, what: 'roster' | 'assignments') =>
  apiUrl(`${v(village)}/export/${what}.xlsx`);
