/**
 * Registry and structure writes on the write envelope: the change, its audit row and its event
 * commit together or not at all, and the event is filed where scoping finds it (the household's
 * grid, the post's node), so a grid member hears their own grid and not another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller, type Caller } from '../../server/src/core/caller';
import { write } from '../../server/src/core/write';
import type { EventRow } from '../../server/src/db/types';
import { scopeOf } from '../../server/src/modules/access/scope';
import { loadActor } from '../../server/src/modules/access/actor';
import { visibleTo, type Listener } from '../../server/src/modules/events/visibility';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { createResident } from '../../server/src/modules/registry/residents';
import { villageByCode } from '../../server/src/modules/registry/villages';
import { replacePost } from '../../server/src/modules/structures/staffing';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan';

describe('registry and structure writes on the write envelope', () => {
  let t: DemoApp;
  let cli: Caller;
  beforeAll(async () => {
    t = await demoApp();
    cli = cliCaller(await villageByCode(t.ctx.db, 'dahuashan'), 'test');
  });
  afterAll(async () => t.close());

  const auditRows = (action: string) =>
    t.ctx.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('at').execute();
  const eventsOf = (type: string) =>
    t.ctx.db.selectFrom('events').selectAll().where('type', '=', type).orderBy('seq').execute() as Promise<EventRow[]>;
  const totals = async () => ({
    audit: (await t.ctx.db.selectFrom('auditLog').select('id').execute()).length,
    events: (await t.ctx.db.selectFrom('events').select('seq').execute()).length,
  });

  /** The event listener a signed-in staff member is, as the live stream builds it. */
  const listenerOf = async (role: 'gridMember' | 'chief'): Promise<Listener> => {
    const login = t.logins.find((l) => l.role === role)!.login;
    const account = await t.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('login', '=', login)
      .executeTakeFirstOrThrow();
    const actor = (await loadActor(t.ctx.db, account.id, {}))!;
    return { accountId: actor.accountId, kind: actor.kind, householdId: null, scope: scopeOf(actor) };
  };

  /** A household of the grid member's own grid, and one of another grid, with their grid paths. */
  const households = async () => {
    const member = await t.as('gridMember');
    const me = (await member('GET', '/api/v1/auth/me')).body;
    const grid = me.posts[0].nodeId as string;
    const list = (await t.call('GET', `${V}/households?kind=household&pageSize=200`)).body.items;
    const own = list.find((h: any) => h.grid?.id === grid);
    const foreign = list.find((h: any) => h.grid && h.grid.id !== grid);
    const path = async (nodeId: string) =>
      (await t.ctx.db.selectFrom('nodes').select('path').where('id', '=', nodeId).executeTakeFirstOrThrow()).path;
    return {
      member,
      own: { id: own.id as string, path: await path(grid) },
      foreign: { id: foreign.id as string, path: await path(foreign.grid.id) },
    };
  };

  const newborn = (householdId: string, n: number) => ({
    householdId,
    name: `新生儿${n}`,
    idNumber: makeIdNumber('110117', '2025-12-01', 40 + n),
    relation: 'grandchild' as const,
    status: 'resident' as const,
  });

  it('a resident registered by the grid member commits with its audit row and an event for that grid only', async () => {
    const { member, own, foreign } = await households();
    const res = await member('POST', `${V}/residents`, newborn(own.id, 1));
    expect(res.status).toBe(201);
    const [row] = (await auditRows('resident.create')).filter((r) => r.targetId === res.body.id);
    expect(row).toMatchObject({ status: 201, method: 'POST', actorName: expect.any(String) });
    expect(row.accountId).toBeTruthy();
    expect(row.after).not.toContain(res.body.idNumber.replace(/\*/g, '')); // masked in the log too
    const [ev] = (await eventsOf('registry.resident.created')).filter((e) => e.subjectId === res.body.id);
    expect(ev).toMatchObject({ householdId: own.id, path: own.path, accountId: null });
    expect(ev.payload ?? '').not.toContain('新生儿'); // ids and states only
    // Scoped: the grid member and the chief hear it; a member of another grid would not.
    const mine = await listenerOf('gridMember');
    expect(visibleTo(ev, mine)).toBe(true);
    expect(visibleTo(ev, await listenerOf('chief'))).toBe(true);
    expect(visibleTo({ ...ev, path: foreign.path, householdId: foreign.id }, mine)).toBe(false);
  });

  it('a failure after the registry change, before commit, leaves no resident, no audit row and no event', async () => {
    const { own } = await households();
    const before = await totals();
    const residents = async () =>
      (await t.ctx.db.selectFrom('residents').select('id').where('householdId', '=', own.id).execute()).length;
    const count = await residents();
    // The use case runs inside a write that fails after it: it joins that transaction, and all goes.
    await expect(
      write(t.ctx, cli, async (w) => {
        await createResident(t.ctx, cli, newborn(own.id, 2));
        // Inside the transaction the resident is there; then the write fails before commit.
        expect(
          await w.trx.selectFrom('residents').select('id').where('householdId', '=', own.id).execute(),
        ).toHaveLength(count + 1);
        throw new Error('forced failure after the change');
      }),
    ).rejects.toThrow(/forced failure/);
    expect(await residents()).toBe(count);
    expect(await totals()).toEqual(before);

    // With no failure, all three are there, the audit row naming the CLI.
    const made = await createResident(t.ctx, cli, newborn(own.id, 2));
    expect(await residents()).toBe(count + 1);
    const [row] = (await auditRows('resident.create')).filter((r) => r.targetId === made.id);
    expect(row).toMatchObject({ actorName: 'cli: wangge test', accountId: null, villageId: t.demo.villageId });
    expect((await eventsOf('registry.resident.created')).filter((e) => e.subjectId === made.id)).toHaveLength(1);
    expect(await totals()).toEqual({ audit: before.audit + 1, events: before.events + 1 });
  });

  it('replacing a grid member in the active structure is all or nothing, and announces posts.changed on that grid', async () => {
    const active = (await t.call('GET', `${V}/structures/active`)).body;
    // Another grid than the demo grid member's, who the other tests sign in as.
    const { own } = await households();
    const grid = active.nodes.find(
      (n: any) => n.kind === 'grid' && n.path !== own.path && n.staff.some((s: any) => s.role === 'gridMember'),
    );
    const post = grid.staff.find((s: any) => s.role === 'gridMember');
    const [reserve, other] = (await t.call('GET', `${V}/people?reserve=1&unposted=1`)).body.items;
    const open = () =>
      t.ctx.db
        .selectFrom('posts')
        .select(['id', 'personId'])
        .where('nodeId', '=', grid.id)
        .where('role', '=', 'gridMember')
        .where('validTo', 'is', null)
        .execute();
    const before = { posts: await open(), totals: await totals() };
    const input = { structureId: active.structure.id, postId: post.postId, personId: other.id };
    await expect(
      write(t.ctx, cli, async (w) => {
        await replacePost(t.ctx, cli, input);
        const held = await w.trx
          .selectFrom('posts')
          .select('personId')
          .where('id', '=', post.postId)
          .executeTakeFirst();
        expect(held).toBeDefined(); // the old post is closed, not gone, inside the transaction
        throw new Error('forced failure after the change');
      }),
    ).rejects.toThrow(/forced failure/);
    expect(await open()).toEqual(before.posts);
    expect(await totals()).toEqual(before.totals);

    const replaced = await t.call('POST', `${V}/structures/${active.structure.id}/posts/${post.postId}/replace`, {
      personId: reserve.id,
    });
    expect(replaced.status).toBe(200);
    expect((await open()).map((p) => p.personId)).toEqual([reserve.id]);
    const row = (await auditRows('structure.post.replace')).at(-1)!;
    expect(row).toMatchObject({ targetId: post.postId, status: 200, villageId: t.demo.villageId });
    expect(JSON.parse(row.after!)).toMatchObject({ personId: reserve.id, nodeId: grid.id });
    const ev = (await eventsOf('posts.changed')).at(-1)!;
    expect(ev).toMatchObject({ path: grid.path, subjectId: replaced.body.id });
    expect(JSON.parse(ev.payload!)).toMatchObject({ change: 'replaced', nodeId: grid.id, role: 'gridMember' });
  });

  it('a draft edit is announced under the draft, which only whole-village staff hear', async () => {
    const draft = (await t.call('POST', `${V}/structures`, { name: '事件草稿' })).body;
    const created = (await eventsOf('structure.draft.created')).at(-1)!;
    expect(created.subjectId).toBe(draft.id);
    const tree = (await t.call('GET', `${V}/structures/${draft.id}`)).body;
    const zone = tree.nodes.find((n: any) => n.kind === 'zone');
    const added = await t.call('POST', `${V}/structures/${draft.id}/nodes`, {
      parentId: zone.id,
      kind: 'patch',
      name: '新片',
    });
    expect(added.status).toBe(201);
    const ev = (await eventsOf('structure.node.added')).at(-1)!;
    expect(ev).toMatchObject({ subjectId: added.body.id, path: added.body.path });
    expect(visibleTo(ev, await listenerOf('chief'))).toBe(true);
    expect(visibleTo(ev, await listenerOf('gridMember'))).toBe(false);
    expect((await auditRows('structure.node.add')).at(-1)).toMatchObject({ targetId: added.body.id, status: 201 });
    expect((await t.call('DELETE', `${V}/structures/${draft.id}`)).status).toBe(204);
    expect((await eventsOf('structure.draft.discarded')).at(-1)!.subjectId).toBe(draft.id);
  });

  it('a household created into a grid is covered, audited with its grid and announced under that grid', async () => {
    const { own } = await households();
    const grid = (await t.call('GET', `${V}/households/${own.id}`)).body.grid;
    const res = await t.call('POST', `${V}/households`, {
      number: 'DHS-9101',
      kind: 'household',
      address: '大华山村 新街 2号',
      gridId: grid.id,
    });
    expect(res.status).toBe(201);
    const ev = (await eventsOf('registry.household.created')).at(-1)!;
    expect(ev).toMatchObject({ householdId: res.body.id, path: own.path });
    const row = (await auditRows('household.create')).at(-1)!;
    expect(JSON.parse(row.after!)).toMatchObject({ number: 'DHS-9101', gridId: grid.id });
    const coverage = await t.ctx.db
      .selectFrom('coverage')
      .select('nodeId')
      .where('householdId', '=', res.body.id)
      .where('validTo', 'is', null)
      .execute();
    expect(coverage).toEqual([{ nodeId: grid.id }]);
  });
});
