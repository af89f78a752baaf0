/**
 * Serving the built web app: hashed assets precompressed with long immutable caching, the HTML
 * revalidated, client routes answered with the app, unknown API paths with the JSON 404.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { testDb, type TestDb } from '../helpers/db';

let t: TestDb;
let app: App;
let dir: string;
const js = 'export const hello = "网格";\n'.repeat(100);

beforeAll(async () => {
  // A small built app of our own, with the precompressed copies the build plugin writes.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), js);
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js.gz'), zlib.gzipSync(js));
  t = await testDb();
  app = await buildApp(t.ctx, { webDir: dir });
});
afterAll(async () => {
  await app.close();
  await t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web app', () => {
  it('sends hashed assets brotli- or gzip-compressed, cached for a year as immutable', async () => {
    const br = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    const gz = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('revalidates the HTML and answers client-side routes with it', async () => {
    for (const url of ['/', '/console/households', '/m/field']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('answers an unknown /api path with the JSON 404 of the API, not the app', async () => {
    for (const url of ['/api/v1/nothing-here', '/api/nothing', '/api']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('NOT_FOUND');
    }
  });
});
