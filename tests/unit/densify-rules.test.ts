import { describe, expect, it } from 'vitest';
import {
  chunkCount,
  densify,
  neighbourOrder,
  placeMembers,
  type DensifyGrid,
  type DensifyMember,
} from '../../server/src/modules/structures/densify-rules';
import { freshCodes } from '../../server/src/modules/structures/rules';

/** House `n` of a street running east: odd numbers on the north side, even on the south. */
const house = (street: string, n: number, opts: { coords?: boolean; kind?: DensifyMember['kind'] } = {}) => ({
  id: `${street}-${String(n).padStart(3, '0')}`,
  number: `${street}${n}`,
  kind: opts.kind ?? ('household' as const),
  address: `村${street}${n}号`,
  lat: opts.coords === false ? null : 40 + (street === '北街' ? 0.001 : 0) + (n % 2 ? 0.00007 : -0.00007),
  lng: opts.coords === false ? null : 117 + Math.ceil(n / 2) * 0.00024,
});
const street = (name: string, from: number, to: number, coords = true) =>
  Array.from({ length: to - from + 1 }, (_, i) => house(name, from + i, { coords }));
const grid = (id: string, members: DensifyMember[], parentId = 'P1'): DensifyGrid => ({
  id,
  code: id,
  name: `${id}网格`,
  parentId,
  members,
});
const ids = (ms: DensifyMember[]) => ms.map((m) => m.id);
const everyoneOnce = (plan: ReturnType<typeof densify>, all: DensifyMember[]) =>
  expect(plan.grids.flatMap((g) => g.memberIds).sort()).toEqual(ids(all).sort());

describe('neighbour order', () => {
  it('follows the street by coordinates, whatever order the households come in', () => {
    const hs = street('东街', 1, 12);
    const order = ids(neighbourOrder([...hs].reverse()));
    // Houses 1 and 2 face each other: they tie on the axis and fall back to the address.
    expect(order).toEqual(ids(hs));
  });

  it('sorts by street and house number as numbers when coordinates are missing', () => {
    const hs = [
      house('东街', 10, { coords: false }),
      house('东街', 9, { coords: false }),
      house('东街', 2, { coords: false }),
    ];
    expect(neighbourOrder(hs).map((h) => h.address)).toEqual(['村东街2号', '村东街9号', '村东街10号']);
  });
});

describe('placing units', () => {
  it('puts a unit with the grid of its nearest household, by distance or else by house number', () => {
    const grids = [grid('A', street('东街', 1, 10)), grid('B', street('东街', 11, 20))];
    const near19 = { ...house('东街', 19, { kind: 'shop' }), id: 'shop-1' };
    const byNumber = { ...house('东街', 3, { coords: false, kind: 'institution' }), id: 'inst-1' };
    expect(placeMembers(grids, [near19, byNumber])).toEqual([1, 0]);
  });
});

describe('densify', () => {
  it('keeps grids within bounds as they are', () => {
    const grids = [grid('A', street('东街', 1, 15)), grid('B', street('东街', 16, 28))];
    const plan = densify({ grids, add: [], min: 12, max: 18 });
    expect(plan.grids.map((g) => [g.from, g.name, g.memberIds.length])).toEqual([
      ['A', 'A网格', 15],
      ['B', 'B网格', 13],
    ]);
    expect(plan.summary).toMatchObject({ gridsBefore: 2, gridsAfter: 2, kept: 2, split: 0, householdsMoved: 0 });
  });

  it('cuts a grid of 30 into consecutive parts within bounds, named after it', () => {
    const hs = street('东街', 1, 30);
    const plan = densify({ grids: [grid('A', hs)], add: [], min: 12, max: 18 });
    expect(plan.grids.map((g) => [g.name, g.part, g.memberIds])).toEqual([
      ['A网格-1', 1, ids(hs.slice(0, 15))],
      ['A网格-2', 2, ids(hs.slice(15))],
    ]);
    expect(plan.summary).toMatchObject({ gridsAfter: 2, split: 1, householdsMoved: 15, outOfBounds: 0 });
  });

  it('joins grids that cannot be cut alone with a neighbour under the same parent', () => {
    const grids = [
      grid('A', street('东街', 1, 20), 'P1'),
      grid('B', street('东街', 21, 25), 'P1'),
      grid('C', street('北街', 1, 6), 'P2'),
      grid('D', street('北街', 7, 16), 'P2'),
    ];
    const plan = densify({ grids, add: [], min: 12, max: 18 });
    everyoneOnce(
      plan,
      grids.flatMap((g) => g.members),
    );
    // A (20) cannot be cut alone; with B (5) it makes 13 + 12. C (6) goes with D, not across to P1.
    expect(plan.grids.map((g) => [g.parentId, g.name, g.memberIds.length, g.sources])).toEqual([
      ['P1', 'A网格-1', 13, ['A']],
      ['P1', 'A网格-2', 12, ['A', 'B']],
      ['P2', 'D网格', 16, ['C', 'D']],
    ]);
    expect(plan.summary).toMatchObject({ gridsBefore: 4, gridsAfter: 3, removed: ['B', 'C'], outOfBounds: 0 });
  });

  it('places units, keeps every household and unit exactly once, within bounds, and is deterministic', () => {
    const grids = [
      grid('A', street('东街', 1, 18)),
      grid('B', street('东街', 19, 35)),
      grid('C', street('东街', 36, 53)),
    ];
    const units = [
      { ...house('东街', 5, { kind: 'shop' }), id: 'u1' },
      { ...house('东街', 6, { kind: 'shop' }), id: 'u2' },
      { ...house('东街', 40, { kind: 'institution' }), id: 'u3' },
    ];
    const all = [...grids.flatMap((g) => g.members), ...units];
    const plan = densify({ grids, add: units, min: 12, max: 18 });
    everyoneOnce(plan, all);
    for (const g of plan.grids) expect(g.memberIds.length).toBeGreaterThanOrEqual(12);
    for (const g of plan.grids) expect(g.memberIds.length).toBeLessThanOrEqual(18);
    expect(plan.grids.reduce((s, g) => s + g.units, 0)).toBe(3);
    expect(plan.summary.placed).toBe(3);
    // Units sit next to their neighbours: u1 and u2 stand by houses 5 and 6, in the first grid.
    expect(plan.grids[0].memberIds).toEqual(expect.arrayContaining(['u1', 'u2']));
    const shuffled = densify({
      grids: grids.map((g) => ({ ...g, members: [...g.members].reverse() })),
      add: [...units].reverse(),
      min: 12,
      max: 18,
    });
    expect(shuffled).toEqual(plan);
  });

  it('joins a re-cut run with more neighbours when that needs fewer grids', () => {
    // 18 + 2 shops cannot stay one grid; with the next 17 it would make 3 grids of 12–13, and with
    // one more 17 still 3 (of 18) instead of 4. A keeps exactly its households; the shops go to B.
    const grids = [
      grid('A', street('东街', 1, 18)),
      grid('B', street('东街', 21, 37)),
      grid('C', street('东街', 38, 54)),
    ];
    const shops = [19, 20].map((n) => ({ ...house('东街', n, { kind: 'shop' }), id: `s${n}` }));
    const plan = densify({ grids, add: shops, min: 12, max: 18 });
    everyoneOnce(plan, [...grids.flatMap((g) => g.members), ...shops]);
    expect(plan.grids.map((g) => [g.name, g.memberIds.length])).toEqual([
      ['A网格', 18],
      ['B网格', 18],
      ['C网格', 18],
    ]);
    expect(plan.summary).toMatchObject({ gridsAfter: 3, kept: 1, split: 0, placed: 2, outOfBounds: 0 });
  });

  it('leaves grids within bounds alone even when joining kept grids would save one', () => {
    const grids = [grid('A', street('东街', 1, 6)), grid('B', street('东街', 7, 12))];
    const plan = densify({ grids, add: [], min: 5, max: 18 });
    expect(plan.grids.map((g) => g.memberIds.length)).toEqual([6, 6]);
  });

  it('names the parts of a split grid and removes a grid absorbed into its neighbours', () => {
    const grids = [grid('A', street('东街', 1, 30)), grid('B', street('东街', 31, 36))];
    const all = grids.flatMap((g) => g.members);
    const plan = densify({ grids, add: [], min: 12, max: 18 });
    everyoneOnce(plan, all);
    expect(plan.grids.map((g) => [g.name, g.memberIds.length])).toEqual([
      ['A网格-1', 18],
      ['A网格-2', 18],
    ]);
    expect(plan.summary.removed).toEqual(['B']);
  });

  it('reports grids it cannot bring within bounds instead of losing households', () => {
    const plan = densify({ grids: [grid('A', street('东街', 1, 5))], add: [], min: 12, max: 18 });
    expect(plan.grids).toHaveLength(1);
    expect(plan.grids[0].memberIds).toHaveLength(5);
    expect(plan.summary.outOfBounds).toBe(1);
  });

  it('counts chunks that fit the bounds, or none', () => {
    expect(chunkCount(36, 12, 18)).toBe(2);
    expect(chunkCount(19, 12, 18)).toBeNull();
    expect(chunkCount(37, 12, 18)).toBe(3);
    expect(chunkCount(0, 12, 18)).toBe(0);
  });
});

describe('fresh codes', () => {
  it('numbers after the highest code in use and skips taken ones', () => {
    expect(freshCodes(['G01', 'G76', 'P01', 'G77x'], 'G', 3)).toEqual(['G77', 'G78', 'G79']);
  });
});
