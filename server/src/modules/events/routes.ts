/**
 * The live stream: `GET /api/v1/villages/:village/events` as Server-Sent Events, filtered by the
 * caller's scope, resumable with `Last-Event-ID` (or `?after=`) from the event log, with
 * heartbeats. The stream ends (and the client reconnects and is checked again) when something
 * about access changes — a structure activated, a post replaced, a session revoked — and after
 * `lifetime` seconds (default 300), so a stream never outlives what allowed it.
 *
 * Every event is an unnamed SSE message (so a browser's `onmessage` hears them all) whose data is
 * `{ seq, type, subjectType, subjectId, householdId, payload, at }`; its `id` is the sequence
 * number. Events the listener may not hear are skipped, but the stream still moves the client's
 * resume point past them with an `id:`-only frame (no message is dispatched for it) at heartbeats
 * and before it ends: a stream ended by an event the listener cannot see must not be ended by the
 * same event again when the client resumes. When the log no longer holds what the client asks to
 * resume from (pruned, or an id from another database), the stream says `stream.resync`: the
 * client refetches everything.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context';
import type { EventRow } from '../../db/types';
import { queryInt } from '../../lib/paging';
import { visibleTo, type Listener } from './visibility';

/** One frame per event: `id: <seq>`, `event: <type>`, `data: {seq, type, subjectType, subjectId, householdId, payload, at}`. */
const eventStream = {
  description: '事件流 / the event stream (text/event-stream)',
  content: { 'text/event-stream': { schema: z.string() } },
};

const query = z.object({
  after: queryInt({ min: 0 }).optional(),
  lifetime: queryInt({ min: 0, max: 3600 }).optional(),
});

/**
 * Event types after which a stream is ended, so the client reconnects under its new access: all
 * streams of the village for a structure or posts change, the account's own for `access.*` events
 * addressed to an account (a revoked session, a disabled account).
 */
export const ACCESS_EVENTS = /^(structure\.activated|posts\.|access\.)/;

/** Sent when the stream cannot replay from where the client asks: refetch everything. */
export const RESYNC = 'stream.resync';

export interface StreamOptions {
  /** Comment lines keep proxies and the client from timing the stream out (default 15 s). */
  heartbeatMs?: number;
  /** Default lifetime of a stream in seconds (default 300); `?lifetime=` overrides it. */
  lifetimeSeconds?: number;
  /** A client this far behind (bytes buffered) is dropped; it resumes from the log (default 1 MiB). */
  maxBufferedBytes?: number;
}

/** How long the browser waits before reconnecting (ms). */
const RETRY_MS = 3000;

const frame = (ev: EventRow) =>
  `id: ${ev.seq}\ndata: ${JSON.stringify({
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
    // Open streams would hold the server open until their lifetime ends: end them on close.
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });

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

        // Subscribe first (buffering what arrives meanwhile), then replay the log up to where
        // live delivery starts; an error here is still an ordinary error response.
        const buffered: EventRow[] = [];
        let deliver: ((ev: EventRow) => void) | null = null;
        const sub = await ctx.events.subscribe(village.id, (ev) => (deliver ? deliver(ev) : buffered.push(ev)));

        reply.hijack();
        const res: ServerResponse = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let live = true;
        // `sent`: the last sequence number dealt with; `told`: the last one the client knows of.
        let sent = resumeFrom ?? sub.last;
        let told = resumeFrom ?? -1;
        let beat: NodeJS.Timeout | undefined;
        let end: NodeJS.Timeout | undefined;
        const put = (text: string) => {
          if (!live || res.destroyed) return;
          res.write(text);
          if (res.writableLength > (opts.maxBufferedBytes ?? 1 << 20)) close(); // resumes from the log
        };
        const mark = () => {
          if (sent === told) return;
          told = sent;
          put(`id: ${sent}\n\n`);
        };
        const close = () => {
          if (!live) return;
          mark();
          live = false;
          open.delete(close);
          sub.close();
          clearInterval(beat);
          clearTimeout(end);
          res.end();
        };
        open.add(close);
        res.on('close', close);
        res.on('error', close);
        if (res.destroyed) close(); // gone before we got here
        const send = (ev: EventRow) => {
          if (!live || ev.seq <= sent) return;
          sent = ev.seq;
          if (visibleTo(ev, listener)) {
            told = ev.seq;
            put(frame(ev));
          }
          if (ACCESS_EVENTS.test(ev.type) && (!ev.accountId || ev.accountId === listener.accountId)) close();
        };
        const resync = () =>
          put(`data: ${JSON.stringify({ seq: sub.last, type: RESYNC, payload: null, at: ctx.clock.now() })}\n\n`);

        try {
          put(`retry: ${RETRY_MS}\n: ${village.code} ${sub.last}\n\n`);
          if (sent > sub.last) {
            // An id this log never reached (another database, a reset): start from now.
            sent = sub.last;
            resync();
          }
          let first = true;
          while (live && sent < sub.last) {
            const rows = await ctx.events.since(village.id, sent, 500);
            if (first && rows[0]?.seq !== sent + 1) resync(); // pruned: the gap cannot be replayed
            first = false;
            for (const r of rows) if (r.seq <= sub.last) send(r);
            if (rows.length < 500) break;
          }
          sent = Math.max(sent, sub.last);
          for (const ev of buffered) send(ev);
          deliver = send;
          mark();
        } catch (err) {
          req.log.error({ err }, 'event stream replay failed');
          close();
          return;
        }

        if (!live) return;
        beat = setInterval(() => {
          mark();
          put(`: hb ${Date.now()}\n\n`);
        }, opts.heartbeatMs ?? 15_000);
        end = setTimeout(close, (req.query.lifetime ?? opts.lifetimeSeconds ?? 300) * 1000);
        if (req.query.lifetime === 0) close();
      },
    );
  };
