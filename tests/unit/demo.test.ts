import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../server/src/modules/demo/generate';
import { ageOn } from '../../server/src/modules/demo/residents';
import { checkIdNumber } from '../../server/src/modules/registry/idcard';
import { dutyTags } from '../../server/src/modules/registry/labels';
import type { DemoData, DemoNode, DemoResident } from '../../server/src/modules/demo/types';

const d = generateDemo();
const homes = d.households.filter((h) => h.kind === 'household');
const units = d.households.filter((h) => h.kind !== 'household');
const nodesOf = (structureId: string) => d.nodes.filter((n) => n.structureId === structureId);
const postsOf = (structureId: string) => d.posts.filter((p) => p.structureId === structureId);
const peaceNodes = nodesOf(d.peacetimeStructureId);
const crisisNodes = nodesOf(d.crisisStructureId);

function gridSizes(data: DemoData, structureId: string): Map<string, string[]> {
  const byGrid = new Map<string, string[]>();
  for (const a of data.assignments.filter((x) => x.structureId === structureId)) {
    byGrid.set(a.nodeId, [...(byGrid.get(a.nodeId) ?? []), a.householdId]);
  }
  return byGrid;
}

describe('demo village generator', () => {
  it('is deterministic', () => {
    // Its speed is not asserted here: timings belong in `npm run bench`, not in tests that a busy machine fails.
    const again = generateDemo();
    expect(again).toEqual(d);
    expect(generateDemo(7).residents[0]).not.toEqual(d.residents[0]);
  });

  it('places the village under Pinggu district and Dahuashan town', () => {
    const [district, town] = d.places;
    expect(district).toMatchObject({ code: 'pinggu', kind: 'district', path: '/pinggu/', parentId: null });
    expect(town).toMatchObject({
      code: 'dahuashan-town',
      kind: 'town',
      parentId: district.id,
      path: '/pinggu/dahuashan-town/',
    });
    expect(d.village).toMatchObject({
      code: 'dahuashan',
      name: '大华山村',
      nameEn: 'Dahuashan Village',
      placeId: town.id,
      path: '/pinggu/dahuashan-town/dahuashan/',
    });
  });

  it("has the article's counts: 1,304 households, 20 units, 2,676 residents", () => {
    expect(homes).toHaveLength(1304);
    expect(units).toHaveLength(20);
    expect(units.filter((u) => u.kind === 'shop')).toHaveLength(14);
    expect(units.filter((u) => u.kind === 'institution')).toHaveLength(6);
    expect(d.residents).toHaveLength(2676);
  });

  it('gives every row a unique id and every household a unique number and address', () => {
    const ids = [
      ...d.places,
      d.village,
      ...d.households,
      ...d.residents,
      ...d.people,
      ...d.structures,
      ...d.nodes,
      ...d.posts,
    ].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(d.households.map((h) => h.number)).size).toBe(1324);
    expect(new Set(d.households.map((h) => h.address)).size).toBe(1324);
    expect(homes[0].number).toMatch(/^DHS-\d{4}$/);
    expect(units.map((u) => u.number).sort()[0]).toMatch(/^DHS-[JS]\d{2}$/);
    for (const h of d.households) {
      expect(h.address).toMatch(/^大华山村.+\d+号$/);
      expect(Math.abs(h.lat - 40.23)).toBeLessThan(0.02);
      expect(Math.abs(h.lng - 117.17)).toBeLessThan(0.02);
    }
  });

  it('gives every resident a valid, unique identity number matching birth date and gender', () => {
    for (const r of d.residents) {
      const check = checkIdNumber(r.idNumber);
      expect(check.ok, r.idNumber).toBe(true);
      if (!check.ok) continue;
      expect(check.info.birthDate).toBe(r.birthDate);
      expect(check.info.gender).toBe(r.gender);
      if (r.status !== 'migrant' && r.relation === 'head') expect(check.info.areaCode).toBe('110117');
      if (r.status === 'migrant') expect(check.info.areaCode).not.toBe('110117');
    }
    expect(new Set(d.residents.map((r) => r.idNumber)).size).toBe(d.residents.length);
    const phones = d.residents.flatMap((r) => (r.phone ? [r.phone] : []));
    for (const p of phones) expect(p).toMatch(/^1[3-9]\d{9}$/);
    expect(new Set(phones).size).toBe(phones.length);
    const migrants = d.residents.filter((r) => r.status === 'migrant').length / d.residents.length;
    expect(migrants).toBeGreaterThan(0.08);
    expect(migrants).toBeLessThan(0.16);
  });

  it('builds households with exactly one head and ages that fit the relations; units have no residents', () => {
    const byHousehold = new Map<string, DemoResident[]>();
    for (const r of d.residents) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
    for (const u of units) expect(byHousehold.has(u.id)).toBe(false);
    for (const h of homes) {
      const members = byHousehold.get(h.id) ?? [];
      const heads = members.filter((r) => r.relation === 'head');
      expect(heads).toHaveLength(1);
      const headAge = ageOn(heads[0].birthDate);
      expect(headAge).toBeGreaterThanOrEqual(30);
      expect(headAge).toBeLessThanOrEqual(88);
      const kids = members.filter((r) => r.relation === 'child').map((r) => ageOn(r.birthDate));
      for (const r of members) {
        const age = ageOn(r.birthDate);
        if (r.relation === 'spouse') expect(Math.abs(age - headAge)).toBeLessThanOrEqual(8);
        if (r.relation === 'child') expect(age).toBeLessThanOrEqual(headAge - 18);
        if (r.relation === 'parent') expect(age).toBeGreaterThanOrEqual(headAge + 18);
        if (r.relation === 'grandchild') expect(age).toBeLessThan(Math.max(...kids));
        if (r.tags.includes('独居老人')) expect(members.length === 1 && age >= 70).toBe(true);
        if (members.length === 1 && age >= 70) expect(r.tags).toContain('独居老人');
      }
    }
  });

  it('peacetime 1+4+14+76: every household in exactly one grid of 15–20, no units', () => {
    const peace = d.structures.find((s) => s.id === d.peacetimeStructureId)!;
    expect(peace).toMatchObject({ status: 'active', coverage: 'households', sizeMin: 15, sizeMax: 20 });
    const kinds = (k: string) => peaceNodes.filter((n) => n.kind === k);
    expect([kinds('root').length, kinds('zone').length, kinds('patch').length, kinds('grid').length]).toEqual([
      1, 4, 14, 76,
    ]);
    const byGrid = gridSizes(d, d.peacetimeStructureId);
    expect(byGrid.size).toBe(76);
    for (const [nodeId, hs] of byGrid) {
      expect(kinds('grid').map((n) => n.id)).toContain(nodeId);
      expect(hs.length).toBeGreaterThanOrEqual(15);
      expect(hs.length).toBeLessThanOrEqual(20);
    }
    const covered = [...byGrid.values()].flat();
    expect(covered).toHaveLength(1304);
    expect(new Set(covered)).toEqual(new Set(homes.map((h) => h.id)));
  });

  it('crisis 1+23+74: every household and unit in exactly one grid of 12–18; 3–5 grids per sub-grid leader', () => {
    const crisis = d.structures.find((s) => s.id === d.crisisStructureId)!;
    expect(crisis).toMatchObject({
      status: 'draft',
      coverage: 'all',
      sizeMin: 12,
      sizeMax: 18,
      basedOn: d.peacetimeStructureId,
    });
    const patches = crisisNodes.filter((n) => n.kind === 'patch');
    const grids = crisisNodes.filter((n) => n.kind === 'grid');
    expect(patches).toHaveLength(23);
    expect(grids).toHaveLength(74);
    for (const p of patches) {
      const n = grids.filter((g) => g.parentId === p.id).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    const byGrid = gridSizes(d, d.crisisStructureId);
    expect(byGrid.size).toBe(74);
    for (const hs of byGrid.values()) {
      expect(hs.length).toBeGreaterThanOrEqual(12);
      expect(hs.length).toBeLessThanOrEqual(18);
    }
    const covered = [...byGrid.values()].flat();
    expect(covered).toHaveLength(1324);
    expect(new Set(covered)).toEqual(new Set(d.households.map((h) => h.id)));
  });

  it('materialises node paths and depths', () => {
    const byId = new Map(d.nodes.map((n) => [n.id, n]));
    for (const n of d.nodes) {
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      if (!parent) {
        expect(n).toMatchObject({ kind: 'root', code: 'ROOT', depth: 0, path: `/${n.id}/` });
        continue;
      }
      expect(n.structureId).toBe(parent.structureId);
      expect(n.depth).toBe(parent.depth + 1);
      expect(n.path).toBe(`${parent.path}${n.id}/`);
    }
    for (const s of d.structures) {
      const codes = nodesOf(s.id).map((n) => n.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('posts a grid member on every grid and a leader on every other node, each person once per structure', () => {
    const leaderRole: Record<DemoNode['kind'], string> = {
      root: 'chief',
      zone: 'branchLeader',
      patch: 'gridLeader',
      grid: 'gridMember',
    };
    for (const [structureId, nodes, patchRole] of [
      [d.peacetimeStructureId, peaceNodes, 'gridLeader'],
      [d.crisisStructureId, crisisNodes, 'subLeader'],
    ] as const) {
      const posts = postsOf(structureId);
      for (const n of nodes) {
        const role = n.kind === 'patch' ? patchRole : leaderRole[n.kind];
        expect(
          posts.filter((p) => p.nodeId === n.id && p.role === role),
          `${n.code} ${role}`,
        ).toHaveLength(1);
      }
      expect(posts.filter((p) => p.role === 'evaluator')).toHaveLength(1);
      const persons = posts.map((p) => p.personId);
      expect(new Set(persons).size).toBe(persons.length);
    }
  });

  it('staffs the structures from villagers: party-member leaders, 35 posted eight-staff, a reserve pool', () => {
    const people = new Map(d.people.map((p) => [p.id, p]));
    const residents = new Map(d.residents.map((r) => [r.id, r]));
    for (const p of d.people) {
      const r = residents.get(p.residentId!)!;
      expect(r).toBeDefined();
      expect([p.name, p.phone, p.gender]).toEqual([r.name, r.phone, r.gender]);
      for (const t of p.dutyTags) expect(dutyTags).toContain(t);
    }
    const peace = postsOf(d.peacetimeStructureId);
    const chief = people.get(peace.find((p) => p.role === 'chief')!.personId)!;
    expect(chief.partyMember).toBe(true);
    for (const p of peace.filter((x) => x.role === 'gridLeader'))
      expect(people.get(p.personId)!.partyMember).toBe(true);
    for (const p of postsOf(d.crisisStructureId).filter((x) => x.role === 'subLeader'))
      expect(people.get(p.personId)!.partyMember).toBe(true);
    const gridStaff = peace
      .filter((p) => p.role === 'gridLeader' || p.role === 'gridMember')
      .map((p) => people.get(p.personId)!);
    expect(gridStaff).toHaveLength(90);
    expect(gridStaff.filter((p) => p.dutyTags.length > 0)).toHaveLength(35);

    const reserve = d.people.filter((p) => p.reserve);
    expect(reserve).toHaveLength(10);
    const peacePosted = new Set(peace.map((p) => p.personId));
    for (const p of reserve) expect(peacePosted.has(p.id)).toBe(false);
    const crisisPosted = new Set(postsOf(d.crisisStructureId).map((p) => p.personId));
    expect(reserve.filter((p) => crisisPosted.has(p.id))).toHaveLength(5);
    // Most crisis grid members already served in peacetime.
    const crisisMembers = postsOf(d.crisisStructureId).filter((p) => p.role === 'gridMember');
    expect(crisisMembers.filter((p) => peacePosted.has(p.personId)).length).toBeGreaterThan(40);
  });

  it('holds its invariants for other seeds too', () => {
    for (const seed of [1, 2, 3, 42, 2021_11_01]) {
      const x = generateDemo(seed);
      expect(x.households).toHaveLength(1324);
      expect(x.residents).toHaveLength(2676);
      expect(new Set(x.residents.map((r) => r.idNumber)).size).toBe(2676);
      for (const [id, min, max, grids, total] of [
        [x.peacetimeStructureId, 15, 20, 76, 1304],
        [x.crisisStructureId, 12, 18, 74, 1324],
      ] as const) {
        const sizes = [...gridSizes(x, id).values()].map((h) => h.length);
        expect(sizes).toHaveLength(grids);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(min);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        expect(x.posts.filter((p) => p.structureId === id && p.role === 'gridMember')).toHaveLength(grids);
      }
    }
  });
});
