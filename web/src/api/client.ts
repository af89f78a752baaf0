/**
 * The fetch wrapper for /api/v1, shared by the console and the phone apps. Failures throw an
 * ApiError carrying the server's error body `{ code, zh, en, field?, details? }`; errorText()
 * gives its message in the current language. Writes echo the session's CSRF token in a header.
 */
import type { ErrorBody } from '../../../server/src/lib/errors';
import i18n from '../i18n';
import { isEnglish } from '../lib/lang';

export type { ErrorBody };

export class ApiError extends Error {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly field?: string;
  readonly details?: unknown;

  constructor(
    readonly status: number,
    body: ErrorBody,
  ) {
    super(body.en);
    this.name = 'ApiError';
    this.code = body.code;
    this.zh = body.zh;
    this.en = body.en;
    this.field = body.field;
    this.details = body.details;
  }

  /** The message in the given (default: current) language. */
  text(lang: string = i18n.language): string {
    return isEnglish(lang) ? this.en : this.zh;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.text();
  if (err instanceof Error) return err.message;
  return String(err);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** A plain object is sent as JSON; FormData as multipart. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Fired when the server says the caller is not signed in (401 UNAUTHENTICATED). */
export const authEvents = new EventTarget();

/** The session's CSRF token: the server sets it in a readable cookie; writes echo it in a header. */
export function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)wangge_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const method = opts.method ?? 'GET';
  const csrf = method === 'GET' ? undefined : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, {
      code: 'NETWORK',
      zh: '网络连接失败，请检查网络后重试',
      en: 'Network error; check the connection and retry',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (json as { error?: ErrorBody } | undefined)?.error;
    if (res.status === 401 && err?.code === 'UNAUTHENTICATED') authEvents.dispatchEvent(new Event('unauthenticated'));
    throw new ApiError(
      res.status,
      err?.code
        ? err
        : { code: `HTTP_${res.status}`, zh: `请求失败（${res.status}）`, en: `Request failed (${res.status})` },
    );
  }
  return json as T;
}

/** A client-made id for retry-safe writes (randomUUID needs https; plain http on a village LAN does not have it). */
export function clientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Path pieces: a village, and any id put into a path. */
export const enc = encodeURIComponent;
export const villagePath = (village: string) => `/villages/${enc(village)}`;
