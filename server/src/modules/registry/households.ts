/** Household search and the household page: residents, grid, the chain of responsible staff, history. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import type { Backend } from '../../db/database';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB, HouseholdKind } from '../../db/types';
import { AppError, notFound } from '../../lib/errors';
import { offsetOf, type PageQuery } from '../../lib/paging';
import { coverageHistory } from './coverage';
import { cleanCode, cleanText, maskPhone } from './normalize';
import { presentHousehold, presentResident } from './present';
import { activeGrids, gridsOf, type Grids } from './grids';
import { householdInScope } from './scoped';

export interface HouseholdSearch extends PageQuery {
  q?: string;
  kind?: HouseholdKind;
  /** A node of the structure: only households in its subtree. */
  node?: string;
  /** Another structure of the village (a draft being edited) instead of the active one; whole-village scope only. */
  structure?: string;
  /** '1': only households and units in no grid of the structure (village-wide scope only). */
  withoutGrid?: '0' | '1';
}

/**
 * What a search box matches, each branch able to use an index: a number-like text looks up ID and
 * phone numbers exactly; otherwise house-number prefix and resident-name prefix as index ranges,
 * and address or unit-name fragments (SQLite: a scan of the village's households only;
 * PostgreSQL: trigram indexes).
 */
function matchQuery(eb: ExpressionBuilder<DB, 'households'>, villageId: string, q: string, backend: Backend) {
  const code = cleanCode(q);
  // A house number (letters, digits, dashes, with a digit): its index range alone, no scan.
  const houseNumber = /^[A-Z0-9-]*\d[A-Z0-9-]*$/.test(code) && !/^\d{7,}/.test(code);
  const idOrPhone = /^\+?\d{7,17}[\dX]?$/.test(code);
  if (backend === 'postgres') return matchQueryPg(eb, villageId, q, code, houseNumber, idOrPhone);
  const residents = (where: (r: ExpressionBuilder<DB, 'residents'>) => Expression<SqlBool>) =>
    eb(
      'households.id',
      'in',
      eb
        .selectFrom('residents')
        .select('residents.householdId')
        .where('residents.villageId', '=', villageId)
        .where(where),
    );
  // SQLite's LIKE ignores case and so cannot use an index: a range can.
  const prefix = (
    col: 'households.number' | 'residents.name',
    s: string,
    e: ExpressionBuilder<DB, 'households' | 'residents'>,
  ) => e.and([e(col, '>=', s), e(col, '<', `${s}\uffff`)]);
  if (houseNumber) return prefix('households.number', code, eb as never);
  if (idOrPhone) {
    return eb.or([
      residents((r) => r.or([r('residents.idNumber', '=', code), r('residents.phone', '=', code)])),
      prefix('households.number', code, eb as never),
    ]);
  }
  return eb.or([
    prefix('households.number', code, eb as never),
    residents((r) => prefix('residents.name', q, r as never)),
    eb('households.address', 'like', `%${q}%`),
    eb('households.name', 'like', `%${q}%`),
  ]);
}

/**
 * The same matches on PostgreSQL, which keeps LIKE for prefixes (right under any collation; a
 * range relies on the collation's order) and finds each branch through its own index
 * (0007_pg_trigram: text_pattern_ops btrees for the prefixes, trigram GIN for the fragments). The
 * branches' household ids are united: an OR holding the residents subquery would make the planner
 * scan every household of the village and test each.
 */
function matchQueryPg(
  eb: ExpressionBuilder<DB, 'households'>,
  villageId: string,
  q: string,
  code: string,
  houseNumber: boolean,
  idOrPhone: boolean,
) {
  const startsWith = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (houseNumber) return eb('households.number', 'like', startsWith(code));
  const own = () => eb.selectFrom('households as h').select('h.id as id').where('h.villageId', '=', villageId);
  const byResident = (where: (r: ExpressionBuilder<DB, 'residents'>) => Expression<SqlBool>) =>
    eb
      .selectFrom('residents')
      .select('residents.householdId as id')
      .where('residents.villageId', '=', villageId)
      .where(where);
  const byNumber = own().where('h.number', 'like', startsWith(code));
  if (idOrPhone) {
    return eb(
      'households.id',
      'in',
      byResident((r) => r.or([r('residents.idNumber', '=', code), r('residents.phone', '=', code)])).unionAll(byNumber),
    );
  }
  return eb(
    'households.id',
    'in',
    byNumber
      .unionAll(byResident((r) => r('residents.name', 'like', startsWith(q))))
      // Fragments: no village condition here (the outer query has it), so that the trigram
      // indexes are the only way in, even before the planner has statistics (just after a large
      // import), when it would otherwise read the whole village through the village's btree. One
      // branch for both columns: a fragment too short for trigrams (two characters) is then one
      // scan of the households, not two.
      .unionAll(
        eb
          .selectFrom('households as h')
          .select('h.id as id')
          .where((h) => h.or([h('h.address', 'like', `%${q}%`), h('h.name', 'like', `%${q}%`)])),
      ),
  );
}

export async function searchHouseholds(ctx: Ctx, caller: Caller, f: HouseholdSearch) {
  const village = villageOf(caller);
  const scope = caller.scope;
  if (f.withoutGrid === '1' && !scope.all)
    throw new AppError(
      403,
      'FORBIDDEN',
      '只有全村范围的岗位可以查看不在网格中的户',
      'Only a village-wide post may list the households in no grid',
      'withoutGrid',
    );
  if (f.structure && !scope.all)
    throw new AppError(
      403,
      'FORBIDDEN',
      '只有全村范围的岗位可以查看其他结构',
      'Only a village-wide post may look into another structure',
      'structure',
    );
  // The grids of the structure listed (the active one's from the cache: modules/registry/grids.ts).
  let grids: Grids | null;
  if (f.structure) {
    const s = await ctx.db
      .selectFrom('structures')
      .select('id')
      .where('id', '=', f.structure)
      .where('villageId', '=', village.id)
      .executeTakeFirst();
    if (!s) throw notFound({ zh: '网格结构', en: 'Structure' }, 'structure');
    grids = await gridsOf(ctx.db, s.id);
  } else grids = await activeGrids(ctx, village.id);
  const q = cleanText(f.q);
  const sid = grids?.structureId ?? '';
  // Which grids the list may show: the caller's scope, narrowed to a node's subtree, as grid ids
  // (a few hundred at most), so that the households are found through the assignments index
  // instead of joining every household to its grid.
  const gridsUnder = (paths: string[]) =>
    (grids?.grids ?? []).filter((n) => paths.some((p) => n.path.startsWith(p))).map((n) => n.id);
  let inGrids: string[] | null = null;
  if (!scope.all && !scope.householdId) inGrids = gridsUnder(scope.paths);
  if (f.node) {
    const node = await ctx.db
      .selectFrom('nodes')
      .select('path')
      .where('id', '=', f.node)
      .where('structureId', '=', sid)
      .executeTakeFirst();
    if (!node) throw notFound({ zh: '网格节点', en: 'Node' }, 'node');
    const under = gridsUnder([node.path]);
    inGrids = inGrids ? inGrids.filter((g) => under.includes(g)) : under;
  }
  let base = ctx.db.selectFrom('households').where('households.villageId', '=', village.id);
  if (scope.householdId) base = base.where('households.id', '=', scope.householdId);
  if (inGrids) {
    const ids = inGrids.length ? inGrids : ['-'];
    base = base.where('households.id', 'in', (eb) =>
      eb
        .selectFrom('assignments')
        .select('assignments.householdId')
        .where('assignments.structureId', '=', sid)
        .where('assignments.nodeId', 'in', ids),
    );
  }
  if (f.withoutGrid === '1')
    base = base.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assignments')
            .select('assignments.householdId')
            .whereRef('assignments.householdId', '=', 'households.id')
            .where('assignments.structureId', '=', sid),
        ),
      ),
    );
  if (f.kind) base = base.where('households.kind', '=', f.kind);
  if (q) base = base.where((eb) => matchQuery(eb, village.id, q, ctx.database.backend));
  const counted = base.select((eb) => eb.fn.countAll<number>().as('total'));
  // One statement: the page (its columns only), the total alongside (an uncorrelated subquery,
  // evaluated once), and each household's head and size (correlated: for the page's rows only).
  const page = base
    .leftJoin('assignments', (j) =>
      j.onRef('assignments.householdId', '=', 'households.id').on('assignments.structureId', '=', sid),
    )
    .select([...HOUSEHOLD_COLUMNS, 'assignments.nodeId as gridId'])
    .orderBy('households.number')
    .limit(f.pageSize)
    .offset(offsetOf(f));
  const rows = await ctx.db
    .selectFrom(page.as('p'))
    .selectAll('p')
    .select((eb) => [
      counted.as('total'),
      eb
        .selectFrom('residents')
        .select('residents.name')
        .whereRef('residents.householdId', '=', 'p.id')
        .where('residents.relation', '=', 'head')
        .limit(1)
        .as('head'),
      eb
        .selectFrom('residents')
        .select((r) => r.fn.countAll<number>().as('n'))
        .whereRef('residents.householdId', '=', 'p.id')
        .as('size'),
    ])
    .orderBy('p.number')
    .execute();
  // Past the last page there is no row to carry the total: count apart then.
  const total = rows.length
    ? Number(rows[0].total)
    : offsetOf(f) === 0
      ? 0
      : Number((await counted.executeTakeFirstOrThrow()).total);
  return {
    items: rows.map((r) => {
      const grid = r.gridId ? (grids?.byId.get(r.gridId) ?? null) : null;
      return {
        ...presentHousehold(r),
        head: r.head ?? null,
        residents: Number(r.size ?? 0),
        grid: grid ? { id: grid.id, code: grid.code, name: grid.name } : null,
        gridMembers: grid?.members ?? [],
      };
    }),
    total,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** The household columns a list shows (presentHousehold). */
const HOUSEHOLD_COLUMNS = [
  'households.id',
  'households.number',
  'households.kind',
  'households.name',
  'households.address',
  'households.tags',
  'households.lat',
  'households.lng',
  'households.updatedAt',
] as const;

export async function householdPage(ctx: Ctx, caller: Caller, input: { householdId: string }) {
  const village = villageOf(caller);
  const scope = caller.scope;
  const h = await householdInScope(ctx.db, village.id, scope, input.householdId);
  const residents = await ctx.db
    .selectFrom('residents')
    .selectAll()
    .where('householdId', '=', h.id)
    .orderBy('birthDate')
    .execute();
  const history = await coverageHistory(ctx.db, village.id, h.id);
  const current = history.find((s) => s.validTo === null) ?? null;
  // The chain of responsibility: every open post on the current grid's path, grid first.
  let responsible: {
    role: string;
    name: string;
    nodeCode: string;
    nodeName: string;
    personId: string;
    phone: string | null;
  }[] = [];
  if (current) {
    const grid = await ctx.db
      .selectFrom('nodes')
      .select('path')
      .where('id', '=', current.grid.id)
      .executeTakeFirstOrThrow();
    const pathIds = grid.path.split('/').filter(Boolean);
    const rows = await ctx.db
      .selectFrom('posts')
      .innerJoin('people', 'people.id', 'posts.personId')
      .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
      .select([
        'posts.role',
        'people.name',
        'people.id as personId',
        'people.phone',
        'nodes.code as nodeCode',
        'nodes.name as nodeName',
        'nodes.depth',
      ])
      .where('posts.nodeId', 'in', pathIds)
      .where('posts.validTo', 'is', null)
      .where('posts.role', 'not in', ['evaluator', 'reserve'])
      .execute();
    responsible = rows.sort((a, b) => b.depth - a.depth).map(({ depth: _d, ...r }) => r);
  }
  const order = { head: 0, spouse: 1 } as Record<string, number>;
  const sorted = residents.sort((a, b) => (order[a.relation] ?? 2) - (order[b.relation] ?? 2));
  if (scope.householdId) {
    // A villager's own household: no staff-only fields (tags, history, coordinates), but the
    // grid member's full phone number, so that they can call them.
    return {
      household: { id: h.id, number: h.number, kind: h.kind, address: h.address },
      residents: sorted.map((r) => {
        const { tags: _t, status: _s, ...rest } = presentResident(r);
        return rest;
      }),
      grid: current ? { code: current.grid.code, name: current.grid.name } : null,
      gridMembers: responsible
        .filter((r) => r.role === 'gridMember')
        .map((r) => ({ personId: r.personId, name: r.name, phone: r.phone })),
    };
  }
  return {
    household: presentHousehold(h),
    residents: sorted.map((r) => presentResident(r)),
    grid: current ? current.grid : null,
    responsible: responsible.map((r) => ({ ...r, phone: maskPhone(r.phone) })),
    history,
  };
}
