/**
 * A small Server-Sent Events client over real HTTP (Node's fetch with a streaming body), parsing
 * text/event-stream as a browser does: `id:` sets the last event id (also on frames without
 * data), `data:` lines make a message, lines starting with `:` are comments (heartbeats).
 */
import type { Call } from './demo-app';

export interface SseMessage {
  id: string | null;
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  comments: string[];
  /** The last event id seen, as a browser would send it in `Last-Event-ID` on reconnecting. */
  lastEventId: string | null;
  /** Resolves when the server ends the stream (or it is closed here). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** Wait until a condition over what has arrived holds (rejects after `timeoutMs`). */
  until(cond: (s: SseStream) => boolean, timeoutMs?: number): Promise<void>;
  /** Drop the connection, like a phone losing its network. */
  close(): void;
}

/** The cookie header of a signed-in test client (see demo-app.ts `client`). */
export const cookieOf = (call: Call) =>
  [...(call as Call & { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');

export async function openSse(
  url: string,
  opts: { cookie?: string; lastEventId?: string | null } = {},
): Promise<SseStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.lastEventId != null) headers['last-event-id'] = opts.lastEventId;
  const res = await fetch(url, { headers, signal: abort.signal });
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());

  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    messages: [],
    comments: [],
    lastEventId: opts.lastEventId ?? null,
    ended: Promise.resolve(),
    isEnded: () => ended,
    until: (cond, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (cond(stream)) {
            done();
            resolve();
          } else if (ended) {
            done();
            reject(new Error(`the stream ended before the condition held; got ${JSON.stringify(stream.messages)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting on the stream; got ${JSON.stringify(stream.messages)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };

  let buffer = '';
  let data: string[] = [];
  let event = '';
  let idBuffer = stream.lastEventId;
  const line = (l: string) => {
    if (l === '') {
      stream.lastEventId = idBuffer;
      if (data.length) {
        const text = data.join('\n');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        stream.messages.push({ id: idBuffer, event: event || 'message', data: parsed });
      }
      data = [];
      event = '';
      return;
    }
    if (l.startsWith(':')) return void stream.comments.push(l.slice(1).trim());
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    const value = i < 0 ? '' : l.slice(i + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
  };

  stream.ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop()!;
        for (const l of lines) line(l);
        wake();
      }
    } catch {
      // aborted here, or the connection dropped
    } finally {
      ended = true;
      wake();
    }
  })();
  return stream;
}
