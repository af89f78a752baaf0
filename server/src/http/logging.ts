/**
 * The server's structured log (pino, through Fastify): one JSON line per event, each with the
 * request id (`reqId`: the caller's `X-Request-Id` when it is a plain token, else a fresh UUID;
 * sent back in the `X-Request-Id` header). Nothing secret or personal reaches it: cookies, the
 * authorization and CSRF headers are not logged; a URL is logged with secret query values
 * (tokens, codes, passwords) replaced by *** and ID and phone numbers masked; an error is logged
 * with its message and fields masked the same way (a PostgreSQL error's `detail` may quote the
 * row it refused).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskNumbers, redacted } from '../core/audit-text';

const SECRET_PARAM = /token|code|password|secret|key|csrf|sig/i;
const CLIENT_ID = /^[\w.:-]{1,64}$/;

/** A request URL as it may be logged. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskNumbers(url);
  const query = [...new URLSearchParams(url.slice(q + 1))]
    .map(([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAM.test(k) ? '***' : encodeURIComponent(maskNumbers(v))}`)
    .join('&');
  return `${maskNumbers(url.slice(0, q))}?${query}`;
}

export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}

export interface LogOptions {
  level: string;
  /** Where the lines go (default: standard output). */
  stream?: { write(line: string): void };
}

export function loggerOptions(opts: LogOptions) {
  return {
    level: opts.level,
    ...(opts.stream ? { stream: opts.stream } : {}),
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req.url), remoteAddress: req.ip }),
      // Masked like an audit value, but an error's `code` (SQLITE_CONSTRAINT, 23505) is kept:
      // the audit masking treats any `code` key as a secret.
      err: (err: Error & { code?: unknown }) => ({
        ...(redacted({
          type: err.name,
          message: err.message,
          stack: err.stack,
          ...Object.fromEntries(Object.entries(err)),
        }) as object),
        ...(typeof err.code === 'string' ? { code: err.code } : {}),
      }),
    },
    hooks: {
      // A message is masked too; an error logged as the message (`log.error(err)`) is logged as
      // its serialised, masked self with its masked message.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        const [first, ...rest] = args;
        if (first instanceof Error) return method.apply(this, [{ err: first }, maskNumbers(first.message), ...rest]);
        return method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskNumbers(a) : a)),
        );
      },
    },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
  };
}

/** Every answer names its request id, so a user's report can be found in the log. */
export function installRequestIdHeader(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
}
