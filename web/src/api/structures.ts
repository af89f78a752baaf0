/** Versioned grid structures: drafts, nodes, moves, posts, validation, activation (server/src/modules/structures/routes.ts). */
import { api, enc, villagePath as v } from './client';
import type {
  ActivateResult,
  AddNodeBody,
  AppointBody,
  CreateDraftBody,
  MergeBody,
  MoveBody,
  SplitBody,
  UpdateNodeBody,
  Post,
  Structure,
  StructureDiff,
  StructureListItem,
  StructureNode,
  StructureTree,
  ValidationReport,
} from './types';

const s = (village: string, structureId: string) => `${v(village)}/structures/${enc(structureId)}`;

export const getTree = (village: string, structureId: string) => api<StructureTree>(s(village, structureId));
export const listStructures = (village: string) =>
  api<{ items: StructureListItem[] }>(`${v(village)}/structures`).then((r) => r.items);
export const createDraft = (village: string, body: CreateDraftBody) =>
  api<Structure>(`${v(village)}/structures`, { method: 'POST', body });
export const discardDraft = (village: string, id: string) => api<void>(s(village, id), { method: 'DELETE' });
export const getValidation = (village: string, id: string) => api<ValidationReport>(`${s(village, id)}/validation`);
export const getDiff = (village: string, from: string, to: string) =>
  api<StructureDiff>(`${v(village)}/structures/diff`, { query: { from, to } });
export const activateStructure = (village: string, id: string) =>
  api<ActivateResult>(`${s(village, id)}/activate`, { method: 'POST' });

export const addNode = (village: string, id: string, body: AddNodeBody) =>
  api<StructureNode>(`${s(village, id)}/nodes`, { method: 'POST', body });
export const updateNode = (village: string, id: string, nodeId: string, body: UpdateNodeBody) =>
  api<StructureNode>(`${s(village, id)}/nodes/${enc(nodeId)}`, { method: 'PATCH', body });
export const deleteNode = (village: string, id: string, nodeId: string) =>
  api<void>(`${s(village, id)}/nodes/${enc(nodeId)}`, { method: 'DELETE' });
export const moveHouseholds = (village: string, id: string, body: MoveBody) =>
  api<{ moved: number }>(`${s(village, id)}/moves`, { method: 'POST', body });
export const splitGrid = (village: string, id: string, body: SplitBody) =>
  api<StructureNode>(`${s(village, id)}/split`, { method: 'POST', body });
export const mergeGrids = (village: string, id: string, body: MergeBody) =>
  api<StructureNode>(`${s(village, id)}/merge`, { method: 'POST', body });
export const appoint = (village: string, id: string, body: AppointBody) =>
  api<Post>(`${s(village, id)}/posts`, { method: 'POST', body });
export const replacePost = (village: string, id: string, postId: string, personId: string) =>
  api<Post>(`${s(village, id)}/posts/${enc(postId)}/replace`, { method: 'POST', body: { personId } });
export const endPost = (village: string, id: string, postId: string) =>
  api<void>(`${s(village, id)}/posts/${enc(postId)}`, { method: 'DELETE' });
