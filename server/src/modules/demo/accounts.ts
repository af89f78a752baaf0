/**
 * Demo sign-ins: every staff member with a phone, one villager household and two officials, all
 * with the same demo password (hashed once). Returned so the server can print them at start.
 */
import type { Ctx } from '../../context';
import { insertMany } from '../../db/bulk';
import type { Role } from '../../db/types';
import { newId } from '../../lib/ids';
import { hashPassword } from '../access/passwords';

export const DEMO_PASSWORD = 'wangge2026';

export interface DemoLogin {
  who: string;
  role: Role | 'villager' | 'townOfficial' | 'districtOfficial';
  login: string;
  name: string;
}

export async function createDemoAccounts(ctx: Ctx, villageCode = 'dahuashan'): Promise<DemoLogin[]> {
  const village = await ctx.db
    .selectFrom('villages')
    .selectAll()
    .where('code', '=', villageCode)
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const base = {
    mustChangePassword: 0,
    status: 'active' as const,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
    passwordHash,
  };
  const people = await ctx.db
    .selectFrom('people')
    .select(['id', 'name', 'phone'])
    .where('villageId', '=', village.id)
    .where('phone', 'is not', null)
    .execute();
  const staff = people.map((p) => ({
    id: newId(),
    kind: 'staff' as const,
    login: p.phone!,
    displayName: p.name,
    villageId: village.id,
    personId: p.id,
    householdId: null,
    placeId: null,
    ...base,
  }));

  const head = await ctx.db
    .selectFrom('residents')
    .innerJoin('households', 'households.id', 'residents.householdId')
    .select(['residents.name', 'residents.phone', 'households.id as householdId', 'households.number'])
    .where('residents.villageId', '=', village.id)
    .where('residents.relation', '=', 'head')
    .where('residents.phone', 'is not', null)
    .orderBy('households.number')
    .executeTakeFirstOrThrow();
  const taken = new Set(staff.map((s) => s.login));
  const villagerLogin = taken.has(head.phone!) ? '13700000001' : head.phone!;
  const villager = {
    id: newId(),
    kind: 'villager' as const,
    login: villagerLogin,
    displayName: head.name,
    villageId: village.id,
    personId: null,
    householdId: head.householdId,
    placeId: null,
    ...base,
  };

  const places = await ctx.db.selectFrom('places').select(['id', 'kind', 'name']).execute();
  const town = places.find((p) => p.kind === 'town');
  const district = places.find((p) => p.kind === 'district');
  const officials = [
    ...(town
      ? [
          {
            id: newId(),
            kind: 'official' as const,
            login: '13900000001',
            displayName: `${town.name}干部`,
            villageId: null,
            personId: null,
            householdId: null,
            placeId: town.id,
            ...base,
          },
        ]
      : []),
    ...(district
      ? [
          {
            id: newId(),
            kind: 'official' as const,
            login: '13900000002',
            displayName: `${district.name}干部`,
            villageId: null,
            personId: null,
            householdId: null,
            placeId: district.id,
            ...base,
          },
        ]
      : []),
  ];
  await ctx.db.transaction().execute(async (trx) => {
    await insertMany(ctx.database, trx, 'accounts', [...staff, villager, ...officials]);
  });

  // One example of each post, from the active structure.
  const posts = await ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('people', 'people.id', 'posts.personId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .select(['posts.role', 'people.name', 'people.phone', 'nodes.code'])
    .where('structures.villageId', '=', village.id)
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .where('people.phone', 'is not', null)
    .orderBy('nodes.code')
    .execute();
  const example = (role: Role, who: string): DemoLogin[] => {
    const p = posts.find((x) => x.role === role);
    return p ? [{ who: `${who} ${p.code}`, role, login: p.phone!, name: p.name }] : [];
  };
  const reserve = await ctx.db
    .selectFrom('people')
    .select(['name', 'phone'])
    .where('villageId', '=', village.id)
    .where('reserve', '=', 1)
    .where('phone', 'is not', null)
    .orderBy('name')
    .executeTakeFirst();
  return [
    ...example('chief', '总格长 general grid leader'),
    ...example('branchLeader', '分支长 branch leader'),
    ...example('gridLeader', '网格长 grid leader'),
    ...example('gridMember', '网格员 grid member'),
    ...example('evaluator', '积分评定员 evaluator'),
    ...(reserve
      ? [{ who: '后备人员 reserve', role: 'reserve' as const, login: reserve.phone!, name: reserve.name }]
      : []),
    { who: `村民 villager ${head.number}`, role: 'villager', login: villagerLogin, name: head.name },
    ...officials.map((o) => ({
      who: o.placeId === town?.id ? '镇干部 town official' : '区干部 district official',
      role: (o.placeId === town?.id ? 'townOfficial' : 'districtOfficial') as DemoLogin['role'],
      login: o.login,
      name: o.displayName,
    })),
  ];
}
