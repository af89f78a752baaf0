import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Policy } from '../modules/access/policies';

/**
 * Every route declares who may call it (`config.policy`, see modules/access/policies.ts).
 * Routes that declare none are collected here and refused at start, so a forgotten declaration
 * cannot ship; modules/access/guard.ts enforces the policies on every request.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  policy: Policy | undefined;
}

/** Watch routes as they are added: the list of all, and which lack a policy. */
export function watchRoutes(app: FastifyInstance): RouteRecord[] {
  const routes: RouteRecord[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url.startsWith('/api/docs')) return; // swagger-ui's own static routes
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, policy: (route.config as { policy?: Policy } | undefined)?.policy });
    }
  });
  return routes;
}
