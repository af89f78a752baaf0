import { cliCaller, type Caller } from '../../server/src/core/caller';
import { write } from '../../server/src/core/write';
import type { Actor } from '../../server/src/modules/access/actor';
import { everything } from '../../server/src/modules/access/scope';
import { accountFor } from '../../server/src/modules/points/accounts';
import { createRule } from '../../server/src/modules/points/catalogue';
import { ensurePoints, openPeriod } from '../../server/src/modules/points/settings';
import { createItem } from '../../server/src/modules/points/shop';
import type { TestDb } from './db';

/** A small village straight in the database: members, households, the points set up, two goods. */
export async function pointsVillage(t: TestDb, opts: { members?: number; households?: number; stock?: number } = {}) {
  const { ctx } = t;
  const now = ctx.clock.now();
  const villageId = 'v-points';
  await ctx.db
    .insertInto('villages')
    .values({ id: villageId, code: 'pts', name: '积分村', nameEn: null, placeId: null, path: '/pts/', createdAt: now })
    .execute();
  const village = await ctx.db.selectFrom('villages').selectAll().where('id', '=', villageId).executeTakeFirstOrThrow();
  const members = Array.from({ length: opts.members ?? 3 }, (_, i) => ({
    id: `m${i}`,
    villageId,
    residentId: null,
    name: `网格员${i}`,
    phone: null,
    gender: null,
    partyMember: 1,
    dutyTags: '[]',
    reserve: 0,
    createdAt: now,
  }));
  await ctx.db.insertInto('people').values(members).execute();
  const households = Array.from({ length: opts.households ?? 3 }, (_, i) => ({
    id: `h${i}`,
    villageId,
    number: `H${i}`,
    kind: 'household' as const,
    name: null,
    address: `积分村${i}号`,
    tags: '[]',
    lat: null,
    lng: null,
    createdAt: now,
    updatedAt: now,
  }));
  await ctx.db.insertInto('households').values(households).execute();
  await ensurePoints(ctx, villageId);
  const setup = cliCaller(village, 'test');
  const rule = (
    code: string,
    accountKind: 'member' | 'household',
    entryKind: 'positive' | 'bonus' | 'deduction' | 'redline',
    points: number,
  ) =>
    createRule(ctx, setup, {
      code,
      accountKind,
      entryKind,
      name: code,
      points,
      evidenceRequired: false,
      periodLimit: null,
      proposers: ['chief', 'evaluator', 'gridMember'],
      needsReview: false,
      needsPublication: true,
    });
  await rule('MP', 'member', 'positive', 40);
  await rule('MB', 'member', 'bonus', 150);
  await rule('MD', 'member', 'deduction', 60);
  await rule('MR', 'member', 'redline', 0);
  await rule('HP', 'household', 'positive', 30);
  await rule('HD', 'household', 'deduction', 25);
  const flour = await createItem(ctx, setup, { name: '面粉', price: 30, stock: opts.stock ?? 5 });
  const soap = await createItem(ctx, setup, { name: '香皂', price: 5, stock: opts.stock ?? 5 });
  const period = await openPeriod(ctx.db, villageId);
  const accounts = await write(ctx, setup, async (w) => {
    const out = {
      members: [] as Awaited<ReturnType<typeof accountFor>>[],
      households: [] as Awaited<ReturnType<typeof accountFor>>[],
    };
    for (const m of members)
      out.members.push(await accountFor(ctx, w, villageId, period.id, { kind: 'member', personId: m.id }));
    for (const h of households)
      out.households.push(await accountFor(ctx, w, villageId, period.id, { kind: 'household', householdId: h.id }));
    return out;
  });
  const chief: Actor = {
    accountId: 'acc-chief',
    kind: 'staff',
    name: '总格长',
    login: 'x',
    villageId,
    placePath: null,
    personId: 'p-chief',
    householdId: null,
    roles: ['chief'],
    posts: [],
    mustChangePassword: false,
    sessionId: null,
    csrf: null,
    tokenPolicies: null,
  };
  /** The chief making a request (as the access guard would resolve it). */
  const asChief: Caller = { ...setup, via: 'http', operator: null, actor: chief, scope: everything };
  return {
    setup,
    asChief,
    village,
    villageId,
    members,
    households,
    accounts,
    goods: { flour, soap },
    period,
    chief,
    scope: everything,
  };
}
