import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { loadActor } from './actor';
import { activateVillager } from './activation';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import { CSRF_COOKIE, SESSION_COOKIE } from './guard';
import { describeMe } from './me';
import * as S from './schema';
import { SESSION_DAYS } from './repo';
import { changePassword, listSessions, revokeAllSessions, revokeSession, signIn } from './sessions';
import { noContent, okResult } from '../../http/contracts';
import * as C from './contracts';

const tags = ['auth'];
const self = { policy: 'self' as const };

function setSessionCookies(req: FastifyRequest, reply: FastifyReply, token: string, csrf: string) {
  const secure = req.protocol === 'https';
  const maxAge = SESSION_DAYS * 86_400;
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge });
  reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'lax', path: '/', secure, maxAge });
}

function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export const authRoutes =
  (ctx: Ctx, signInPerMinute: number): FastifyPluginAsyncZod =>
  async (app) => {
    const limited = { policy: 'public' as const, rateLimit: { max: signInPerMinute, timeWindow: 60_000 } };

    app.post(
      '/auth/sign-in',
      { config: limited, schema: { tags, summary: '登录 / Sign in', body: S.signInBody, response: { 200: C.me } } },
      async (req, reply) => {
        const s = await signIn(ctx, callerOf(req), { ...req.body, userAgent: req.headers['user-agent'] });
        setSessionCookies(req, reply, s.token, s.csrf);
        req.actor = s.actor;
        return describeMe(ctx, s.actor);
      },
    );

    app.post(
      '/auth/activate',
      {
        config: limited,
        schema: {
          tags,
          summary: '村民激活账号 / Activate a villager account',
          body: S.activateBody,
          response: { 201: C.me },
        },
      },
      async (req, reply) => {
        const r = await activateVillager(ctx, callerOf(req), { ...req.body, userAgent: req.headers['user-agent'] });
        setSessionCookies(req, reply, r.token, r.csrf);
        const actor = await loadActor(ctx.db, r.accountId, { sessionId: r.id, csrf: r.csrf });
        req.actor = actor;
        return reply.status(201).send(await describeMe(ctx, actor!));
      },
    );

    app.get(
      '/auth/me',
      { config: self, schema: { tags, summary: '我的账号 / Who am I', response: { 200: C.me } } },
      async (req) => describeMe(ctx, req.actor!),
    );

    app.post(
      '/auth/sign-out',
      { config: self, schema: { tags, summary: '退出登录 / Sign out', response: { 200: okResult } } },
      async (req, reply) => {
        const sessionId = req.actor!.sessionId;
        if (sessionId) await revokeSession(ctx, callerOf(req), { sessionId });
        clearSessionCookies(reply);
        return { ok: true };
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      {
        config: self,
        schema: { tags, summary: '所有设备退出 / Sign out everywhere', response: { 200: C.endedResult } },
      },
      async (req, reply) => {
        const ended = await revokeAllSessions(ctx, callerOf(req));
        clearSessionCookies(reply);
        return { ended };
      },
    );

    app.post(
      '/auth/password',
      {
        config: self,
        schema: { tags, summary: '修改密码 / Change password', body: S.passwordBody, response: { 200: okResult } },
      },
      async (req) => {
        await changePassword(ctx, callerOf(req), req.body);
        return { ok: true };
      },
    );

    app.get(
      '/auth/sessions',
      { config: self, schema: { tags, summary: '我的登录设备 / My sessions', response: { 200: C.sessionList } } },
      async (req) => ({
        items: await listSessions(ctx, callerOf(req)),
      }),
    );
    app.delete(
      '/auth/sessions/:id',
      {
        config: self,
        schema: { tags, summary: '结束一个会话 / End a session', params: S.idParams, response: { 204: noContent } },
      },
      async (req, reply) => {
        await revokeSession(ctx, callerOf(req), { sessionId: req.params.id });
        return reply.status(204).send();
      },
    );

    app.get(
      '/auth/tokens',
      { config: self, schema: { tags, summary: 'API 令牌 / API tokens', response: { 200: C.apiTokenList } } },
      async (req) => ({
        items: await listApiTokens(ctx, callerOf(req)),
      }),
    );
    app.post(
      '/auth/tokens',
      {
        config: self,
        schema: {
          tags,
          summary: '新建 API 令牌（只显示一次） / Create an API token (shown once)',
          body: S.tokenBody,
          response: { 201: C.newApiToken },
        },
      },
      async (req, reply) => reply.status(201).send(await createApiToken(ctx, callerOf(req), req.body)),
    );
    app.delete(
      '/auth/tokens/:id',
      {
        config: self,
        schema: {
          tags,
          summary: '撤销 API 令牌 / Revoke an API token',
          params: S.idParams,
          response: { 204: noContent },
        },
      },
      async (req, reply) => {
        await revokeApiToken(ctx, callerOf(req), { tokenId: req.params.id });
        return reply.status(204).send();
      },
    );
  };
