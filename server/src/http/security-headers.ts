/**
 * Helmet's security headers, worked out once. @fastify/helmet builds helmet's middlewares anew for
 * every request (parsing the CSP directives each time), in two async hooks.
 * With no per-route options and no CSP nonces the headers are the same for every response, so
 * they are taken from helmet itself at start (a probe app with the plugin, diffed against one
 * without) and set in one synchronous hook.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

async function headersOf(withHelmet: FastifyHelmetOptions | null): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  if (withHelmet) await probe.register(helmet, withHelmet);
  probe.get('/', async () => 'ok');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  return Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
}

export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const [bare, secured] = await Promise.all([headersOf(null), headersOf(options)]);
  return Object.fromEntries(Object.entries(secured).filter(([k, v]) => bare[k] !== v && k !== 'date'));
}

export async function installSecurityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
  const headers = await helmetHeaders(options);
  if (!headers['content-security-policy']) throw new Error('helmet headers: no CSP worked out');
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
