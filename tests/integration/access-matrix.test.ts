/**
 * The role × route matrix: every route of the server, called by every kind of account. The
 * expected table (tests/helpers/roles.ts) is written from the issue, independently of the server's policy table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/http/app';
import { policies } from '../../server/src/modules/access/policies';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { testDb } from '../helpers/db';
import { everyone, expected, signedInWho, type Who } from '../helpers/roles';

describe('every route declares a policy', () => {
  it('lists a known policy for each route of the server', async () => {
    const t = await testDb();
    const app = await buildApp(t.ctx, { webDir: null });
    expect(app.routeTable.length).toBeGreaterThan(40);
    for (const r of app.routeTable) expect(policies, `${r.method} ${r.url}`).toContain(r.policy);
    await app.close();
    await t.dispose();
  });

  it('keeps the emergency restructuring routes to the chief', async () => {
    const t = await testDb();
    const app = await buildApp(t.ctx, { webDir: null });
    const densify = app.routeTable.find(
      (r) => r.method === 'POST' && r.url.endsWith('/structures/:structureId/densify'),
    );
    expect(densify?.policy).toBe('structure.write');
    expect(expected['structure.write']).toEqual(['chief']);
    await app.close();
    await t.dispose();
  });

  it('refuses to start when a route has no policy', async () => {
    const t = await testDb();
    await expect(
      buildApp(t.ctx, {
        webDir: null,
        extraRoutes: [async (app) => void app.get('/v1/forgotten', async () => ({ leaked: true }))],
      }),
    ).rejects.toThrow(/without a declared policy: GET \/api\/v1\/forgotten/);
    await t.dispose();
  });
});

describe('role × route matrix', () => {
  let t: DemoApp;
  const clients = new Map<Who, Call>();
  beforeAll(async () => {
    t = await demoApp();
    clients.set('anonymous', t.anonymous);
    for (const w of signedInWho) clients.set(w, await t.as(w as never));
  });
  afterAll(async () => t.close());

  const fill = (url: string) =>
    url
      .replace(':village', 'dahuashan')
      .replace(/:[A-Za-z]+/g, 'no-such-id')
      .replace('/*', '/console')
      .replace(/\/events$/, '/events?lifetime=0'); // the live stream ends at once

  it('answers 401 to anonymous callers, 403 to roles the policy leaves out, and lets the others through', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    // Signing out ends the session the rest of the matrix uses: those go last.
    const last = (u: string) => (u.includes('/auth/sign-out') ? 1 : 0);
    routes.sort((a, b) => last(a.url) - last(b.url));
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      for (const who of everyone) {
        const call =
          r.url.includes('/auth/sign-out') && who !== 'anonymous' ? await t.as(who as never) : clients.get(who)!;
        const res = await call(r.method, fill(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        const allowed = expected[r.policy!].includes(who);
        const denied = res.status === 401 || res.status === 403;
        const want = allowed ? 'through' : who === 'anonymous' ? 401 : 403;
        const ok = allowed ? !denied : res.status === want;
        if (!ok)
          failures.push(
            `${who} ${r.method} ${r.url} (${r.policy}) → ${res.status}, want ${want} ${JSON.stringify(res.body?.error ?? '')}`,
          );
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length * everyone.length);
  });
});
