import { describe, expect, it } from 'vitest';
import { diff, validate, type Snapshot } from '../../server/src/modules/structures/rules';

/** A tiny village: root → zone → patch → grids g1 (3 households) and g2 (3 households), one shop. */
function village(): Snapshot {
  const households = [
    ...Array.from({ length: 6 }, (_, i) => ({ id: `h${i + 1}`, number: `H${i + 1}`, kind: 'household' as const })),
    { id: 's1', number: 'S1', kind: 'shop' as const },
  ];
  return {
    coverage: 'households',
    sizeMin: 2,
    sizeMax: 4,
    nodes: [
      { id: 'r', parentId: null, kind: 'root', code: 'ROOT', name: '村' },
      { id: 'z', parentId: 'r', kind: 'zone', code: 'Z1', name: '东区' },
      { id: 'p', parentId: 'z', kind: 'patch', code: 'P1', name: '一片' },
      { id: 'g1', parentId: 'p', kind: 'grid', code: 'G1', name: '一格' },
      { id: 'g2', parentId: 'p', kind: 'grid', code: 'G2', name: '二格' },
    ],
    posts: [
      { id: 'a', nodeId: 'r', personId: 'chief', role: 'chief' },
      { id: 'b', nodeId: 'z', personId: 'bl', role: 'branchLeader' },
      { id: 'c', nodeId: 'p', personId: 'gl', role: 'gridLeader' },
      { id: 'd', nodeId: 'g1', personId: 'm1', role: 'gridMember' },
      { id: 'e', nodeId: 'g2', personId: 'm2', role: 'gridMember' },
    ],
    assignments: [
      { householdId: 'h1', nodeId: 'g1' },
      { householdId: 'h2', nodeId: 'g1' },
      { householdId: 'h3', nodeId: 'g1' },
      { householdId: 'h4', nodeId: 'g2' },
      { householdId: 'h5', nodeId: 'g2' },
      { householdId: 'h6', nodeId: 'g2' },
    ],
    households,
  };
}
const codes = (s: Snapshot) => validate(s).map((v) => v.code);

describe('structure validation', () => {
  it('accepts a structure with exact cover, sizes in bounds and every node staffed', () => {
    expect(validate(village())).toEqual([]);
  });

  it('names an uncovered household', () => {
    const s = village();
    s.assignments = s.assignments.filter((a) => a.householdId !== 'h4');
    const v = validate(s).find((x) => x.code === 'UNCOVERED');
    expect(v).toMatchObject({ householdId: 'h4', householdNumber: 'H4' });
    expect(v!.zh).toContain('H4');
    expect(v!.en).toContain('H4');
  });

  it('requires units only when the structure covers everything', () => {
    const s = village();
    expect(codes(s)).not.toContain('UNCOVERED');
    s.coverage = 'all';
    expect(
      validate(s)
        .filter((v) => v.code === 'UNCOVERED')
        .map((v) => v.householdNumber),
    ).toEqual(['S1']);
  });

  it('reports double cover, out-of-bounds grids, unstaffed nodes and grids with children', () => {
    const s = village();
    s.sizeMax = 3;
    s.assignments.push({ householdId: 'h1', nodeId: 'g2' }); // g2: 4 households > 3
    s.posts = s.posts.filter((p) => p.role !== 'gridLeader' && p.nodeId !== 'g1');
    s.nodes.push({ id: 'x', parentId: 'g2', kind: 'grid', code: 'G9', name: '子格' });
    s.posts.push({ id: 'f', nodeId: 'x', personId: 'm3', role: 'gridMember' });
    const c = codes(s);
    expect(c).toContain('DOUBLE_COVERED');
    expect(c).toContain('GRID_TOO_LARGE');
    expect(c).toContain('GRID_TOO_SMALL'); // x has none
    expect(c).toContain('GRID_WITHOUT_MEMBER');
    expect(c).toContain('NODE_WITHOUT_LEADER');
    expect(c).toContain('GRID_HAS_CHILDREN');
  });

  it('lists every violation, not just the first', () => {
    const s = village();
    s.assignments = [];
    expect(validate(s).filter((v) => v.code === 'UNCOVERED')).toHaveLength(6);
    expect(validate(s).filter((v) => v.code === 'GRID_TOO_SMALL')).toHaveLength(2);
  });

  it('refuses households assigned to a zone or an unknown node', () => {
    const s = village();
    s.assignments[0] = { householdId: 'h1', nodeId: 'z' };
    s.assignments[1] = { householdId: 'h2', nodeId: 'nope' };
    expect(codes(s)).toEqual(expect.arrayContaining(['ASSIGNED_TO_NON_GRID', 'UNKNOWN_NODE']));
  });
});

describe('structure diff', () => {
  it('is empty between identical structures', () => {
    expect(diff(village(), village())).toEqual({
      householdsMoved: [],
      gridsAdded: [],
      gridsRemoved: [],
      nodesRenamed: [],
      staffChanged: [],
    });
  });

  it('reports moved households, added and removed grids, renames and staff changes', () => {
    const a = village();
    const b = village();
    b.nodes = b.nodes.filter((n) => n.id !== 'g2').map((n) => (n.id === 'g1' ? { ...n, name: '新一格' } : n));
    b.nodes.push({ id: 'g3', parentId: 'p', kind: 'grid', code: 'G3', name: '三格' });
    b.assignments = b.assignments.map((x) => (x.nodeId === 'g2' ? { ...x, nodeId: 'g3' } : x));
    b.posts = b.posts.map((p) =>
      p.nodeId === 'g2' ? { ...p, nodeId: 'g3' } : p.id === 'd' ? { ...p, personId: 'm9', personName: '李九' } : p,
    );
    const d = diff(a, b);
    expect(d.householdsMoved.map((m) => [m.householdNumber, m.from?.code, m.to?.code])).toEqual([
      ['H4', 'G2', 'G3'],
      ['H5', 'G2', 'G3'],
      ['H6', 'G2', 'G3'],
    ]);
    expect(d.gridsAdded).toEqual([{ code: 'G3', name: '三格' }]);
    expect(d.gridsRemoved).toEqual([{ code: 'G2', name: '二格' }]);
    expect(d.nodesRenamed).toEqual([{ code: 'G1', from: '一格', to: '新一格' }]);
    expect(d.staffChanged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeCode: 'G1', role: 'gridMember', added: ['李九'], removed: ['m1'] }),
        expect.objectContaining({ nodeCode: 'G2', removed: ['m2'] }),
        expect.objectContaining({ nodeCode: 'G3', added: ['m2'] }),
      ]),
    );
  });
});
