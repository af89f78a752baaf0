/**
 * The caller of an HTTP request, as the access guard resolved it, and the idempotency of
 * retry-safe routes: a route declares `config: { idempotent: true }`; when the client sends an
 * id (body `id` or an `Idempotency-Key` header) the write envelope claims it (core/idempotency.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, Idempotency } from '../core/caller';
import { payloadHash } from '../core/idempotency';
import { badRequest } from '../lib/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Retry-safe: the same client-made id has one effect. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: Idempotency | null;
  }
}

const KEY = /^[A-Za-z0-9_-]{8,64}$/;

export function installIdempotency(app: FastifyInstance) {
  app.decorateRequest('idempotency', null);
  // Only on the routes that declare it (a global hook would run on every request of the server).
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    const own = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
    route.preHandler = [readKey, ...own];
  });
}

async function readKey(req: FastifyRequest) {
  const body = (req.body ?? {}) as { id?: unknown };
  const header = req.headers['idempotency-key'];
  const key = typeof body.id === 'string' ? body.id : typeof header === 'string' ? header : undefined;
  if (key === undefined) return;
  if (!KEY.test(key))
    throw badRequest(
      'BAD_REQUEST_ID',
      '请求编号格式不正确（8–64 位字母、数字、- 或 _）',
      'The request id must be 8–64 letters, digits, - or _',
      'id',
    );
  req.idempotency = {
    key,
    route: `${req.method} ${req.routeOptions.url}`,
    hash: payloadHash({ params: req.params, query: req.query, body: req.body }),
  };
}

export const callerOf = (req: FastifyRequest): Caller => ({
  village: req.village,
  actor: req.actor,
  scope: req.scope,
  via: 'http',
  operator: null,
  ip: req.ip,
  method: req.method,
  path: req.url,
  idempotency: req.idempotency,
});
