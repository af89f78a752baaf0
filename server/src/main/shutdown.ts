/**
 * Graceful shutdown (SIGTERM, SIGINT): stop accepting connections, answer the requests in flight,
 * end the live event streams (their clients reconnect elsewhere), let the job runner finish the
 * jobs it is running and give back those it had claimed but not begun (a job is never left half
 * applied: its effect and its completion are one transaction), then stop listening for events and
 * close the database; exit 0. A drain that takes longer than `graceMs` exits 1.
 */
import type { Ctx } from '../context';
import type { Database } from '../db/database';
import type { App } from '../http/app';

export function installShutdown(app: App, ctx: Ctx, database: Database, graceMs = 30_000) {
  let closing: Promise<void> | null = null;
  const close = (signal: string) => {
    if (closing) return closing;
    app.log.info({ signal }, 'shutting down: draining requests and jobs');
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs).unref();
    // A keep-alive connection busy when the close began is idle once its answer is out: close
    // it then (Node closes only the connections idle at the moment of close).
    const idle = setInterval(() => app.server.closeIdleConnections(), 50);
    idle.unref();
    closing = (async () => {
      await Promise.all([
        app.close().then(() => app.log.info('shutdown: requests drained')),
        ctx.jobs.stop().then(() => app.log.info('shutdown: jobs stopped')),
      ]);
      clearInterval(idle);
      await ctx.events.stop();
      await database.close();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
    return closing;
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}
