/**
 * Request input refused before anything looks at it, in the one error shape: JSON bodies nested
 * deeper than any route takes (every later step — validation, the audit of a refused request —
 * would otherwise walk the nesting and may run out of stack), NUL characters in a body or in the
 * URL (PostgreSQL refuses them in text; they are never meant). The body is then parsed by
 * Fastify's own JSON parser, which refuses prototype poisoning.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../lib/errors';

/** No route's body nests deeper than a handful of levels. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** What is wrong with a JSON text before parsing: nested too deep, or a NUL in a string; null when neither. */
export function inspectJson(text: string, maxDepth = MAX_JSON_DEPTH): 'deep' | 'nul' | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        if (text.startsWith('u0000', i + 1)) return 'nul';
        i++; // the escaped character
      } else if (c === QUOTE) inString = false;
      else if (c === 0) return 'nul';
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return 'deep';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === 0) return 'nul';
  }
  return null;
}

const tooDeep = () =>
  badRequest(
    'BODY_TOO_DEEP',
    `请求内容嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`,
    `The request body is nested too deep (at most ${MAX_JSON_DEPTH} levels)`,
    'body',
  );
const nul = (field: string) =>
  badRequest('BAD_CHARACTER', '请求中含有不允许的空字符（NUL）', 'The request contains a NUL character', field);

export function installJsonBody(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const problem = inspectJson(body as string);
    if (problem === 'deep') return done(tooDeep(), undefined);
    if (problem === 'nul') return done(nul('body'), undefined);
    return parse(req, body as string, done);
  });
  // A NUL in the path or the query string (%00): refused before routing looks at it.
  app.addHook('onRequest', async (req) => {
    if (/%00|\u0000/i.test(req.url)) throw nul('url');
  });
}
