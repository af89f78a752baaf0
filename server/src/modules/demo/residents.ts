/**
 * Families for the demo households: exactly 2,676 residents, one head per household, ages that
 * fit the relations, valid synthetic identity numbers (unique; parity sets the gender), phones for
 * most adults, statuses (常住 / 外出 / 外来) and a few care tags.
 */
import { makeIdNumber } from '../registry/idcard';
import { demoId } from './ids';
import { givenName, localAreaCode, migrantAreaCodes, surname } from './names';
import type { Rng } from './random';
import type { DemoHousehold, DemoResident } from './types';
import type { Gender, Relation, ResidenceStatus } from '../../db/types';

export const RESIDENTS = 2676;
/** Ages are reckoned on this date, so the data does not drift with the calendar. */
export const REFERENCE_DATE = '2026-01-01';
const REF_YEAR = 2026;

export const ageOn = (birthDate: string, on = REFERENCE_DATE): number => {
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ry, rm, rd] = on.split('-').map(Number);
  return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
};

interface Member {
  relation: Relation;
  gender: Gender;
  age: number;
  surname: string;
  area: string;
}

const other = (g: Gender): Gender => (g === 'M' ? 'F' : 'M');
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Household sizes summing to exactly `total`: locals 1–6, migrants 1–4. */
function householdSizes(rng: Rng, migrant: boolean[], total: number): number[] {
  const sizes = migrant.map((m) =>
    m
      ? rng.weighted([
          [1, 35],
          [2, 35],
          [3, 24],
          [4, 6],
        ] as const)
      : rng.weighted([
          [1, 27],
          [2, 45],
          [3, 14],
          [4, 9],
          [5, 4],
          [6, 1],
        ] as const),
  );
  let sum = sizes.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = rng.int(0, sizes.length - 1);
    const max = migrant[i] ? 4 : 6;
    if (sum > total && sizes[i] > 1) (sizes[i]--, sum--);
    else if (sum < total && sizes[i] < max) (sizes[i]++, sum++);
  }
  return sizes;
}

/** Who lives in a household of `size`, with ages that fit their relation to the head. */
function family(rng: Rng, size: number, migrant: boolean, area: string): Member[] {
  const outsider = () => (migrant ? area : rng.chance(0.08) ? rng.weighted(migrantAreaCodes) : localAreaCode);
  const r = rng.next();
  // Template: spouse, children, parent, son + daughter-in-law, grandchildren.
  let headAge: number;
  let spouse = false,
    children = 0,
    parent = false,
    inLaw = false,
    grand = 0;
  if (size === 1) headAge = migrant ? rng.int(30, 55) : r < 0.55 ? rng.int(65, 88) : rng.int(30, 64);
  else if (migrant) {
    spouse = true;
    children = size - 2;
    headAge = rng.int(30, 50);
  } else if (size === 2) {
    if (r < 0.6) ((spouse = true), (headAge = rng.int(58, 88)));
    else if (r < 0.8) ((spouse = true), (headAge = rng.int(35, 58)));
    else if (r < 0.9) ((children = 1), (headAge = rng.int(58, 85)));
    else ((parent = true), (headAge = rng.int(30, 58)));
  } else if (size === 3) {
    spouse = true;
    if (r < 0.7) ((children = 1), (headAge = rng.int(30, 58)));
    else ((parent = true), (headAge = rng.int(30, 58)));
  } else if (size === 4) {
    spouse = true;
    if (r < 0.55) ((children = 2), (headAge = rng.int(32, 55)));
    else if (r < 0.85) ((children = 1), (parent = true), (headAge = rng.int(32, 58)));
    else ((inLaw = true), (headAge = rng.int(48, 72)));
  } else if (size === 5) {
    spouse = true;
    if (r < 0.55) ((inLaw = true), (grand = 1), (headAge = rng.int(52, 75)));
    else ((children = 2), (parent = true), (headAge = rng.int(34, 58)));
  } else ((spouse = true), (inLaw = true), (grand = 2), (headAge = rng.int(52, 78)));

  const headGender: Gender = spouse
    ? rng.chance(0.85)
      ? 'M'
      : 'F'
    : headAge >= 65
      ? rng.chance(0.6)
        ? 'F'
        : 'M'
      : rng.chance(0.62)
        ? 'M'
        : 'F';
  const head: Member = { relation: 'head', gender: headGender, age: headAge, surname: surname(rng, migrant), area };
  const out: Member[] = [head];
  let line = head.gender === 'M' ? head.surname : surname(rng, migrant);
  if (spouse) {
    const gap = rng.int(-2, 5);
    const s: Member = {
      relation: 'spouse',
      gender: other(headGender),
      age: clamp(headGender === 'M' ? headAge - gap : headAge + gap, 22, 92),
      surname: surname(rng, migrant),
      area: outsider(),
    };
    if (s.gender === 'M') line = s.surname;
    out.push(s);
  }
  if (parent) {
    const gender: Gender = rng.chance(0.65) ? 'F' : 'M';
    out.push({
      relation: 'parent',
      gender,
      age: clamp(headAge + rng.int(22, 34), headAge + 18, 95),
      surname: gender === 'M' ? head.surname : surname(rng, migrant),
      area: migrant ? area : localAreaCode,
    });
  }
  let childAge = headAge - rng.int(22, Math.min(36, headAge));
  for (let i = 0; i < children; i++) {
    out.push({ relation: 'child', gender: rng.chance(0.52) ? 'M' : 'F', age: childAge, surname: line, area });
    childAge = Math.max(0, childAge - rng.int(1, 6));
  }
  if (inLaw) {
    const son = headAge - rng.int(22, 30);
    out.push({ relation: 'child', gender: 'M', age: son, surname: line, area });
    out.push({
      relation: 'child_in_law',
      gender: 'F',
      age: clamp(son + rng.int(-3, 3), 20, 80),
      surname: surname(rng, migrant),
      area: outsider(),
    });
    let g = grand > 0 ? son - rng.int(22, Math.min(32, son)) : 0;
    for (let i = 0; i < grand; i++) {
      out.push({ relation: 'grandchild', gender: rng.chance(0.52) ? 'M' : 'F', age: g, surname: line, area });
      g = Math.max(0, g - rng.int(1, 5));
    }
  }
  return out;
}

function birthDate(rng: Rng, age: number): string {
  // Born between 2 January and 31 December of the year, so the age on 1 January is exact.
  const year = REF_YEAR - 1 - age;
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 2)) / 86400000;
  return new Date(Date.UTC(year, 0, 2 + rng.int(0, days - 1))).toISOString().slice(0, 10);
}

const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

export interface Families {
  residents: DemoResident[];
  byHousehold: Map<string, DemoResident[]>;
}

export function buildResidents(
  rng: Rng,
  seed: number,
  households: DemoHousehold[],
  migrantHouseholds: Set<string>,
): Families {
  const homes = households.filter((h) => h.kind === 'household');
  const sizes = householdSizes(
    rng,
    homes.map((h) => migrantHouseholds.has(h.id)),
    RESIDENTS,
  );
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const residents: DemoResident[] = [];
  const byHousehold = new Map<string, DemoResident[]>();

  const idNumber = (area: string, birth: string, gender: Gender) => {
    for (;;) {
      const seq = rng.int(0, 499) * 2 + (gender === 'M' ? 1 : 0);
      const id = makeIdNumber(area, birth, seq);
      if (!usedIds.has(id)) return (usedIds.add(id), id);
    }
  };
  const phone = (age: number) => {
    if (age < 18 || !rng.chance(age < 70 ? 0.93 : age < 80 ? 0.6 : 0.3)) return null;
    for (;;) {
      const p = rng.pick(mobilePrefixes) + String(rng.int(0, 99999999)).padStart(8, '0');
      if (!usedPhones.has(p)) return (usedPhones.add(p), p);
    }
  };

  homes.forEach((h, i) => {
    const migrant = migrantHouseholds.has(h.id);
    const area = migrant ? rng.weighted(migrantAreaCodes) : localAreaCode;
    const members = family(rng, sizes[i], migrant, area);
    const poor = !migrant && rng.chance(0.025);
    const names = new Set<string>();
    const name = (m: Member) => {
      let n = m.surname + givenName(rng, m.gender, REF_YEAR - 1 - m.age);
      for (let tries = 0; names.has(n) && tries < 20; tries++)
        n = m.surname + givenName(rng, m.gender, REF_YEAR - 1 - m.age);
      return (names.add(n), n);
    };
    const list = members.map((m, k): DemoResident => {
      const birth = birthDate(rng, m.age);
      const status: ResidenceStatus = migrant
        ? 'migrant'
        : awayChance(m) > 0 && rng.chance(awayChance(m))
          ? 'away'
          : 'resident';
      return {
        id: demoId(seed, 'resident', `${h.number}-${k + 1}`),
        villageId: h.villageId,
        householdId: h.id,
        name: name(m),
        gender: m.gender,
        idNumber: idNumber(m.area, birth, m.gender),
        birthDate: birth,
        phone: phone(m.age),
        relation: m.relation,
        status,
        tags: careTags(rng, m, members.length, poor && m.relation === 'head'),
      };
    });
    // Children whose parents both work away are left-behind children (留守儿童).
    const parentsAway = list
      .filter((r) => r.relation === 'child' || r.relation === 'child_in_law')
      .every((r) => r.status === 'away');
    for (const r of list) {
      if (r.relation === 'grandchild' && parentsAway && ageOn(r.birthDate) < 16) r.tags.push('留守儿童');
    }
    residents.push(...list);
    byHousehold.set(h.id, list);
  });
  return { residents, byHousehold };
}

/** Young adults other than the head often work or study in the city (外出). */
function awayChance(m: Member): number {
  if (m.relation === 'head' || m.relation === 'spouse') return 0.03;
  if (m.age >= 18 && m.age <= 45) return m.relation === 'child' || m.relation === 'child_in_law' ? 0.35 : 0.2;
  return 0;
}

function careTags(rng: Rng, m: Member, householdSize: number, poor: boolean): string[] {
  const tags: string[] = [];
  if (householdSize === 1 && m.age >= 70) tags.push('独居老人');
  if (m.age >= 75 && rng.chance(0.15)) tags.push('行动不便');
  if (m.age >= 60 && rng.chance(0.06)) tags.push('慢性病');
  if (rng.chance(0.012)) tags.push('残疾');
  if (poor) tags.push('低保');
  if (m.gender === 'M' && m.age >= 45 && m.age <= 80 && rng.chance(0.03)) tags.push('退役军人');
  return tags;
}
