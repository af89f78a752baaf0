/**
 * The audit log of what is not a write: a refused request (401/403 of a signed-in caller) and
 * each successful read of a route that reveals personal data or exports it (`auditRead`).
 * Writes are audited by the write envelope (core/write.ts), inside their own transaction.
 * Written before the response is sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context';
import { auditPath, auditText, maskNumbers } from '../../core/audit-text';
import { newId } from '../../lib/ids';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Also audit successful reads of this route (reveals, exports). */
    auditRead?: boolean;
    /** The audit action of an audited read (default `METHOD /route`). */
    auditAction?: string;
  }
}

export function installAuditLog(app: FastifyInstance, ctx: Ctx) {
  // Callback style: the common case (nothing to audit) answers without a promise.
  app.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    const denied = (reply.statusCode === 401 || reply.statusCode === 403) && !!req.actor;
    const readAudited = req.routeOptions.config?.auditRead === true && reply.statusCode < 400;
    if (!(denied || readAudited) || !req.url.startsWith('/api/')) return done(null, payload);
    record(req, reply, denied, readAudited).then(() => done(null, payload), done);
  });

  async function record(req: FastifyRequest, reply: FastifyReply, denied: boolean, readAudited: boolean) {
    const params = (req.params ?? {}) as Record<string, string>;
    await ctx.db
      .insertInto('auditLog')
      .values({
        id: newId(),
        villageId: req.village?.id ?? req.actor?.villageId ?? null,
        at: ctx.clock.now(),
        accountId: req.actor?.accountId ?? null,
        actorName: req.actor?.name ?? null,
        ip: req.ip,
        action:
          (readAudited && req.routeOptions.config?.auditAction) || `${req.method} ${req.routeOptions.url ?? req.url}`,
        method: req.method,
        path: auditPath(req.url),
        status: reply.statusCode,
        targetType: null,
        targetId:
          maskNumbers(
            String(params.householdId ?? params.residentId ?? params.structureId ?? params.accountId ?? ''),
          ).slice(0, 100) || null,
        before: null,
        // The refused body (masked and cut at a fixed depth: see core/audit-text.ts).
        after: denied ? auditText(req.body) : null,
      })
      .execute();
  }
}
