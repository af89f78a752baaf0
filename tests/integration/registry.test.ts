import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan';

describe('registry: search, household page, edits', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  it('finds a household by house number, by a resident name and by address, paged', async () => {
    const byNumber = (await t.call('GET', `${V}/households?q=DHS-0042`)).body;
    expect(byNumber.items[0].number).toBe('DHS-0042');
    const head = byNumber.items[0].head;
    expect(head).toBeTruthy();
    const byName = (await t.call('GET', `${V}/households?q=${encodeURIComponent(head)}&pageSize=100`)).body;
    expect(byName.items.map((h: any) => h.number)).toContain('DHS-0042');
    const byAddress = (await t.call('GET', `${V}/households?q=${encodeURIComponent(byNumber.items[0].address)}`)).body;
    expect(byAddress.items.map((h: any) => h.number)).toContain('DHS-0042');
    const page2 = (await t.call('GET', `${V}/households?page=2&pageSize=50`)).body;
    expect(page2).toMatchObject({ total: 1324, page: 2, pageSize: 50 });
    expect(page2.items).toHaveLength(50);
    const shops = (await t.call('GET', `${V}/households?kind=shop`)).body;
    expect(shops.total).toBe(14);
    expect(shops.items.every((h: any) => h.grid === null)).toBe(true); // peacetime covers households only
  });

  it('search matches by the same rules on either backend: prefixes, fragments of any length, exact ID and phone numbers', async () => {
    const { db } = t.ctx;
    const village = await db
      .selectFrom('villages')
      .select('id')
      .where('code', '=', 'dahuashan')
      .executeTakeFirstOrThrow();
    const households = await db
      .selectFrom('households')
      .select(['id', 'number', 'address', 'name'])
      .where('villageId', '=', village.id)
      .execute();
    const residents = await db
      .selectFrom('residents')
      .select(['householdId', 'name', 'idNumber', 'phone'])
      .where('villageId', '=', village.id)
      .execute();
    const unit = households.find((h) => h.name && [...h.name].length >= 4)!;
    const withPhone = residents.find((r) => r.phone)!;
    const someone = residents[17];
    const text = (q: string) => (h: (typeof households)[number]) =>
      h.number.startsWith(q) ||
      h.address.includes(q) ||
      (h.name ?? '').includes(q) ||
      residents.some((r) => r.householdId === h.id && r.name.startsWith(q));
    const exact = (q: string) => (h: (typeof households)[number]) =>
      h.number.startsWith(q) || residents.some((r) => r.householdId === h.id && (r.idNumber === q || r.phone === q));
    const cases: [string, (h: (typeof households)[number]) => boolean][] = [
      [[...unit.name!].slice(1, 3).join(''), text([...unit.name!].slice(1, 3).join(''))], // two characters: no trigram
      [[...unit.name!].slice(1, 4).join(''), text([...unit.name!].slice(1, 4).join(''))], // a unit-name fragment
      [households[5].address.slice(2, 7), text(households[5].address.slice(2, 7))], // an address fragment
      [someone.name.slice(0, 1), text(someone.name.slice(0, 1))], // a surname: many households
      [someone.name, text(someone.name)],
      [someone.idNumber, exact(someone.idNumber)],
      [withPhone.phone!, exact(withPhone.phone!)],
      ['DHS-01', (h) => h.number.startsWith('DHS-01')],
    ];
    for (const [q, matches] of cases) {
      const want = households
        .filter(matches)
        .map((h) => h.id)
        .sort();
      const res = (await t.call('GET', `${V}/households?q=${encodeURIComponent(q)}&pageSize=100`)).body;
      expect(res.total, q).toBe(want.length);
      if (want.length <= 100) expect(res.items.map((h: any) => h.id).sort(), q).toEqual(want);
    }
  });

  it('filters by a subtree of the active structure (a zone)', async () => {
    const tree = (await t.call('GET', `${V}/structures/active`)).body;
    const zone = tree.nodes.find((n: any) => n.kind === 'zone');
    const list = (await t.call('GET', `${V}/households?node=${zone.id}&pageSize=1`)).body;
    expect(list.total).toBe(zone.households);
  });

  it('shows a household page with masked numbers, its grid and the chain of responsibility', async () => {
    const hh = (await t.call('GET', `${V}/households?q=DHS-0001`)).body.items[0];
    const page = (await t.call('GET', `${V}/households/${hh.id}`)).body;
    expect(page.household.number).toBe('DHS-0001');
    expect(page.residents.length).toBeGreaterThan(0);
    expect(page.residents[0].relation).toBe('head');
    for (const r of page.residents) expect(r.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(page.responsible.map((r: any) => r.role)).toEqual(['gridMember', 'gridLeader', 'branchLeader', 'chief']);
    expect(page.history).toHaveLength(1);
  });

  it('answers 404 with the error shape for a household that does not exist or another village', async () => {
    const res = await t.call('GET', `${V}/households/not-a-household`);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'householdId' });
    expect((await t.call('GET', '/api/v1/villages/nowhere')).status).toBe(404);
  });

  it('registers a resident, refusing a bad check digit, a second head and a duplicate ID, writing nothing on error', async () => {
    const hh = (await t.call('GET', `${V}/households?q=DHS-0002`)).body.items[0];
    const good = makeIdNumber('110117', '2020-03-04', 11);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const base = { householdId: hh.id, name: '张小宝', relation: 'grandchild', status: 'resident' };
    const r1 = await t.call('POST', `${V}/residents`, { ...base, idNumber: bad });
    expect(r1.status).toBe(400);
    expect(r1.body.error).toMatchObject({ code: 'ID_CHECK_DIGIT', field: 'idNumber' });
    const r2 = await t.call('POST', `${V}/residents`, { ...base, idNumber: good, relation: 'head' });
    expect(r2.status).toBe(409);
    expect(r2.body.error).toMatchObject({ code: 'TWO_HEADS', field: 'relation' });
    const before = (await t.call('GET', `${V}/households/${hh.id}`)).body.residents.length;
    // Full-width digits and spaces are normalised, not rejected.
    const fullWidth = good.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const ok = await t.call('POST', `${V}/residents`, { ...base, idNumber: ` ${fullWidth} `, phone: '138 0013 8000' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ gender: 'M', birthDate: '2020-03-04', phone: '138****8000' });
    expect((await t.call('GET', `${V}/households/${hh.id}`)).body.residents.length).toBe(before + 1);
    const dup = await t.call('POST', `${V}/residents`, { ...base, idNumber: good });
    expect(dup.body.error).toMatchObject({ code: 'DUPLICATE_ID', field: 'idNumber' });
  });

  it('creates a household straight into a grid, so it is covered at once', async () => {
    const tree = (await t.call('GET', `${V}/structures/active`)).body;
    const grid = tree.nodes.find((n: any) => n.kind === 'grid');
    const res = await t.call('POST', `${V}/households`, {
      number: 'dhs-9001',
      kind: 'household',
      address: '大华山村 新街 1号',
      gridId: grid.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.number).toBe('DHS-9001');
    const page = (await t.call('GET', `${V}/households/${res.body.id}`)).body;
    expect(page.grid.id).toBe(grid.id);
    const again = await t.call('POST', `${V}/households`, { number: 'DHS-9001', kind: 'household', address: 'x' });
    expect(again.body.error).toMatchObject({ code: 'DUPLICATE_HOUSEHOLD_NUMBER', field: 'number' });
  });

  it('lists staff with posts, duty tags and the reserve pool; aggregates places without names', async () => {
    const people = (await t.call('GET', `${V}/people`)).body.items;
    expect(
      people.filter(
        (p: any) => p.dutyTags.length > 0 && p.posts.some((x: any) => ['gridLeader', 'gridMember'].includes(x.role)),
      ),
    ).toHaveLength(35);
    expect(people.filter((p: any) => p.reserve && p.posts.length === 0).length).toBeGreaterThanOrEqual(5);
    const places = (await t.call('GET', '/api/v1/places')).body.items;
    const town = places.find((p: any) => p.kind === 'town');
    expect(town.counts).toMatchObject({ households: 1305, units: 20 });
    expect(JSON.stringify(town)).not.toMatch(/DHS-/);
  });
});
