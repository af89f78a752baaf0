/**
 * Every route declares its response: the OpenAPI document describes each answer, and the
 * serializer writes only the declared fields, so an internal column (a hash, an idempotency key)
 * added to a row cannot reach a client.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp, type App } from '../../server/src/http/app';
import { testDb, type TestDb } from '../helpers/db';

/** Names that must never be part of an answer. */
const SECRET = /hash|idempotency|passwordHash|tokenHash/i;

type JsonSchema = { [k: string]: unknown };

/** Every property name in a JSON schema, with where it is. */
function propertyNames(schema: unknown, at: string, out: { name: string; at: string }[]) {
  if (!schema || typeof schema !== 'object') return out;
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => propertyNames(s, `${at}[${i}]`, out));
    return out;
  }
  const s = schema as JsonSchema;
  if (s.properties && typeof s.properties === 'object')
    for (const [name, sub] of Object.entries(s.properties as JsonSchema)) {
      out.push({ name, at: `${at}.${name}` });
      propertyNames(sub, `${at}.${name}`, out);
    }
  for (const k of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not'])
    if (k in s) propertyNames(s[k], `${at}/${k}`, out);
  return out;
}

describe('response contracts', () => {
  let t: TestDb;
  let app: App;
  let doc: {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
    >;
    components?: { schemas?: Record<string, unknown> };
  };
  // A route whose handler returns more than it declares: the answer carries only what is declared.
  const leaky: FastifyPluginAsyncZod = async (a) => {
    a.get(
      '/test/leaky',
      {
        config: { policy: 'public' },
        schema: {
          hide: true,
          response: { 200: z.object({ id: z.string(), items: z.array(z.object({ n: z.number() })) }) },
        },
      },
      async () =>
        ({
          id: 'e1',
          payloadHash: 'secret',
          items: [{ n: 1, idempotencyKey: 'k' }],
        }) as never,
    );
  };

  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null, extraRoutes: [leaky] });
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );

  it('documents every API route', () => {
    const documented = new Set(operations().map((o) => o.name));
    const routes = app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json' && !r.url.startsWith('/api/test/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(90);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('gives every operation a 2xx response with a schema (204: no body)', () => {
    const missing: string[] = [];
    for (const { name, op } of operations()) {
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      if (!ok.length) missing.push(`${name}: no 2xx response`);
      for (const [code, r] of ok) {
        if (code === '204') {
          if (r.content) missing.push(`${name} 204: has a body`);
          continue;
        }
        const media = Object.values(r.content ?? {});
        if (!media.length || media.some((m) => !m.schema || !Object.keys(m.schema as object).length))
          missing.push(`${name} ${code}: no schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares both 200 (a retry) and 201 (the first time) on the retry-safe writes', () => {
    for (const path of [
      '/api/v1/villages/{village}/points/entries',
      '/api/v1/villages/{village}/points/entries/{id}/objections',
      '/api/v1/villages/{village}/points/reports',
      '/api/v1/villages/{village}/points/shop/redemptions',
    ]) {
      const responses = doc.paths[path].post.responses ?? {};
      expect(Object.keys(responses), path).toEqual(expect.arrayContaining(['200', '201']));
      expect(responses['200'], path).toEqual(responses['201']);
    }
  });

  it('has no hash, idempotency key or password hash in any response schema', () => {
    const found: string[] = [];
    for (const { name, op } of operations())
      for (const [code, r] of Object.entries(op.responses ?? {}))
        for (const [type, m] of Object.entries(r.content ?? {}))
          for (const p of propertyNames(m.schema, `${name} ${code} ${type}`, []))
            if (SECRET.test(p.name)) found.push(p.at);
    for (const [id, s] of Object.entries(doc.components?.schemas ?? {}))
      for (const p of propertyNames(s, `#/components/schemas/${id}`, [])) if (SECRET.test(p.name)) found.push(p.at);
    expect(found).toEqual([]);
  });

  it('writes only the declared fields: an undeclared column never reaches the client', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/leaky' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'e1', items: [{ n: 1 }] });
    expect(res.body).not.toMatch(/secret|idempotencyKey|payloadHash/);
  });
});
