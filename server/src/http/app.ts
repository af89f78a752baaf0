import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Ctx } from '../context';
import { errorHandler, frameworkErrorHandler } from './errors';
import { watchRoutes, type RouteRecord } from './policy';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { installAccessGuard } from '../modules/access/guard';
import { installAuditLog } from '../modules/access/audit';
import { apiRoutes } from './routes';
import { installIdempotency } from './caller';
import { installJsonBody } from './json-body';
import { serveWebApp } from './static';
import { installMetrics } from './metrics';
import type { StreamOptions } from '../modules/events/routes';
import { installSecurityHeaders } from './security-headers';
import { databaseRateLimitStore } from './rate-limit-store';
import { installRequestIdHeader, requestId } from './logging';

export type App = FastifyInstance & { routeTable: RouteRecord[] };

export interface AppOptions {
  /** `loggerOptions(...)` from ./logging (default: no log). */
  logger?: boolean | object;
  /** Built web app to serve (default: web/dist when it exists). */
  webDir?: string | null;
  /** Sign-in attempts allowed per IP and minute (default 10). */
  signInPerMinute?: number;
  /** Extra route plugins under /api (tests use this to prove undeclared routes are refused). */
  extraRoutes?: FastifyPluginAsync[];
  /** A bearer token for /api/metrics (without it, only loopback callers are served). */
  metricsToken?: string;
  /** The live stream's heartbeat and lifetime (tests shorten them). */
  events?: StreamOptions;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const defaultWebDir = path.join(root, 'web', 'dist');

export async function buildApp(ctx: Ctx, opts: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: frameworkErrorHandler,
    genReqId: requestId,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  const routes = watchRoutes(app);
  installRequestIdHeader(app);
  await app.register(cookie);
  // Counted in the database: a limit holds across every process that serves it.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx) as never });
  await installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd's CSS-in-JS
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  installAuditLog(app, ctx);
  installAccessGuard(app, ctx);
  installIdempotency(app);
  installJsonBody(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'wangge API', description: '网格化 + 积分制 — grid governance with points', version: '1' },
      tags: [
        { name: 'health', description: '运行状态 / health' },
        { name: 'places', description: '镇、区与村 / towns, districts and villages' },
        { name: 'registry', description: '户、单位、居民、人员 / households, units, residents, staff' },
        { name: 'structures', description: '网格结构版本 / versioned grid structures' },
        { name: 'import', description: '表格导入导出 / spreadsheet import and export' },
        { name: 'auth', description: '登录与我的账号 / signing in and my account' },
        { name: 'access', description: '账号、激活码与审计 / accounts, activation codes and the audit log' },
        { name: 'points', description: '积分制 / points' },
        { name: 'events', description: '实时事件 / live events' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installMetrics(app, ctx, { token: opts.metricsToken }); // after swagger, so its route is documented
  app.get('/api/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(apiRoutes(ctx, { signInPerMinute: opts.signInPerMinute ?? 10, events: opts.events }), {
    prefix: '/api',
  });
  for (const extra of opts.extraRoutes ?? []) await app.register(extra, { prefix: '/api' });

  const webDir = opts.webDir === undefined ? defaultWebDir : opts.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) await serveWebApp(app, webDir);

  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', zh: '接口不存在', en: `No route ${req.method} ${req.url}` } }),
  );
  await app.ready();
  const missing = routes.filter((r) => !r.policy);
  if (missing.length)
    throw new Error(`Routes without a declared policy: ${missing.map((r) => `${r.method} ${r.url}`).join('; ')}`);
  return Object.assign(app, { routeTable: routes });
}
