import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { backend, testDb, type TestDb } from '../helpers/db';

describe('health and API basics', () => {
  let t: TestDb;
  let app: App;
  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it('reports the backend it runs on', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: backend });
  });

  it('answers unknown routes with the one error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.json().error.zh).toBeTruthy();
    expect(res.json().error.en).toBeTruthy();
  });

  it('publishes an OpenAPI 3 document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
    expect(Object.keys(res.json().paths)).toContain('/api/health');
  });
});
