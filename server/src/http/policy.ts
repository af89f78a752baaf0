import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Every route declares who may call it (`config.policy`). Routes that declare none are collected
 * here and refused at start, so a forgotten declaration cannot ship; the access issue enforces
 * the policies against the caller's scopes.
 */
export type Policy =
  | 'public' // health, docs, sign-in
  | 'village.read' // registry of a village, scoped by the caller's subtree
  | 'village.write' // registry edits
  | 'structure.read'
  | 'structure.write'
  | 'import.write'
  | 'export.read'
  | 'places.read';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export function collectRoutesWithoutPolicy(app: FastifyInstance): string[] {
  const missing: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    if (url.startsWith('/api/docs')) return; // swagger-ui's own static routes
    if (!(route.config as { policy?: Policy } | undefined)?.policy) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      missing.push(`${methods} ${url}`);
    }
  });
  return missing;
}
