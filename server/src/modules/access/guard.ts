/**
 * The access mechanism, applied to every route: authenticate (session cookie or API token),
 * check CSRF for cookie writes, check the route's declared policy against the caller's posts,
 * confine the caller to their village (or, for officials, the villages below their place), and
 * hand the route the caller's scope. Deny by default: no policy, no entry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context';
import type { Village } from '../../db/types';
import { AppError } from '../../lib/errors';
import { actorOf, type Actor } from './actor';
import { accessCache } from './cache';
import { allows, type Policy } from './policies';
import { nothing, scopeOf, type Scope } from './scope';
import { apiTokenFromBearer, sessionFromToken } from './sessions';

export const SESSION_COOKIE = 'wangge_session';
export const CSRF_COOKIE = 'wangge_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    village: Village | null;
    scope: Scope;
  }
}

const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', '请先登录', 'Please sign in first');
export const forbidden = () =>
  new AppError(403, 'FORBIDDEN', '您的岗位无权进行此操作', 'Your post does not allow this');

async function authenticate(ctx: Ctx, req: FastifyRequest): Promise<Actor | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const token = await apiTokenFromBearer(ctx, auth.slice(7).trim());
    if (!token) throw new AppError(401, 'BAD_TOKEN', 'API 令牌无效或已撤销', 'The API token is invalid or revoked');
    return actorOf(ctx, token.accountId, { tokenPolicies: JSON.parse(token.policies) as Policy[] });
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await sessionFromToken(ctx, cookie);
  if (!session) return null;
  return actorOf(ctx, session.accountId, { sessionId: session.id, csrf: session.csrf });
}

const unsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export function installAccessGuard(app: FastifyInstance, ctx: Ctx) {
  app.decorateRequest('actor', null);
  app.decorateRequest('village', null);
  app.decorateRequest('scope', null as unknown as Scope);
  app.addHook('onRequest', (req, _reply, done) => {
    req.scope = nothing;
    done();
  });

  // preValidation: the caller is checked before their input is even looked at.
  app.addHook('preValidation', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    // Without credentials a public route (health, sign-in) needs no look-up: answered synchronously.
    const anonymous = !req.headers.authorization && !req.cookies[SESSION_COOKIE];
    if (anonymous && req.routeOptions.config?.policy === 'public') return done();
    guard(req).then(() => done(), done);
  });

  async function guard(req: FastifyRequest) {
    if (req.is404) return; // the not-found handler answers
    const policy = req.routeOptions.config?.policy as Policy | undefined;
    if (!policy) {
      if (req.url.startsWith('/api/docs')) return; // swagger-ui's own static files
      throw forbidden(); // deny by default (also refused at start, see http/policy.ts)
    }
    if (policy === 'public') {
      req.actor = await authenticate(ctx, req).catch(() => null);
      return;
    }
    const actor = await authenticate(ctx, req);
    if (!actor) throw unauthenticated();
    if (actor.sessionId && unsafe(req.method) && req.headers[CSRF_HEADER] !== actor.csrf) {
      throw new AppError(
        403,
        'CSRF',
        '页面已过期，请刷新后重试',
        'The page is stale (CSRF check failed); reload and retry',
      );
    }
    req.actor = actor;
    if (actor.mustChangePassword && policy !== 'self') {
      throw new AppError(
        403,
        'PASSWORD_CHANGE_REQUIRED',
        '首次登录请先修改密码',
        'Change the issued password before going on',
      );
    }
    if (!allows(actor, policy)) throw forbidden();

    const code = (req.params as { village?: string } | undefined)?.village;
    if (code !== undefined) {
      const village = await accessCache(ctx).villages.get(code, () =>
        ctx.db
          .selectFrom('villages')
          .selectAll()
          .where('code', '=', code)
          .executeTakeFirst()
          .then((v) => (v ? Object.freeze(v) : null)),
      );
      if (!village) throw new AppError(404, 'NOT_FOUND', `村 ${code}不存在`, `Village ${code} not found`, 'village');
      const member =
        actor.kind === 'official'
          ? !!actor.placePath && village.path.startsWith(actor.placePath)
          : actor.villageId === village.id;
      if (!member)
        throw new AppError(
          403,
          'OTHER_VILLAGE',
          '无权访问其他村的数据',
          'You have no access to another village',
          'village',
        );
      req.village = village;
    }
    req.scope = scopeOf(actor);
  }
}
