/** Accounts, sessions and the audit log: sign-in abuse, CSRF, issued passwords, activation codes, tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { client, demoApp, signedIn, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan';

describe('accounts, sessions and audit', () => {
  let t: DemoApp;
  const loginOf = (role: string) => t.logins.find((l) => l.role === role)!.login;
  const audit = (action: string) =>
    t.ctx.db.selectFrom('auditLog').selectAll().where('action', 'like', `${action}%`).orderBy('at').execute();
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  it('signs in with phone and password into an HttpOnly session cookie; wrong passwords get one clear error', async () => {
    const c = client(t.app);
    const bad = await c('POST', '/api/v1/auth/sign-in', { login: loginOf('gridMember'), password: 'wrong-pass1' });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: 'BAD_CREDENTIALS' });
    const unknown = await c('POST', '/api/v1/auth/sign-in', { login: '13000000000', password: 'wrong-pass1' });
    expect(unknown.body.error.code).toBe('BAD_CREDENTIALS'); // same answer: no account enumeration
    const ok = await c('POST', '/api/v1/auth/sign-in', { login: loginOf('gridMember'), password: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/wangge_session=[^;]+;.*HttpOnly/i);
    expect(String(ok.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    expect(ok.body.roles).toEqual(['gridMember']);
    expect((await audit('auth.sign_in')).some((r) => r.status === 401)).toBe(true);
    // The chief sees the failed attempt on a village account in the village's audit log; an
    // attempt on an unknown number belongs to no village.
    const log = (await t.call('GET', `${V}/audit?action=auth.sign_in&pageSize=500`)).body.items;
    const failed = log.filter((r: any) => r.status === 401);
    expect(failed.some((r: any) => String(r.after).includes(loginOf('gridMember').slice(7)))).toBe(true);
    expect(failed.some((r: any) => String(r.after).includes('1300****0000'))).toBe(false);
  });

  it('locks an account for 15 minutes after five wrong passwords', async () => {
    const login = loginOf('gridLeader');
    const account = await t.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('login', '=', login)
      .executeTakeFirstOrThrow();
    const attempts = async () =>
      (await t.call('GET', `${V}/audit?action=auth.sign_in&target=${account.id}&pageSize=100`)).body.items as any[];
    const stored = () =>
      t.ctx.db
        .selectFrom('accounts')
        .select(['failedLogins', 'lockedUntil'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
    const seen = (await attempts()).length;
    for (let i = 0; i < 5; i++) {
      expect((await t.anonymous('POST', '/api/v1/auth/sign-in', { login, password: `nope${i}xyz` })).status).toBe(401);
      // The refusal was answered after its count was committed (the fifth locks and starts again at 0).
      if (i < 4) expect((await stored()).failedLogins).toBe(i + 1);
    }
    expect(await stored()).toEqual({ failedLogins: 0, lockedUntil: t.clock.now() + 15 * 60_000 });
    const locked = await t.anonymous('POST', '/api/v1/auth/sign-in', { login, password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    // Every refused attempt is in the village's audit log, where the chief sees it.
    const refused = (await attempts()).slice(0, -seen || undefined);
    expect(refused.map((r) => r.status)).toEqual([429, 401, 401, 401, 401, 401]);
    expect(refused.every((r) => r.villageId === t.demo.villageId && r.accountId === null)).toBe(true);
    // The lockout is announced to the account (and to whoever sees the whole village).
    const lockedEvent = await t.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'access.account.updated')
      .where('accountId', '=', account.id)
      .execute();
    expect(lockedEvent.map((e) => JSON.parse(e.payload!).change)).toEqual(['locked']);
    t.clock.advance(16 * 60_000);
    expect((await t.anonymous('POST', '/api/v1/auth/sign-in', { login, password: DEMO_PASSWORD })).status).toBe(200);
    expect((await attempts())[0]).toMatchObject({ status: 200, accountId: account.id, actorName: account.displayName });
  });

  it('rate-limits sign-in attempts per address', async () => {
    const { buildApp } = await import('../../server/src/http/app');
    const app = await buildApp(t.ctx, { webDir: null, signInPerMinute: 3 });
    const c = client(app);
    // The counts are in the database (shared by every app on it): start in a fresh window.
    t.clock.advance(61_000);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await c('POST', '/api/v1/auth/sign-in', { login: '13000000009', password: 'whatever1' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await c('POST', '/api/v1/auth/sign-in', { login: '13000000009', password: 'whatever1' });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    await app.close();
  });

  it('refuses cookie writes without the CSRF token, and sends security headers', async () => {
    const res = await t.call('POST', `${V}/structures`, { name: '无令牌' }, { 'x-csrf-token': 'forged' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF');
    const h = (await t.call('GET', '/api/health')).headers;
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['x-content-type-options']).toBe('nosniff');
    const big = await t.call('POST', `${V}/structures`, { name: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it('the chief creates a staff account with an issued password that must be changed first', async () => {
    const accounts = (await t.call('GET', `${V}/accounts`)).body.items;
    expect(accounts.length).toBeGreaterThan(100);
    // A new logistics helper joins the reserve pool in the registry, without an account yet.
    const person = {
      id: 'p-new-helper',
      villageId: t.demo.villageId,
      residentId: null,
      name: '赵后勤',
      phone: '13511112222',
      gender: 'M' as const,
      partyMember: 0,
      dutyTags: '[]',
      reserve: 1,
      createdAt: t.clock.now(),
    };
    await t.ctx.db.insertInto('people').values(person).execute();
    const created = await t.call('POST', `${V}/accounts`, { personId: person.id });
    expect(created.status).toBe(201);
    const issued = created.body.issuedPassword;
    expect(issued).toMatch(/^[a-z]{4}\d{4}$/);
    const c = await signedIn(t.app, created.body.login, issued);
    const me = (await c('GET', '/api/v1/auth/me')).body;
    expect(me.mustChangePassword).toBe(true);
    expect((await c('GET', `${V}/structures/active`)).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await c('POST', '/api/v1/auth/password', { currentPassword: issued, newPassword: 'short' });
    expect(weak.body.error).toMatchObject({ code: 'PASSWORD_LENGTH', field: 'password' });
    expect(
      (await c('POST', '/api/v1/auth/password', { currentPassword: issued, newPassword: 'newpass2026' })).status,
    ).toBe(200);
    expect((await c('GET', '/api/v1/auth/me')).body.mustChangePassword).toBe(false);
    const row = (await audit('account.create')).at(-1)!;
    expect(row).toMatchObject({ targetId: created.body.id, status: 201 });
    expect(row.after).not.toContain(issued); // secrets never reach the audit log
  });

  it('a staff member without a phone in the registry gets an account with the number the chief gives, recorded on the person', async () => {
    const person = {
      id: 'p-no-phone',
      villageId: t.demo.villageId,
      residentId: null,
      name: '钱志愿',
      phone: null,
      gender: 'F' as const,
      partyMember: 1,
      dutyTags: '[]',
      reserve: 1,
      createdAt: t.clock.now(),
    };
    await t.ctx.db.insertInto('people').values(person).execute();
    const missing = await t.call('POST', `${V}/accounts`, { personId: person.id });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'NO_PHONE', field: 'phone' });
    expect(missing.body.error.zh).toMatch(/手机号/);
    expect(missing.body.error.en).toMatch(/phone number/);
    const bad = await t.call('POST', `${V}/accounts`, { personId: person.id, phone: '0571-8888888' });
    expect(bad.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });
    const taken = await t.call('POST', `${V}/accounts`, { personId: person.id, phone: '13511112222' }); // the helper's account above
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ACCOUNT_EXISTS', field: 'phone' });
    // Nothing half-written: the refused attempts left the person without a phone and without an account.
    expect(
      (await t.ctx.db.selectFrom('people').select('phone').where('id', '=', person.id).executeTakeFirstOrThrow()).phone,
    ).toBeNull();
    const created = await t.call('POST', `${V}/accounts`, { personId: person.id, phone: '+86 137-0000-1111' });
    expect(created.status).toBe(201);
    expect(created.body.login).toBe('13700001111');
    expect(
      (await t.ctx.db.selectFrom('people').select('phone').where('id', '=', person.id).executeTakeFirstOrThrow()).phone,
    ).toBe('13700001111');
    const c = await signedIn(t.app, '13700001111', created.body.issuedPassword);
    expect((await c('GET', '/api/v1/auth/me')).body.mustChangePassword).toBe(true);
    // Someone who has a number keeps it: a different one is refused, not silently ignored.
    const other = (await t.call('GET', `${V}/accounts`)).body.items.length;
    const p2 = { ...person, id: 'p-has-phone', name: '孙有号', phone: '13800002222' };
    await t.ctx.db.insertInto('people').values(p2).execute();
    const mismatch = await t.call('POST', `${V}/accounts`, { personId: p2.id, phone: '13800003333' });
    expect(mismatch.body.error).toMatchObject({ code: 'PHONE_ALREADY_SET', field: 'phone' });
    expect((await t.call('GET', `${V}/accounts`)).body.items.length).toBe(other);
  });

  it('a grid member issues a one-time activation code; the villager activates and sees their household', async () => {
    const member = await t.as('gridMember');
    const me = (await member('GET', '/api/v1/auth/me')).body;
    const grid = me.posts[0].nodeId;
    const households = (await t.call('GET', `${V}/households?node=${grid}&pageSize=50`)).body.items;
    const target = households.find((h: any) => h.kind === 'household' && h.number !== 'DHS-0001');
    const issued = await member('POST', `${V}/households/${target.id}/activation-code`, {});
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const villager = client(t.app);
    const weak = await villager('POST', '/api/v1/auth/activate', {
      code: issued.body.code,
      phone: '13612345678',
      password: 'abc',
    });
    expect(weak.body.error.code).toBe('PASSWORD_LENGTH');
    const ok = await villager('POST', '/api/v1/auth/activate', {
      code: issued.body.code.toLowerCase(),
      phone: '136 1234 5678',
      password: 'myhome2026',
      name: '王大爷',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.householdId).toBe(target.id);
    expect((await villager('GET', `${V}/households/${target.id}`)).status).toBe(200);
    const reuse = await client(t.app)('POST', '/api/v1/auth/activate', {
      code: issued.body.code,
      phone: '13612345679',
      password: 'myhome2026',
    });
    expect(reuse.body.error.code).toBe('BAD_ACTIVATION_CODE');
    const foreign = (await t.call('GET', `${V}/households?kind=household&pageSize=200`)).body.items.find(
      (h: any) => h.grid && h.grid.id !== grid,
    );
    expect((await member('POST', `${V}/households/${foreign.id}/activation-code`, {})).status).toBe(404);
  });

  it('reveals full numbers only on request, and audits every reveal and write with before and after', async () => {
    const hh = (await t.call('GET', `${V}/households?q=DHS-0003`)).body.items[0];
    const page = (await t.call('GET', `${V}/households/${hh.id}`)).body;
    const r = page.residents[0];
    expect(r.idNumber).toContain('********');
    const revealed = await t.call('POST', `${V}/residents/${r.id}/reveal`);
    expect(revealed.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    const rows = await audit('resident.reveal');
    expect(rows.at(-1)).toMatchObject({ targetId: r.id, status: 200, actorName: expect.any(String) });
    const update = await t.call('PUT', `${V}/residents/${r.id}`, {
      householdId: hh.id,
      name: r.name,
      idNumber: revealed.body.idNumber,
      relation: r.relation,
      status: 'away',
    });
    expect(update.status).toBe(200);
    const row = (await audit('resident.update')).at(-1)!;
    expect(JSON.parse(row.before!).status).toBe(r.status);
    expect(JSON.parse(row.after!).status).toBe('away');
    expect(row.ip).toBeTruthy();
    const added = await t.call('POST', `${V}/residents`, {
      householdId: hh.id,
      name: '新生儿',
      idNumber: makeIdNumber('110117', '2025-12-01', 33),
      relation: 'grandchild',
      status: 'resident',
    });
    expect(added.status).toBe(201);
    expect((await audit('resident.create')).at(-1)!.targetId).toBe(added.body.id);
    // Denials are recorded too.
    const member = await t.as('gridMember');
    await member('POST', `${V}/structures`, { name: 'x' });
    expect(
      (await t.ctx.db.selectFrom('auditLog').selectAll().where('status', '=', 403).execute()).length,
    ).toBeGreaterThan(0);
    // The chief browses and exports it.
    const browse = (await t.call('GET', `${V}/audit?action=resident.&pageSize=10`)).body;
    expect(browse.total).toBeGreaterThanOrEqual(3);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `${V}/audit/export.xlsx`,
      headers: { cookie: [...(t.call as any).cookies].map(([k, v]: string[]) => `${k}=${v}`).join('; ') },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps the audit log append-only in the database itself', async () => {
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
  });

  it('API tokens act within the owner’s rights, narrowed to the policies named, and can be revoked', async () => {
    const created = await t.call('POST', '/api/v1/auth/tokens', { name: '统计对接', policies: ['village.read'] });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const list = await t.anonymous('GET', `${V}/households?pageSize=1`, undefined, bearer);
    expect(list.status).toBe(200);
    expect((await t.anonymous('POST', `${V}/structures`, { name: 'x' }, bearer)).status).toBe(403);
    const member = await t.as('gridMember');
    const beyond = await member('POST', '/api/v1/auth/tokens', { name: 'x', policies: ['structure.write'] });
    expect(beyond.body.error.code).toBe('POLICY_NOT_HELD');
    expect((await t.call('DELETE', `/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await t.anonymous('GET', `${V}/households?pageSize=1`, undefined, bearer)).status).toBe(401);
  });

  it('signs out everywhere: every session of the account ends', async () => {
    const login = loginOf('branchLeader');
    const phone = await signedIn(t.app, login);
    const desk = await signedIn(t.app, login);
    expect((await desk('GET', '/api/v1/auth/sessions')).body.items.length).toBeGreaterThanOrEqual(2);
    const { account } = (await desk('GET', '/api/v1/auth/me')).body;
    expect((await desk('POST', '/api/v1/auth/sign-out-everywhere')).body.ended).toBeGreaterThanOrEqual(2);
    expect((await phone('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await desk('GET', '/api/v1/auth/me')).status).toBe(401);
    // Announced to the account, so its live streams end and caches drop its sessions; and audited.
    const revoked = await t.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'access.session.revoked')
      .where('accountId', '=', account.id)
      .execute();
    expect(revoked).toHaveLength(1);
    expect((await audit('session.end_all')).at(-1)).toMatchObject({ accountId: account.id, status: 200 });
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    const c = await t.as('reserve');
    const me = (await c('GET', '/api/v1/auth/me')).body;
    expect(me.policies).toEqual(['self']); // reserve: nothing until appointed
    expect((await t.call('POST', `${V}/accounts/${me.account.id}/status`, { status: 'disabled' })).status).toBe(200);
    expect((await c('GET', '/api/v1/auth/me')).status).toBe(401);
    expect(
      (await t.anonymous('POST', '/api/v1/auth/sign-in', { login: loginOf('reserve'), password: DEMO_PASSWORD })).body
        .error.code,
    ).toBe('ACCOUNT_DISABLED');
  });
});
