/**
 * The server's log (issue #12, operations): JSON lines with a request id that the answer names
 * too, and never a secret, a token or a full ID number — not in URLs, not in headers, not in the
 * error of a failed request (a PostgreSQL error's detail quotes the refused row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { buildApp, type App } from '../../server/src/http/app';
import { loggerOptions } from '../../server/src/http/logging';
import { createDemoAccounts, DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { loadDemo } from '../../server/src/modules/demo/load';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { client } from '../helpers/demo-app';
import { testDb, type TestDb } from '../helpers/db';

const ID_NUMBER = makeIdNumber('110105', '1990-03-07', 123);
const PHONE = '13800138000';

const boom: FastifyPluginAsync = async (app) => {
  app.get('/test/boom', { config: { policy: 'public' } }, async () => {
    const err = new Error(`duplicate key value: ${ID_NUMBER}`);
    Object.assign(err, { detail: `Key (id_number)=(${ID_NUMBER}) already exists.`, phone: PHONE });
    throw err;
  });
};

let t: TestDb;
let app: App;
const lines: string[] = [];
let chiefLogin = '';

beforeAll(async () => {
  t = await testDb();
  await loadDemo(t.ctx);
  chiefLogin = (await createDemoAccounts(t.ctx)).find((l) => l.role === 'chief')!.login;
  app = await buildApp(t.ctx, {
    webDir: null,
    signInPerMinute: 10_000,
    extraRoutes: [boom],
    logger: loggerOptions({ level: 'info', stream: { write: (line) => void lines.push(line) } }),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const entries = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

describe('the log', () => {
  it('names the request id in every request line and in the answer; a client’s own id is kept', async () => {
    const c = client(app);
    const own = await c('GET', '/api/health', undefined, { 'x-request-id': 'phone-7f3a.1' });
    expect(own.headers['x-request-id']).toBe('phone-7f3a.1');
    const made = await c('GET', '/api/health', undefined, { 'x-request-id': 'not a token; DROP TABLE' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ids = entries()
      .filter((e) => e.req || e.res)
      .map((e) => e.reqId);
    expect(ids).toContain('phone-7f3a.1');
    expect(ids).toContain(made.headers['x-request-id']);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it('keeps no password, session, CSRF token, secret query value or full ID or phone number', async () => {
    const before = lines.length;
    const c = client(app);
    const signIn = await c('POST', '/api/v1/auth/sign-in', { login: chiefLogin, password: DEMO_PASSWORD });
    expect(signIn.status).toBe(200);
    const session = [...c.cookies.values()];
    expect(session.length).toBeGreaterThan(0);
    const search = await c('GET', `/api/v1/villages/dahuashan/households?q=${ID_NUMBER}&phone=${PHONE}`);
    expect(search.status).toBe(200);
    await c('GET', '/api/v1/activate?token=SECRET-TOKEN-123&code=ACT-999&next=/m');
    await c('POST', '/api/v1/auth/sign-out', {});
    const failed = await c('GET', '/api/test/boom');
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('INTERNAL');

    const text = lines.slice(before).join('');
    for (const secret of [DEMO_PASSWORD, ...session, ID_NUMBER, PHONE, 'SECRET-TOKEN-123', 'ACT-999'])
      expect(text, `the log holds ${secret}`).not.toContain(secret);
    // What is kept: the masked forms, and that the error happened (with its request id).
    expect(text).toContain(`${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(14)}`);
    expect(text).toContain('token=***');
    const error = entries()
      .slice(before)
      .find((e) => e.err);
    expect(error?.err.message).toContain('duplicate key value: 110105********');
    expect(error?.err.detail).toContain('already exists');
    expect(error?.reqId).toBe(failed.headers['x-request-id']);
  });
});
