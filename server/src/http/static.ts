/**
 * The built web app: hashed assets (`/assets/*`) are served precompressed (brotli or gzip, made
 * at build) with a year of immutable caching; the HTML and the service worker are revalidated on
 * every visit, so a new release is picked up at once. Client-side routes get the app's HTML; an
 * unknown `/api/...` path gets the JSON 404 of the API, never the HTML.
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';

const YEAR_MS = 365 * 86_400_000;

export async function serveWebApp(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, { root: webDir, serve: false, preCompressed: true }); // files are sent by the route below
  app.get('/*', { config: { policy: 'public' }, schema: { hide: true } }, (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    if (rel === 'api' || rel.startsWith('api/')) return reply.callNotFound();
    const file = path.join(webDir, rel);
    if (rel && file.startsWith(webDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      if (rel.startsWith('assets/')) return reply.sendFile(rel, { maxAge: YEAR_MS, immutable: true });
      return reply.header('cache-control', 'no-cache').sendFile(rel, { cacheControl: false });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }); // client-side routes
  });
}
