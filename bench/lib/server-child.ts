/**
 * The server side of the HTTP case, in a process of its own (the load generator is another
 * process, so the server has its event loop and its core to itself). Started by serve.ts with
 * what to serve: the wangge app on a bench database, or the bare Fastify reference. Answers
 * commands over IPC: round-trip counter, CPU profile start/stop, stop.
 */
import Fastify from 'fastify';
import { buildApp } from '../../server/src/http/app';
import { makeCtx } from '../../server/src/context';
import { openDatabase, type Database } from '../../server/src/db/database';
import { systemClock } from '../../server/src/lib/clock';
import type { Notifier } from '../../server/src/modules/access/notify';
import type { DbTarget } from './env';
import { startProfile, type ProfileSummary } from './profile';

/** `web`: serve the built web app (web/dist) too, as `wangge serve` does. */
export type ServeWhat = { kind: 'reference' } | { kind: 'app'; target: DbTarget; web?: boolean };
export type Command =
  | { cmd: 'roundTrips' }
  | { cmd: 'cpu' }
  | { cmd: 'profileStart'; file: string }
  | { cmd: 'profileStop' }
  | { cmd: 'stop' };
export type Answer = { ok: true; value?: unknown } | { ok: false; error: string };

const quiet: Notifier = { send: async () => {} };

/** The reference: bare Fastify, default JSON parser and serializer, no plugins, no logger. */
async function reference() {
  const app = Fastify({ logger: false });
  app.post('/echo', async (req) => req.body);
  app.get('/hello', async () => ({ hello: 'world' }));
  return { app, database: null as Database | null, close: () => app.close() };
}

/** The wangge app as `wangge serve` builds it (events and jobs started), without request logging. */
async function wangge(target: DbTarget, web = false) {
  const database =
    target.backend === 'sqlite'
      ? openDatabase({ file: target.file, backgroundCheckpoint: true }) // as `wangge serve`
      : openDatabase({ url: target.url, schema: target.schema }); // the server's default pool
  const ctx = makeCtx(database, systemClock, quiet);
  const app = await buildApp(ctx, { webDir: web ? undefined : null, signInPerMinute: 100_000 });
  await ctx.events.start();
  ctx.jobs.start();
  return {
    app,
    database,
    close: async () => {
      await ctx.jobs.stop();
      await app.close();
      await ctx.events.stop();
      await database.close();
    },
  };
}

process.once('message', async (what: ServeWhat) => {
  try {
    const server = what.kind === 'reference' ? await reference() : await wangge(what.target, what.web);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    let recording: { stop(): Promise<ProfileSummary> } | null = null;
    process.on('message', async (c: Command & { seq: number }) => {
      const answer = (a: Answer) => process.send!({ seq: c.seq, ...a });
      try {
        if (c.cmd === 'roundTrips') answer({ ok: true, value: server.database?.observer.roundTrips ?? 0 });
        else if (c.cmd === 'cpu') {
          const u = process.cpuUsage();
          answer({ ok: true, value: u.user + u.system });
        } else if (c.cmd === 'profileStart') {
          recording = await startProfile(c.file);
          answer({ ok: true });
        } else if (c.cmd === 'profileStop') {
          const summary = await recording!.stop();
          recording = null;
          answer({ ok: true, value: summary });
        } else if (c.cmd === 'stop') {
          await server.close();
          process.send!({ seq: c.seq, ok: true }, () => process.exit(0));
        }
      } catch (e) {
        answer({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    });
    process.send!({ port: (server.app.server.address() as { port: number }).port });
  } catch (e) {
    process.send!({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
  }
});
