/** Draft structures: create (cloned from another structure or empty), edit the node tree, discard. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import type { NodeKind, Structure, StructureCoverage } from '../../db/types';
import { AppError, badRequest } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { activeStructureId } from '../registry/repo';
import { getDraft, getNode, getStructure, listNodes, rootPath } from './repo';
import { childPath, freshCodes } from './rules';

export interface DraftInput {
  name: string;
  /** Structure to copy; default the active one; null for an empty tree. */
  basedOn?: string | null;
  coverage?: StructureCoverage;
  sizeMin?: number;
  sizeMax?: number;
  note?: string | null;
}

export async function createDraft(ctx: Ctx, caller: Caller, input: DraftInput) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const baseId = input.basedOn === undefined ? await activeStructureId(trx, village.id) : input.basedOn;
    const base = baseId ? await getStructure(trx, village.id, baseId) : null;
    const now = w.now;
    const sizeMin = input.sizeMin ?? base?.sizeMin ?? 15;
    const sizeMax = input.sizeMax ?? base?.sizeMax ?? 20;
    if (sizeMin > sizeMax)
      throw badRequest(
        'SIZE_BOUNDS',
        '网格户数下限不能大于上限',
        'The minimum grid size cannot exceed the maximum',
        'sizeMin',
      );
    const id = newId();
    await trx
      .insertInto('structures')
      .values({
        id,
        villageId: village.id,
        name: input.name,
        status: 'draft',
        coverage: input.coverage ?? base?.coverage ?? 'households',
        sizeMin,
        sizeMax,
        basedOn: base?.id ?? null,
        note: input.note ?? null,
        createdAt: now,
        activatedAt: null,
        retiredAt: null,
      })
      .execute();
    if (base) await cloneInto(ctx, trx, base.id, id, village.id, now);
    else {
      const rootId = newId();
      await trx
        .insertInto('nodes')
        .values({
          id: rootId,
          villageId: village.id,
          structureId: id,
          parentId: null,
          kind: 'root',
          code: 'ROOT',
          name: village.name,
          path: childPath(null, rootId),
          depth: 0,
          sort: 0,
        })
        .execute();
    }
    const created = await getStructure(trx, village.id, id);
    w.audit({
      action: 'structure.create',
      targetType: 'structure',
      targetId: id,
      after: { ...created, basedOn: base?.id ?? null },
      status: 201,
    });
    w.emit({
      type: 'structure.draft.created',
      subjectType: 'structure',
      subjectId: id,
      path: await rootPath(trx, id),
      payload: { structureId: id, basedOn: base?.id ?? null },
    });
    return created;
  });
}

async function cloneInto(ctx: Ctx, trx: Executor, fromId: string, toId: string, villageId: string, now: number) {
  const nodes = await listNodes(trx, fromId); // ordered by depth: parents first
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  const rows = nodes.map((n) => {
    const id = newId();
    ids.set(n.id, id);
    const parentId = n.parentId ? ids.get(n.parentId)! : null;
    const path = childPath(parentId ? paths.get(parentId)! : null, id);
    paths.set(id, path);
    return {
      id,
      villageId,
      structureId: toId,
      parentId,
      kind: n.kind,
      code: n.code,
      name: n.name,
      path,
      depth: n.depth,
      sort: n.sort,
    };
  });
  await insertMany(ctx.database, trx, 'nodes', rows);
  const posts = await trx
    .selectFrom('posts')
    .selectAll()
    .where('structureId', '=', fromId)
    .where('validTo', 'is', null)
    .execute();
  await insertMany(
    ctx.database,
    trx,
    'posts',
    posts.map((p) => ({
      id: newId(),
      villageId,
      structureId: toId,
      nodeId: ids.get(p.nodeId)!,
      personId: p.personId,
      role: p.role,
      validFrom: null,
      validTo: null,
      createdAt: now,
    })),
  );
  const assignments = await trx
    .selectFrom('assignments')
    .select(['householdId', 'nodeId'])
    .where('structureId', '=', fromId)
    .execute();
  await insertMany(
    ctx.database,
    trx,
    'assignments',
    assignments.map((a) => ({ structureId: toId, householdId: a.householdId, villageId, nodeId: ids.get(a.nodeId)! })),
  );
}

export async function discardDraft(ctx: Ctx, caller: Caller, input: { structureId: string }) {
  const village = villageOf(caller);
  const { structureId } = input;
  await write(ctx, caller, async (w) => {
    const trx = w.trx;
    const draft = await getDraft(trx, village.id, structureId);
    const path = await rootPath(trx, structureId);
    await trx.deleteFrom('posts').where('structureId', '=', structureId).execute();
    await trx.deleteFrom('assignments').where('structureId', '=', structureId).execute();
    await trx.deleteFrom('nodes').where('structureId', '=', structureId).execute();
    await trx.deleteFrom('structures').where('id', '=', structureId).execute();
    w.audit({
      action: 'structure.discard',
      targetType: 'structure',
      targetId: structureId,
      before: draft,
      status: 204,
    });
    w.emit({
      type: 'structure.draft.discarded',
      subjectType: 'structure',
      subjectId: structureId,
      path,
      payload: { structureId },
    });
  });
}

export const codePrefix: Record<NodeKind, string> = { root: 'ROOT', zone: 'Z', patch: 'P', grid: 'G' };

async function nextCode(trx: Executor, structureId: string, kind: NodeKind): Promise<string> {
  const codes = await trx.selectFrom('nodes').select('code').where('structureId', '=', structureId).execute();
  return freshCodes(
    codes.map((c) => c.code),
    codePrefix[kind],
    1,
  )[0];
}

async function assertCodeFree(trx: Executor, structureId: string, code: string, except?: string) {
  const hit = await trx
    .selectFrom('nodes')
    .select('id')
    .where('structureId', '=', structureId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (hit && hit.id !== except)
    throw new AppError(
      409,
      'CODE_TAKEN',
      `编号 ${code} 已被使用`,
      `Code ${code} is already used in this structure`,
      'code',
    );
}

export interface NodeInput {
  parentId: string;
  kind: Exclude<NodeKind, 'root'>;
  name: string;
  code?: string;
}

const nodeEvent = (type: string, node: { id: string; structureId: string; path: string }) => ({
  type,
  subjectType: 'node',
  subjectId: node.id,
  path: node.path,
  payload: { structureId: node.structureId, nodeId: node.id },
});

export async function addNode(ctx: Ctx, caller: Caller, input: NodeInput & { structureId: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const node = await insertNode(w.trx, await getDraft(w.trx, village.id, input.structureId), input);
    w.audit({ action: 'structure.node.add', targetType: 'node', targetId: node.id, after: node, status: 201 });
    w.emit(nodeEvent('structure.node.added', node));
    return node;
  });
}

/** Add a node under a parent of a draft, inside the caller's transaction. */
export async function insertNode(trx: Executor, s: Structure, input: NodeInput) {
  const parent = await getNode(trx, s.id, input.parentId);
  if (parent.kind === 'grid')
    throw badRequest('PARENT_IS_GRID', '网格下不能再建下级节点', 'A grid cannot have child nodes', 'parentId');
  const code = input.code ?? (await nextCode(trx, s.id, input.kind));
  await assertCodeFree(trx, s.id, code);
  const sibling = await trx
    .selectFrom('nodes')
    .select((eb) => eb.fn.max('sort').as('m'))
    .where('parentId', '=', parent.id)
    .executeTakeFirst();
  const id = newId();
  const node = {
    id,
    villageId: s.villageId,
    structureId: s.id,
    parentId: parent.id,
    kind: input.kind,
    code,
    name: input.name,
    path: childPath(parent.path, id),
    depth: parent.depth + 1,
    sort: Number(sibling?.m ?? 0) + 1,
  };
  await trx.insertInto('nodes').values(node).execute();
  return node;
}

export async function updateNode(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; nodeId: string; name?: string; code?: string },
) {
  const village = villageOf(caller);
  const { structureId, nodeId } = input;
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    await getDraft(trx, village.id, structureId);
    const node = await getNode(trx, structureId, nodeId);
    if (input.code && input.code !== node.code) await assertCodeFree(trx, structureId, input.code, node.id);
    await trx
      .updateTable('nodes')
      .set({ name: input.name ?? node.name, code: input.code ?? node.code })
      .where('id', '=', node.id)
      .execute();
    const after = await getNode(trx, structureId, nodeId);
    w.audit({
      action: 'structure.node.update',
      targetType: 'node',
      targetId: node.id,
      before: { code: node.code, name: node.name },
      after: { code: after.code, name: after.name },
      status: 200,
    });
    w.emit(nodeEvent('structure.node.updated', after));
    return after;
  });
}

export async function deleteNode(ctx: Ctx, caller: Caller, input: { structureId: string; nodeId: string }) {
  const village = villageOf(caller);
  const { structureId, nodeId } = input;
  await write(ctx, caller, async (w) => {
    const trx = w.trx;
    await getDraft(trx, village.id, structureId);
    const node = await getNode(trx, structureId, nodeId);
    if (node.kind === 'root')
      throw badRequest('ROOT_NODE', '根节点不能删除', 'The root node cannot be deleted', 'nodeId');
    const child = await trx.selectFrom('nodes').select('id').where('parentId', '=', node.id).executeTakeFirst();
    const hh = await trx
      .selectFrom('assignments')
      .select('householdId')
      .where('nodeId', '=', node.id)
      .executeTakeFirst();
    if (child || hh)
      throw new AppError(
        409,
        'NODE_NOT_EMPTY',
        '节点下还有下级节点或住户，请先移走',
        'The node still has child nodes or households; move them first',
        'nodeId',
      );
    await trx.deleteFrom('posts').where('nodeId', '=', node.id).execute();
    await trx.deleteFrom('nodes').where('id', '=', node.id).execute();
    w.audit({ action: 'structure.node.delete', targetType: 'node', targetId: node.id, before: node, status: 204 });
    w.emit(nodeEvent('structure.node.deleted', node));
  });
}
