/**
 * The village's staff and their posts. Everyone is a villager living where they serve:
 * peacetime — the party secretary as general grid leader, an evaluator, 4 branch leaders
 * (committee members), 14 grid leaders, all party members, 76 grid members, 35 of the leaders and
 * members carrying "eight staff" duty tags; 8 more eight-staff without a post; 10 committee
 * logistics staff as the reserve. Crisis — the 18 peacetime leaders plus 5 party members as the
 * 23 sub-grid leaders; peacetime members reused where they live, the frail ones replaced, the
 * gaps backfilled from the reserve (5 of them), then the unposted eight-staff, then (if still
 * short) new villagers of the grid.
 */
import { dutyTags as allDutyTags } from '../registry/labels';
import { demoId } from './ids';
import type { Rng } from './random';
import { ageOn } from './residents';
import type { BuiltStructure, GridInfo } from './structures';
import type { DemoPerson, DemoPost, DemoResident } from './types';
import type { Role } from '../../db/types';

const DUTY_POSTED_LEADERS = 5;
const DUTY_POSTED_MEMBERS = 30; // 5 + 30 = 35 eight-staff among leaders and members
const UNPOSTED_EIGHT_STAFF = 8;
const RESERVE = 10;
const BACKFILLED_RESERVE = 5;

/** The seven named duty tags (八大员, without "other"), weighted by how common the job is. */
const dutyWeights = allDutyTags
  .filter((t) => t !== '其他')
  .map(
    (t) =>
      [
        t,
        ({ 保洁员: 8, 护林员: 6, 巡视探访员: 5, 管水员: 4, 公共设施维护员: 4 } as Record<string, number>)[t] ?? 3,
      ] as const,
  );

interface Criteria {
  minAge: number;
  maxAge: number;
}

export interface Staff {
  people: DemoPerson[];
  posts: DemoPost[];
}

export function buildStaff(
  rng: Rng,
  seed: number,
  villageId: string,
  byHousehold: Map<string, DemoResident[]>,
  peace: BuiltStructure,
  crisis: BuiltStructure,
): Staff {
  const people: DemoPerson[] = [];
  const posts: DemoPost[] = [];
  const taken = new Set<string>();
  const residentOf = new Map<string, DemoResident>(); // person id → resident
  const home = (p: DemoPerson) => residentOf.get(p.id)!.householdId;
  const allHouseholds = [...byHousehold.keys()];

  /** A villager living in one of `households` (tried in order of scope), at home, with a phone. */
  const pick = (scopes: string[][], c: Criteria): DemoResident => {
    for (const scope of [...scopes, allHouseholds]) {
      for (const h of rng.shuffle(scope)) {
        for (const r of rng.shuffle(byHousehold.get(h) ?? [])) {
          const age = ageOn(r.birthDate);
          if (!taken.has(r.id) && r.status === 'resident' && r.phone && age >= c.minAge && age <= c.maxAge) return r;
        }
      }
    }
    throw new Error('no villager fits the post');
  };
  const hire = (scopes: string[][], c: Criteria, partyMember: boolean, extra: Partial<DemoPerson> = {}): DemoPerson => {
    const r = pick(scopes, c);
    taken.add(r.id);
    const p: DemoPerson = {
      id: demoId(seed, 'person', r.id),
      villageId,
      residentId: r.id,
      name: r.name,
      phone: r.phone,
      gender: r.gender,
      partyMember,
      dutyTags: [],
      reserve: false,
      ...extra,
    };
    people.push(p);
    residentOf.set(p.id, r);
    return p;
  };
  const post = (s: BuiltStructure, node: { id: string; code: string }, person: DemoPerson, role: Role) =>
    posts.push({
      id: demoId(seed, `post/${s.structure.id}`, `${node.code}/${role}`),
      villageId,
      structureId: s.structure.id,
      nodeId: node.id,
      personId: person.id,
      role,
    });
  const duty = (): string[] => {
    const first = rng.weighted(dutyWeights);
    if (!rng.chance(0.15)) return [first];
    const second = rng.weighted(dutyWeights);
    return second === first ? [first] : [first, second];
  };
  const householdsOf = (grids: GridInfo[]) => grids.flatMap((g) => g.householdIds);

  // Peacetime.
  const chief = hire([], { minAge: 45, maxAge: 60 }, true);
  const evaluator = hire([], { minAge: 35, maxAge: 60 }, true);
  post(peace, peace.root, chief, 'chief');
  post(peace, peace.root, evaluator, 'evaluator');
  const branchLeaders = peace.zones.map((z) => {
    const p = hire([householdsOf(z.patches.flatMap((x) => x.grids))], { minAge: 35, maxAge: 62 }, true);
    post(peace, z.node, p, 'branchLeader');
    return p;
  });
  const gridLeaders = peace.patches.map((x) => {
    const p = hire([householdsOf(x.grids)], { minAge: 30, maxAge: 65 }, true);
    post(peace, x.node, p, 'gridLeader');
    return p;
  });
  const members = peace.grids.map((g) => {
    const p = hire([g.householdIds], { minAge: 25, maxAge: 65 }, rng.chance(0.25));
    post(peace, g.node, p, 'gridMember');
    return p;
  });
  for (const p of rng.shuffle(gridLeaders).slice(0, DUTY_POSTED_LEADERS)) p.dutyTags = duty();
  for (const p of rng.shuffle(members).slice(0, DUTY_POSTED_MEMBERS)) p.dutyTags = duty();
  const eightStaff = Array.from({ length: UNPOSTED_EIGHT_STAFF }, () =>
    hire([], { minAge: 30, maxAge: 62 }, false, { dutyTags: duty() }),
  );
  const reserve = Array.from({ length: RESERVE }, () =>
    hire([], { minAge: 25, maxAge: 58 }, rng.chance(0.3), { reserve: true }),
  );

  // Crisis: the chief and the evaluator stay at the root.
  post(crisis, crisis.root, chief, 'chief');
  post(crisis, crisis.root, evaluator, 'evaluator');
  const patchOf = new Map<string, number>();
  crisis.patches.forEach((x, i) => householdsOf(x.grids).forEach((h) => patchOf.set(h, i)));
  const subLeaders: (DemoPerson | undefined)[] = crisis.patches.map(() => undefined);
  const leaders = [...branchLeaders, ...gridLeaders];
  const unplaced = leaders.filter((l) => {
    const i = patchOf.get(home(l))!;
    if (subLeaders[i]) return true;
    subLeaders[i] = l;
    return false;
  });
  // Leaders whose patch is already led take the nearest open patch.
  for (const l of unplaced) {
    const at = patchOf.get(home(l))!;
    const open = subLeaders.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
    subLeaders[open.sort((a, b) => Math.abs(a - at) - Math.abs(b - at))[0]] = l;
  }
  crisis.patches.forEach((x, i) => {
    const p = subLeaders[i] ?? hire([householdsOf(x.grids)], { minAge: 30, maxAge: 62 }, true);
    post(crisis, x.node, p, 'subLeader');
  });

  // Grid members: the frail (60+) and some locked out of the village are replaced.
  const peaceGridOf = new Map<string, number>();
  peace.grids.forEach((g, i) => g.householdIds.forEach((h) => peaceGridOf.set(h, i)));
  const kept = members.map((p) => (ageOn(residentOf.get(p.id)!.birthDate) >= 60 || rng.chance(0.1) ? undefined : p));
  const used = new Set<string>();
  const crisisMembers: (DemoPerson | undefined)[] = crisis.grids.map((g) => {
    const overlap = new Map<number, number>();
    for (const h of g.householdIds) {
      const i = peaceGridOf.get(h);
      if (i !== undefined) overlap.set(i, (overlap.get(i) ?? 0) + 1);
    }
    for (const [i] of [...overlap.entries()].sort((a, b) => b[1] - a[1])) {
      const p = kept[i];
      if (p && !used.has(p.id)) return (used.add(p.id), p);
    }
    return undefined;
  });
  const backfill = [
    ...kept.filter((p): p is DemoPerson => !!p && !used.has(p.id)),
    ...reserve.slice(0, BACKFILLED_RESERVE),
    ...eightStaff,
  ];
  crisis.grids.forEach((g, i) => {
    const p =
      crisisMembers[i] ?? backfill.shift() ?? hire([g.householdIds], { minAge: 22, maxAge: 60 }, rng.chance(0.2));
    post(crisis, g.node, p, 'gridMember');
  });
  return { people, posts };
}
