/** Resident search and edits. Edits validate like the importer: check digit, duplicates, phone, dates. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { Gender, Relation, ResidenceStatus, Resident } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { toJsonText } from '../../lib/json';
import { nameOrThrow } from '../../lib/text';
import { offsetOf, type PageQuery } from '../../lib/paging';
import { checkIdNumber } from './idcard';
import { cleanCode, cleanText, normalizePhone } from './normalize';
import type { Scope } from '../../lib/scope';
import { presentResident } from './present';
import { activeStructureId } from './repo';
import { householdInScope, scopedHousehold, scopeWhere } from './scoped';

export async function searchResidents(
  ctx: Ctx,
  caller: Caller,
  f: PageQuery & { q?: string; tag?: string; status?: ResidenceStatus },
) {
  const village = villageOf(caller);
  const structureId = await activeStructureId(ctx.db, village.id);
  let base = ctx.db
    .selectFrom('residents')
    .innerJoin('households', 'households.id', 'residents.householdId')
    .leftJoin('assignments', (j) =>
      j.onRef('assignments.householdId', '=', 'households.id').on('assignments.structureId', '=', structureId ?? ''),
    )
    .leftJoin('nodes', 'nodes.id', 'assignments.nodeId')
    .where('residents.villageId', '=', village.id)
    .where(scopeWhere(caller.scope) as never);
  const q = cleanText(f.q);
  if (q) {
    const code = cleanCode(q);
    base = base.where((eb) =>
      eb.or([
        eb('residents.name', 'like', `${q}%`),
        eb('residents.idNumber', '=', code),
        eb('residents.phone', '=', code),
        eb('households.number', '=', code),
      ]),
    );
  }
  if (f.status) base = base.where('residents.status', '=', f.status);
  if (f.tag) base = base.where('residents.tags', 'like', `%"${f.tag.replaceAll('"', '')}"%`);
  const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await base
    .selectAll('residents')
    .select(['households.number as householdNumber', 'households.address'])
    .orderBy('residents.name')
    .orderBy('residents.id')
    .limit(f.pageSize)
    .offset(offsetOf(f))
    .execute();
  return {
    items: rows.map((r) => ({ ...presentResident(r), householdNumber: r.householdNumber, address: r.address })),
    total: Number(total),
    page: f.page,
    pageSize: f.pageSize,
  };
}

export interface ResidentInput {
  householdId: string;
  name: string;
  idNumber: string;
  gender?: Gender;
  birthDate?: string;
  phone?: string | null;
  relation: Relation;
  status: ResidenceStatus;
  tags?: string[];
}

function normalise(input: ResidentInput) {
  const idNumber = cleanCode(input.idNumber);
  const checked = checkIdNumber(idNumber);
  if (!checked.ok) {
    const msg = {
      format: ['身份证号格式不正确', 'ID number is malformed'],
      birth_date: ['身份证号中的出生日期无效', 'The birth date inside the ID number is invalid'],
      check_digit: ['身份证号校验位错误', 'The ID number check digit is wrong'],
    }[checked.problem];
    throw badRequest(
      checked.problem === 'check_digit'
        ? 'ID_CHECK_DIGIT'
        : checked.problem === 'format'
          ? 'ID_FORMAT'
          : 'ID_BIRTH_DATE',
      msg[0],
      msg[1],
      'idNumber',
    );
  }
  if (input.birthDate && input.birthDate !== checked.info.birthDate)
    throw badRequest(
      'BIRTH_DATE_MISMATCH',
      '出生日期与身份证号不符',
      'The birth date contradicts the ID number',
      'birthDate',
    );
  if (input.gender && input.gender !== checked.info.gender)
    throw badRequest('GENDER_MISMATCH', '性别与身份证号不符', 'The gender contradicts the ID number', 'gender');
  const phone = normalizePhone(input.phone);
  if (phone === 'invalid')
    throw badRequest('PHONE_FORMAT', '联系电话格式不正确', 'The phone number is malformed', 'phone');
  const name = nameOrThrow(input.name, 'name', { personal: true, max: 50 });
  return {
    name,
    idNumber,
    gender: checked.info.gender,
    birthDate: checked.info.birthDate,
    phone,
    relation: input.relation,
    status: input.status,
    tags: toJsonText(input.tags ?? []),
  };
}

async function assertRules(
  db: Executor,
  villageId: string,
  r: { householdId: string; idNumber: string; relation: Relation },
  selfId?: string,
) {
  const dup = await db
    .selectFrom('residents')
    .select('id')
    .where('villageId', '=', villageId)
    .where('idNumber', '=', r.idNumber)
    .executeTakeFirst();
  if (dup && dup.id !== selfId)
    throw conflict('DUPLICATE_ID', '该身份证号已登记', 'This ID number is already registered', 'idNumber');
  if (r.relation === 'head') {
    const head = await db
      .selectFrom('residents')
      .select('id')
      .where('householdId', '=', r.householdId)
      .where('relation', '=', 'head')
      .executeTakeFirst();
    if (head && head.id !== selfId)
      throw conflict('TWO_HEADS', '该户已有户主', 'The household already has a head', 'relation');
  }
}

const residentEvent = (type: string, id: string, household: { id: string; path: string | null }) => ({
  type,
  subjectType: 'resident',
  subjectId: id,
  householdId: household.id,
  path: household.path,
});

export async function createResident(ctx: Ctx, caller: Caller, input: ResidentInput) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const { path } = await scopedHousehold(w.trx, village.id, caller.scope, input.householdId);
    const r = normalise(input);
    await assertRules(w.trx, village.id, { householdId: input.householdId, ...r });
    const row: Resident = {
      id: newId(),
      villageId: village.id,
      householdId: input.householdId,
      ...r,
      createdAt: w.now,
      updatedAt: w.now,
    };
    await w.trx.insertInto('residents').values(row).execute();
    w.audit({
      action: 'resident.create',
      targetType: 'resident',
      targetId: row.id,
      after: presentResident(row),
      status: 201,
    });
    w.emit(residentEvent('registry.resident.created', row.id, { id: input.householdId, path }));
    return presentResident(row);
  });
}

export async function updateResident(ctx: Ctx, caller: Caller, input: ResidentInput & { residentId: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const existing = await residentInScope(w.trx, village.id, caller.scope, input.residentId);
    const { path } = await scopedHousehold(w.trx, village.id, caller.scope, input.householdId);
    const r = normalise(input);
    await assertRules(w.trx, village.id, { householdId: input.householdId, ...r }, existing.id);
    const res = await w.trx
      .updateTable('residents')
      .set({ ...r, householdId: input.householdId, updatedAt: w.now })
      .where('id', '=', existing.id)
      .where('updatedAt', '=', existing.updatedAt)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'CONCURRENT_EDIT',
        '记录已被他人修改，请刷新后重试',
        'The record was changed by someone else; reload and retry',
      );
    const after = presentResident({ ...existing, ...r, householdId: input.householdId });
    w.audit({
      action: 'resident.update',
      targetType: 'resident',
      targetId: existing.id,
      before: presentResident(existing),
      after,
      status: 200,
    });
    w.emit(residentEvent('registry.resident.updated', existing.id, { id: input.householdId, path }));
    // Moved to another household: the one left behind has changed too.
    if (existing.householdId !== input.householdId) {
      const from = await scopedHousehold(w.trx, village.id, caller.scope, existing.householdId);
      w.emit(residentEvent('registry.resident.updated', existing.id, { id: existing.householdId, path: from.path }));
    }
    return after;
  });
}

export async function residentInScope(
  db: Executor,
  villageId: string,
  scope: Scope,
  residentId: string,
): Promise<Resident> {
  const r = await db
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', residentId)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '居民', en: 'Resident' }, 'residentId');
  await householdInScope(db, villageId, scope, r.householdId).catch(() => {
    throw notFound({ zh: '居民', en: 'Resident' }, 'residentId');
  });
  return r;
}

/**
 * Full ID and phone numbers of one resident, for a caller whose post needs them. Each reveal is
 * audited: a write whose only effect is its audit row, committed before the numbers are answered.
 */
export async function revealResident(ctx: Ctx, caller: Caller, input: { residentId: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const r = await residentInScope(w.trx, village.id, caller.scope, input.residentId);
    w.audit({
      action: 'resident.reveal',
      targetType: 'resident',
      targetId: r.id,
      after: { fields: ['idNumber', 'phone'] },
      status: 200,
    });
    return { id: r.id, name: r.name, idNumber: r.idNumber, phone: r.phone };
  });
}
