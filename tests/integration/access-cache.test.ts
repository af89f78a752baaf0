/**
 * The access cache (session, token, actor, village: modules/access/cache.ts) never lets a change
 * through: each test warms the cache with a request, changes something, and the very next request
 * sees the change. Also: what another process changes is seen once its event is heard, and warm
 * requests cost no database round trip for authentication.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { LoadingCache, accessCache } from '../../server/src/modules/access/cache';
import { demoApp, signedIn, type Call, type DemoApp } from '../helpers/demo-app';
import { backend } from '../helpers/db';

const V = '/api/v1/villages/dahuashan';

describe('the access cache lets no change through', () => {
  let t: DemoApp;
  const loginOf = (role: string) => t.logins.find((l) => l.role === role)!.login;
  const ok = async (c: Call, url = '/api/v1/auth/me') => expect((await c('GET', url)).status).toBe(200);
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  /** A write this process does not see (as if another process made it): raw, past Kysely. */
  async function foreign(statement: string, params: unknown[]) {
    if (backend === 'sqlite') {
      t.database.sqlite!.prepare(statement.replace(/\$\d+/g, '?')).run(...params);
      return;
    }
    const client = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      options: `-c search_path=${t.database.schema}`,
    });
    await client.connect();
    try {
      await client.query(statement, params);
    } finally {
      await client.end();
    }
  }

  /** An event written by "another process": its row and the village's counter, then heard by this one. */
  async function foreignEvent(type: string, accountId: string | null) {
    const villageId = t.demo.villageId;
    const { last } = await t.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('last'))
      .where('villageId', '=', villageId)
      .executeTakeFirstOrThrow();
    const seq = Number(last ?? 0) + 1;
    await foreign(
      `insert into event_counters (village_id, last_seq) values ($1, $2)
       on conflict (village_id) do update set last_seq = excluded.last_seq`,
      [villageId, seq],
    );
    await foreign(
      `insert into events (village_id, seq, type, subject_type, subject_id, path, household_id, account_id, audience, payload, at)
       values ($1, $2, $3, null, null, null, null, $4, 'staff', null, $5)`,
      [villageId, seq, type, accountId, t.clock.now()],
    );
    await t.ctx.events.pump(villageId); // what LISTEN/NOTIFY or the catch-up poll triggers
  }

  it('a revoked session is refused at its next request; the other session of the account goes on', async () => {
    const phone = await signedIn(t.app, loginOf('gridLeader'));
    const desk = await signedIn(t.app, loginOf('gridLeader'));
    await ok(phone);
    await ok(desk);
    const sessions = (await desk('GET', '/api/v1/auth/sessions')).body.items;
    const other = sessions.find((s: any) => !s.current);
    expect((await desk('DELETE', `/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await phone('GET', '/api/v1/auth/me')).status).toBe(401);
    await ok(desk);
    expect((await desk('POST', '/api/v1/auth/sign-out')).status).toBe(200);
  });

  it('signing out ends the session at once; signing out everywhere ends every session', async () => {
    const login = loginOf('branchLeader');
    const a = await signedIn(t.app, login);
    const b = await signedIn(t.app, login);
    const c = await signedIn(t.app, login);
    await Promise.all([ok(a), ok(b), ok(c)]);
    const cookie = [...(a as any).cookies].map(([k, v]: string[]) => `${k}=${v}`).join('; ');
    expect((await a('POST', '/api/v1/auth/sign-out')).status).toBe(200);
    const reused = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(reused.statusCode).toBe(401); // the old cookie, replayed
    expect((await b('POST', '/api/v1/auth/sign-out-everywhere')).status).toBe(200);
    expect((await c('GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('a password change ends the other sessions and lifts the must-change gate at once', async () => {
    const login = loginOf('evaluator');
    const other = await signedIn(t.app, login);
    const me = await signedIn(t.app, login);
    await ok(other);
    await ok(me, `${V}/households?pageSize=1`);
    const res = await me('POST', '/api/v1/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Qingshan-2026!',
    });
    expect(res.status).toBe(200);
    expect((await other('GET', '/api/v1/auth/me')).status).toBe(401);
    await ok(me, `${V}/households?pageSize=1`);
    // Reset by the chief: issued password, must change it first; the old sessions end.
    const account = (await me('GET', '/api/v1/auth/me')).body.account;
    const again = await signedIn(t.app, login, 'Qingshan-2026!');
    await ok(again, `${V}/households?pageSize=1`);
    const reset = await t.call('POST', `${V}/accounts/${account.id}/reset`);
    expect(reset.status).toBe(200);
    expect((await again('GET', `${V}/households?pageSize=1`)).status).toBe(401);
    const fresh = await signedIn(t.app, login, reset.body.issuedPassword);
    const gated = await fresh('GET', `${V}/households?pageSize=1`);
    expect(gated.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await fresh('POST', '/api/v1/auth/password', {
      currentPassword: reset.body.issuedPassword,
      newPassword: 'Qingshan-2027!',
    });
    expect(changed.status).toBe(200);
    await ok(fresh, `${V}/households?pageSize=1`);
  });

  it('a disabled account is refused at its next request, even when only the account row changed', async () => {
    const c = await t.as('villager');
    const me = (await c('GET', '/api/v1/auth/me')).body;
    await ok(c, `${V}/households?pageSize=1`);
    // Only the account row: the sessions stay unrevoked, so it is the actor that must not be stale.
    await t.ctx.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', me.account.id).execute();
    expect((await c('GET', `${V}/households?pageSize=1`)).status).toBe(401);
    await t.ctx.db.updateTable('accounts').set({ status: 'active' }).where('id', '=', me.account.id).execute();
    await ok(c, `${V}/households?pageSize=1`);
    // Through the chief's console: disabled, sessions ended.
    expect((await t.call('POST', `${V}/accounts/${me.account.id}/status`, { status: 'disabled' })).status).toBe(200);
    expect((await c('GET', '/api/v1/auth/me')).status).toBe(401);
    await t.call('POST', `${V}/accounts/${me.account.id}/status`, { status: 'active' });
  });

  it('a revoked API token is refused at its next use', async () => {
    const created = await t.call('POST', '/api/v1/auth/tokens', { name: '缓存测试', policies: ['village.read'] });
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await t.anonymous('GET', `${V}/households?pageSize=1`, undefined, bearer)).status).toBe(200);
    expect((await t.anonymous('GET', `${V}/households?pageSize=1`, undefined, bearer)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await t.anonymous('GET', `${V}/households?pageSize=1`, undefined, bearer)).status).toBe(401);
  });

  it('a replaced post moves the scope at the next request: the old holder loses the grid, the new one gains it', async () => {
    const old = await t.as('gridMember');
    const oldMe = (await old('GET', '/api/v1/auth/me')).body;
    const post = oldMe.posts.find((p: any) => p.role === 'gridMember');
    const grid = (await t.call('GET', `${V}/households?node=${post.nodeId}&pageSize=100`)).body;
    expect((await old('GET', `${V}/households?pageSize=100`)).body.total).toBe(grid.total);
    // The newcomer: a reserve with a sign-in, who may read nothing yet (cached as such).
    const reserve = await t.as('reserve');
    const reserveMe = (await reserve('GET', '/api/v1/auth/me')).body;
    expect((await reserve('GET', `${V}/households?pageSize=1`)).status).toBe(403);

    const active = (await t.call('GET', `${V}/structures`)).body.items.find((s: any) => s.status === 'active');
    const tree = (await t.call('GET', `${V}/structures/${active.id}`)).body;
    const node = tree.nodes.find((n: any) => n.id === post.nodeId);
    const staff = node.staff.find((s: any) => s.role === 'gridMember' && s.personId === oldMe.personId);
    t.clock.advance(60_000);
    const replaced = await t.call('POST', `${V}/structures/${active.id}/posts/${staff.postId}/replace`, {
      personId: reserveMe.personId,
    });
    expect(replaced.status).toBe(200);

    expect((await old('GET', `${V}/households?pageSize=100`)).status).toBe(403);
    const now = (await reserve('GET', `${V}/households?pageSize=100`)).body;
    expect(now.total).toBe(grid.total);
    expect(now.items.every((h: any) => h.grid.id === post.nodeId)).toBe(true);

    // Backfilled: the old holder is appointed again, beside the newcomer, and reads the grid at once.
    const back = await t.call('POST', `${V}/structures/${active.id}/posts`, {
      nodeId: post.nodeId,
      personId: oldMe.personId,
      role: 'gridMember',
    });
    expect(back.status).toBe(201);
    expect((await old('GET', `${V}/households?pageSize=100`)).body.total).toBe(grid.total);
  });

  it('an activated structure moves every scope at the next request', async () => {
    const member = await t.as('gridMember');
    const before = (await member('GET', `${V}/households?pageSize=500`)).body.items.map((h: any) => h.id);
    const crisis = (await t.call('GET', V)).body.drafts.find((d: any) => d.name.startsWith('疫情网格'));
    t.clock.advance(60_000);
    expect((await t.call('POST', `${V}/structures/${crisis.id}/activate`)).status).toBe(200);
    const me = (await member('GET', '/api/v1/auth/me')).body;
    const grid = me.posts.find((p: any) => p.role === 'gridMember');
    expect(grid.nodeCode).toMatch(/^C\d+$/);
    const expected = (await t.call('GET', `${V}/households?node=${grid.nodeId}&pageSize=500`)).body.items;
    const after = (await member('GET', `${V}/households?pageSize=500`)).body.items.map((h: any) => h.id);
    expect(after.sort()).toEqual(expected.map((h: any) => h.id).sort());
    expect(after.sort()).not.toEqual(before.sort());
    // The proposal reads the household's grid path from the cached grids (inside its write).
    const propose = (householdId: string) =>
      member('POST', `${V}/points/entries`, {
        id: `cache-${householdId.slice(0, 8)}`,
        ruleCode: 'H04',
        target: { kind: 'household', householdId },
        reason: '配合疫情防控',
        evidence: [],
      });
    const lost = before.find((id: string) => !after.includes(id));
    const gained = after.find((id: string) => !before.includes(id) && id !== me.householdId);
    expect(lost ?? gained).toBeDefined();
    if (lost) expect((await propose(lost)).status).toBe(404);
    if (gained) expect((await propose(gained)).status).toBe(201);
  });

  it('another process’s revocation is seen as soon as its event is heard', async () => {
    const c = await t.as('chief');
    const me = (await c('GET', '/api/v1/auth/me')).body;
    const current = (await c('GET', '/api/v1/auth/sessions')).body.items.find((s: any) => s.current);
    await foreign('update sessions set revoked_at = $1 where id = $2', [t.clock.now(), current.id]);
    // Until the event arrives this process answers from its cache: the window documented in
    // docs/benchmarks.md (milliseconds with LISTEN/NOTIFY; the poll's second on SQLite).
    expect((await c('GET', '/api/v1/auth/me')).status).toBe(200);
    await foreignEvent('access.session.revoked', me.account.id);
    expect((await c('GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('another process’s change of posts is seen as soon as its event is heard', async () => {
    const c = await t.as('gridLeader');
    const me = (await c('GET', '/api/v1/auth/me')).body;
    await ok(c, `${V}/households?pageSize=1`);
    await foreign('update posts set valid_to = $1 where person_id = $2 and valid_to is null', [
      t.clock.now(),
      me.personId,
    ]);
    await foreignEvent('posts.changed', null);
    expect((await c('GET', `${V}/households?pageSize=1`)).status).toBe(403);
  });

  it('the household list names the grid members of now: a replaced post shows at the next request', async () => {
    const member = await t.as('gridMember');
    const me = (await member('GET', '/api/v1/auth/me')).body;
    const post = me.posts.find((p: any) => p.role === 'gridMember');
    const list = async () => (await t.call('GET', `${V}/households?node=${post.nodeId}&pageSize=5`)).body.items;
    const [first] = await list(); // warms the active structure's grids (registry/grids.ts)
    expect(first.gridMembers).toContain(me.account.name);
    const reserve = await t.as('reserve');
    const reserveMe = (await reserve('GET', '/api/v1/auth/me')).body;
    const active = (await t.call('GET', `${V}/structures`)).body.items.find((s: any) => s.status === 'active');
    const tree = (await t.call('GET', `${V}/structures/${active.id}`)).body;
    const staff = tree.nodes
      .find((n: any) => n.id === post.nodeId)
      .staff.find((s: any) => s.role === 'gridMember' && s.personId === me.personId);
    t.clock.advance(60_000);
    const replaced = await t.call('POST', `${V}/structures/${active.id}/posts/${staff.postId}/replace`, {
      personId: reserveMe.personId,
    });
    expect(replaced.status).toBe(200);
    const [now] = await list();
    expect(now.gridMembers).toContain(reserveMe.account.name);
    expect(now.gridMembers).not.toContain(me.account.name);
  });

  it('a grid renamed by another process shows in the list as soon as its event is heard', async () => {
    const grid = (await t.call('GET', `${V}/households?pageSize=1`)).body.items[0].grid;
    const list = async () => (await t.call('GET', `${V}/households?node=${grid.id}&pageSize=1`)).body.items;
    const [before] = await list();
    await foreign('update nodes set name = $1 where id = $2', ['改名网格', grid.id]);
    expect((await list())[0].grid.name).toBe(before.grid.name); // cached until the event is heard
    await foreignEvent('structure.grid.renamed', null);
    expect((await list())[0].grid.name).toBe('改名网格');
  });

  it('warm requests cost no database round trip to authenticate; the health check at most one a second', async () => {
    const c = await t.as('chief');
    const trips = async (f: () => Promise<unknown>) => {
      const before = t.database.observer.roundTrips;
      await f();
      return t.database.observer.roundTrips - before;
    };
    const url = `${V}/households?pageSize=1`;
    await c('GET', url);
    const warm = await trips(() => c('GET', url));
    const cache = accessCache(t.ctx);
    for (const m of [cache.sessions, cache.actors, cache.villages]) m.drop();
    const cold = await trips(() => c('GET', url));
    expect(cold - warm).toBe(4); // session, account with its place, posts, village
    expect(
      await trips(async () => Promise.all(Array.from({ length: 50 }, () => t.anonymous('GET', '/api/health')))),
    ).toBeLessThanOrEqual(1);
  });
});

describe('LoadingCache', () => {
  it('keeps a value loaded elsewhere (inside a write) only if nothing was dropped since', () => {
    const cache = new LoadingCache<string, string>();
    const version = cache.version;
    cache.drop(); // the write's own commit changed what was read
    cache.offer('k', 'old', version);
    expect(cache.peek('k')).toBeUndefined();
    cache.offer('k', 'new', cache.version);
    expect(cache.peek('k')).toBe('new');
  });

  it('never stores a load that began before an invalidation', async () => {
    const cache = new LoadingCache<string, string>();
    let release!: (v: string) => void;
    const first = cache.get('k', () => new Promise((r) => (release = r)));
    cache.drop(); // a commit lands while the old row is on its way
    release('old');
    expect(await first).toBe('old'); // that request was already under way
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('loads a miss once for concurrent callers, keeps no misses, and expires entries', async () => {
    const cache = new LoadingCache<string, number>(30);
    let loads = 0;
    const load = async () => ++loads;
    const all = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(all).toEqual([1, 1, 1]);
    expect(await cache.get('none', async () => null)).toBeNull();
    expect(await cache.get('none', async () => 7)).toBe(7);
    await vi.waitFor(async () => expect(await cache.get('k', load)).toBeGreaterThan(1), {
      timeout: 2000,
      interval: 10,
    });
  });
});
