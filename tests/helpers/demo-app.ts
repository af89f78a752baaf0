import { buildApp, type App } from '../../server/src/http/app';
import { registerJobs } from '../../server/src/main/jobs';
import { createDemoAccounts, DEMO_PASSWORD, type DemoLogin } from '../../server/src/modules/demo/accounts';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoPoints } from '../../server/src/modules/demo/points';
import { testDb, type TestDb } from './db';

export type Call = (
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: any; headers: Record<string, unknown> }>;

export interface DemoApp extends TestDb {
  app: App;
  demo: Awaited<ReturnType<typeof loadDemo>>;
  logins: DemoLogin[];
  /** Requests as the general grid leader (chief). */
  call: Call;
  /** Sign in as someone (a demo role or a login) and get their request function. */
  as(who: DemoLogin['role'] | { login: string; password?: string }): Promise<Call>;
  /** Requests with no session at all. */
  anonymous: Call;
  close(): Promise<void>;
}

/** A client that keeps its cookies and sends the CSRF header on writes, like the web app. */
export function client(app: App): Call & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  const call = (async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (cookies.size) h.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (!['GET', 'HEAD'].includes(method) && cookies.has('wangge_csrf') && !('x-csrf-token' in h))
      h['x-csrf-token'] = cookies.get('wangge_csrf')!;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    let parsed: unknown = null;
    if (res.body) {
      try {
        parsed = res.json();
      } catch {
        parsed = res.body;
      }
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }) as Call & { cookies: Map<string, string> };
  call.cookies = cookies;
  return call;
}

export async function signedIn(app: App, login: string, password = DEMO_PASSWORD): Promise<Call> {
  const c = client(app);
  const res = await c('POST', '/api/v1/auth/sign-in', { login, password });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

/** A fresh database with the demo village and its sign-ins, and the HTTP app on top (no web assets). */
export async function demoApp(opts: { signInPerMinute?: number } = {}): Promise<DemoApp> {
  const t = await testDb();
  registerJobs(t.ctx);
  const demo = await loadDemo(t.ctx);
  const logins = await createDemoAccounts(t.ctx);
  await createDemoPoints(t.ctx, demo.villageId);
  const app = await buildApp(t.ctx, { webDir: null, signInPerMinute: opts.signInPerMinute ?? 10_000 });
  const loginOf = (role: DemoLogin['role']) => logins.find((l) => l.role === role)!.login;
  const call = await signedIn(app, loginOf('chief'));
  return {
    ...t,
    app,
    demo,
    logins,
    call,
    anonymous: client(app),
    as: (who) => (typeof who === 'string' ? signedIn(app, loginOf(who)) : signedIn(app, who.login, who.password)),
    close: async () => {
      await app.close();
      await t.dispose();
    },
  };
}
