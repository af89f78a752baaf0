import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL schema to work in (created if missing); isolates test runs and deployments. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  WANGGE_DATA_DIR: z.string().default('./data'),
  WANGGE_DEMO: z.enum(['0', '1']).default('1'),
  /** Sign-in attempts allowed per address and minute. */
  WANGGE_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Events older than this are pruned (a stream can resume within it). */
  WANGGE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Stored results of retry-safe writes are kept this long (a phone offline for weeks still retries safely). */
  WANGGE_IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
  /** Health data of an emergency (the replies to its instructions, later its observations) is removed this long after the response is closed. */
  WANGGE_HEALTH_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** How long a claimed job is reserved for the runner that claimed it before another may take it over. */
  WANGGE_JOB_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Tests only: register the `test.fire` job kind (appends an event each time it runs) and the `GET /api/test/slow` route. */
  WANGGE_TEST_JOBS: z.enum(['0', '1']).default('0'),
  /** Bearer token for /api/metrics; without it only loopback callers may read them. */
  WANGGE_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
