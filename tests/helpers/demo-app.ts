import { buildApp, type App } from '../../server/src/http/app';
import { loadDemo } from '../../server/src/modules/demo/load';
import { testDb, type TestDb } from './db';

export interface DemoApp extends TestDb {
  app: App;
  demo: Awaited<ReturnType<typeof loadDemo>>;
  /** JSON request helper: returns status and parsed body. */
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A fresh database with the demo village loaded and the HTTP app on top (no web assets). */
export async function demoApp(): Promise<DemoApp> {
  const t = await testDb();
  const demo = await loadDemo(t.ctx);
  const app = await buildApp(t.ctx, { webDir: null });
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await app.inject({ method: method as 'GET', url, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  return {
    ...t,
    app,
    demo,
    call,
    close: async () => {
      await app.close();
      await t.dispose();
    },
  };
}
