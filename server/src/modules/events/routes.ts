/**
 * The live stream: `GET /api/v1/villages/:village/events` as Server-Sent Events, filtered by the
 * caller's scope, resumable with `Last-Event-ID` (or `?after=`) from the event log, with
 * heartbeats. The stream ends (and the client reconnects and is checked again) when something
 * about access changes — a structure activated, a post replaced, a session revoked — and after
 * `lifetime` seconds (default 300), so a stream never outlives what allowed it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context';
import type { EventRow } from '../../db/types';
import { visibleTo, type Listener } from './visibility';

/** One frame per event: `id: <seq>`, `event: <type>`, `data: {seq, type, subjectType, subjectId, householdId, payload, at}`. */
const eventStream = {
  description: '事件流 / the event stream (text/event-stream)',
  content: { 'text/event-stream': { schema: z.string() } },
};

const query = z.object({
  after: z.coerce.number().int().min(0).optional(),
  lifetime: z.coerce.number().int().min(0).max(3600).optional(),
});

/**
 * Event types after which a stream is ended, so the client reconnects under its new access: all
 * streams of the village for a structure or posts change, the account's own for `access.*` events
 * addressed to an account (a revoked session, a disabled account).
 */
export const ACCESS_EVENTS = /^(structure\.activated|posts\.|access\.)/;

export interface StreamOptions {
  heartbeatMs?: number;
}

const frame = (ev: EventRow) =>
  `id: ${ev.seq}\nevent: ${ev.type}\ndata: ${JSON.stringify({
    seq: ev.seq,
    type: ev.type,
    subjectType: ev.subjectType,
    subjectId: ev.subjectId,
    householdId: ev.householdId,
    payload: ev.payload ? JSON.parse(ev.payload) : null,
    at: ev.at,
  })}\n\n`;

export const eventRoutes =
  (ctx: Ctx, opts: StreamOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/villages/:village/events',
      {
        config: { policy: 'events.read' },
        schema: {
          tags: ['events'],
          summary:
            '实时事件流（SSE，按权限过滤，可用 Last-Event-ID 续传）/ The live event stream (SSE, scoped, resumable)',
          params: z.object({ village: z.string() }),
          querystring: query,
          response: { 200: eventStream },
        },
      },
      async (req, reply) => {
        const village = req.village!;
        const actor = req.actor!;
        const listener: Listener = {
          accountId: actor.accountId,
          kind: actor.kind,
          householdId: actor.householdId,
          scope: req.scope,
        };
        const header = req.headers['last-event-id'];
        const resumeFrom = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : req.query.after;

        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let open = true;
        let sent = resumeFrom ?? 0;
        let beat: NodeJS.Timeout | undefined;
        let end: NodeJS.Timeout | undefined;
        let sub: { last: number; close(): void } | null = null;
        const close = () => {
          if (!open) return;
          open = false;
          sub?.close();
          clearInterval(beat);
          clearTimeout(end);
          res.end();
        };
        const send = (ev: EventRow) => {
          if (!open || ev.seq <= sent) return;
          sent = ev.seq;
          if (visibleTo(ev, listener)) res.write(frame(ev));
          if (ACCESS_EVENTS.test(ev.type) && (!ev.accountId || ev.accountId === listener.accountId)) close();
        };
        // Subscribe first (buffering), then replay the log up to where live delivery starts.
        const buffered: EventRow[] = [];
        let live = false;
        sub = await ctx.events.subscribe(village.id, (ev) => (live ? send(ev) : buffered.push(ev)));
        if (resumeFrom === undefined) sent = sub.last;
        res.write(`retry: 3000\n: ${village.code} ${sub.last}\n\n`);
        while (open && sent < sub.last) {
          const rows = await ctx.events.since(village.id, sent, 500);
          if (!rows.length) break;
          for (const r of rows) if (r.seq <= sub.last) send(r);
          if (rows.length < 500) break;
        }
        sent = Math.max(sent, sub.last);
        for (const ev of buffered) send(ev);
        live = true;

        if (!open) return;
        beat = setInterval(() => open && res.write(`: hb ${Date.now()}\n\n`), opts.heartbeatMs ?? 15_000);
        end = setTimeout(close, (req.query.lifetime ?? 300) * 1000);
        req.raw.on('close', close);
        res.on('error', close);
        if (req.query.lifetime === 0) close();
      },
    );
  };
