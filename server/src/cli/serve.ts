import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openConfigured } from '../main/open';
import { makeCtx } from '../context';
import { systemClock } from '../lib/clock';
import { buildApp } from '../http/app';
import { ensureDemo } from '../modules/demo/ensure';
import { registerJobs } from '../main/jobs';
import { registerCoreJobs, scheduleRetention } from '../core/retention';
import { installShutdown } from '../main/shutdown';
import { testRoutes } from '../http/test-routes';
import { loggerOptions } from '../http/logging';

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('启动服务 / start the server')
    .action(async () => {
      const config = loadConfig();
      const database = await openConfigured(config, { server: true });
      const ctx = makeCtx(database, systemClock);
      if (config.WANGGE_DEMO === '1') await ensureDemo(ctx, (line) => console.log(line));
      const app = await buildApp(ctx, {
        logger: loggerOptions({ level: config.LOG_LEVEL }),
        signInPerMinute: config.WANGGE_SIGNIN_PER_MINUTE,
        metricsToken: config.WANGGE_METRICS_TOKEN,
        extraRoutes: config.WANGGE_TEST_JOBS === '1' ? [testRoutes] : [],
      });
      registerJobs(ctx);
      registerCoreJobs(
        ctx,
        {
          eventDays: config.WANGGE_EVENT_RETENTION_DAYS,
          idempotencyDays: config.WANGGE_IDEMPOTENCY_RETENTION_DAYS,
          healthDataDays: config.WANGGE_HEALTH_DATA_RETENTION_DAYS,
        },
        { testJobs: config.WANGGE_TEST_JOBS === '1' },
      );
      ctx.jobs.configure({
        leaseMs: config.WANGGE_JOB_LEASE_MS,
        onError: (job, err) => app.log.error({ err, job: job.kind, key: job.uniqueKey }, 'job failed'),
      });
      await scheduleRetention(ctx);
      await ctx.events.start();
      ctx.jobs.start();
      installShutdown(app, ctx, database);
      await app.listen({ port: config.PORT, host: config.HOST });
      console.log(`wangge 网格 serving at http://localhost:${config.PORT} (${database.backend})`);
    });
}
