/**
 * The audit log: one append-only row per write, per reveal of personal data and per denial,
 * with who, when, from where, what, before and after. Written before the response is sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context';
import { newId } from '../../lib/ids';
import { requestStore, runWithRequestContext } from '../../lib/request-context';

const SECRET_KEYS = /password|code|token|csrf/i;

function redact(v: unknown, depth = 0): unknown {
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 200).map((x) => redact(x, depth + 1));
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [
      k,
      SECRET_KEYS.test(k) && typeof x === 'string' ? '***' : redact(x, depth + 1),
    ]),
  );
}

const text = (v: unknown) => {
  if (v === undefined) return null;
  const s = JSON.stringify(redact(v));
  return s.length > 20_000 ? `${s.slice(0, 20_000)}…` : s;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Also audit successful reads of this route (reveals, exports). */
    auditRead?: boolean;
  }
}

export function installAuditLog(app: FastifyInstance, ctx: Ctx) {
  // Each request runs in its own context, where use cases leave their audit notes.
  app.addHook('onRequest', (_req, _reply, done) => runWithRequestContext(() => done()));

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    const denied = reply.statusCode === 401 || reply.statusCode === 403;
    const readAudited = req.routeOptions.config?.auditRead === true && reply.statusCode < 400;
    if (!req.url.startsWith('/api/') || !(write || readAudited || (denied && req.actor))) return payload;
    const note = requestStore()?.audit ?? {};
    let after: unknown = note.after;
    if (after === undefined && typeof payload === 'string' && payload.length < 20_000 && reply.statusCode < 400) {
      try {
        after = JSON.parse(payload);
      } catch {
        after = undefined;
      }
    }
    const params = (req.params ?? {}) as Record<string, string>;
    await ctx.db
      .insertInto('auditLog')
      .values({
        id: newId(),
        villageId: req.village?.id ?? req.actor?.villageId ?? note.villageId ?? null,
        at: ctx.clock.now(),
        accountId: req.actor?.accountId ?? null,
        actorName: req.actor?.name ?? null,
        ip: req.ip,
        action: note.action ?? `${req.method} ${req.routeOptions.url ?? req.url}`,
        method: req.method,
        path: req.url.slice(0, 500),
        status: reply.statusCode,
        targetType: note.targetType ?? null,
        targetId:
          note.targetId ?? params.householdId ?? params.residentId ?? params.structureId ?? params.accountId ?? null,
        before: text(note.before),
        after: text(after ?? (write ? redact(req.body) : undefined)),
      })
      .execute();
    return payload;
  });
}
