import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody } from '../lib/errors';
import { Replay } from '../core/idempotency';

const zhByKeyword: Record<string, string> = {
  invalid_type: '类型不正确或缺失',
  too_small: '太短或太小',
  too_big: '太长或太大',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '含有不认识的字段',
  custom: '不符合要求',
};

/**
 * Map a Zod validation failure to the one error shape; the first issue names the field. A schema's
 * own refusal (lib/text.ts: an empty name, a pictograph in a personal name) carries a stable code
 * and its Chinese message, answered as they are.
 */
function validationBody(
  err: FastifyError & {
    validation: { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> }[];
  },
  where?: string,
): ErrorBody {
  const issues = err.validation.map((v) => {
    const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || where || '';
    const own = v.params?.params as { code?: string; zh?: string } | undefined;
    return {
      field,
      ...(own?.code ? { code: own.code } : {}),
      zh: `${field || '请求'}：${own?.zh ?? zhByKeyword[v.keyword] ?? '无效'}`,
      en: `${field || 'request'}: ${v.message ?? 'invalid'}`,
    };
  });
  const first = issues[0];
  return { code: first.code ?? 'VALIDATION', zh: first.zh, en: first.en, field: first.field, details: issues };
}

/**
 * Refusals Fastify makes before routing (a malformed percent-escape, a path segment longer than
 * the router takes), in the one error shape instead of Fastify's own.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return reply.status(414).send({
      error: { code: 'URL_TOO_LONG', zh: '网址中的参数过长', en: 'A part of the URL is too long', field: 'url' },
    });
  if (err.code === 'FST_ERR_BAD_URL')
    return reply.status(400).send({
      error: { code: 'BAD_URL', zh: '网址中含有无效的编码', en: 'The URL is not validly encoded', field: 'url' },
    });
  return reply
    .status(err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400)
    .send({ error: { code: 'BAD_REQUEST', zh: '请求无效', en: err.message, field: 'url' } });
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  // A retry of a write already done: its first result again, with no new effect.
  if ((err as unknown) instanceof Replay) return reply.status(200).send((err as unknown as Replay).body);
  if (err instanceof AppError) return reply.status(err.status).send({ error: err.toBody() });
  if (hasZodFastifySchemaValidationErrors(err)) {
    return reply
      .status(400)
      .send({ error: validationBody(err as never, (err as { validationContext?: string }).validationContext) });
  }
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply
      .status(413)
      .send({ error: { code: 'TOO_LARGE', zh: '请求或文件过大', en: 'Request or file too large' } });
  }
  if (err.statusCode === 429) {
    return reply.status(429).send({
      error: { code: 'RATE_LIMITED', zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
    });
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return reply
      .status(err.statusCode)
      .send({ error: { code: err.code ?? 'BAD_REQUEST', zh: '请求无效', en: err.message } });
  }
  req.log.error(err);
  if (process.env.VITEST) console.error(err); // tests run without a logger: never hide a 500
  return reply.status(500).send({ error: { code: 'INTERNAL', zh: '服务器内部错误', en: 'Internal server error' } });
}
