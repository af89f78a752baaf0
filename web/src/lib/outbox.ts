/**
 * The outbox of field writes: every write made on a phone (a points proposal with its photo, an
 * objection, a report, a redemption; later the command and field-operations writes) is first
 * saved in IndexedDB with its client-made id, then sent. What did not arrive is sent again — on
 * `online`, at app start and when the app comes back into view — with the same id, which the
 * server treats as the idempotency key, so it is recorded once however often it is sent. One send
 * per item at a time (in this tab, and across tabs by a Web Lock).
 *
 * A sender is registered per kind; it gets the item and a `save` to keep progress (the reference
 * of an uploaded photo, so a retry does not upload it again and the payload stays the same).
 */
import { ApiError } from '../api/client';

export type OutboxState = 'waiting' | 'sending' | 'failed';

export interface OutboxReason {
  code: string;
  zh: string;
  en: string;
  status: number;
}

export interface OutboxItem<P = unknown> {
  /** The client-made id: the idempotency key. */
  id: string;
  kind: string;
  /** Whose write it is: sent only while they are signed in. */
  account: string;
  payload: P;
  /** Progress a sender keeps between attempts (uploaded photos' references). */
  progress?: Record<string, unknown>;
  state: OutboxState;
  /** Why the last attempt did not succeed. */
  reason?: OutboxReason;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

export type Sender = (item: OutboxItem, save: (progress: Record<string, unknown>) => Promise<void>) => Promise<unknown>;

// Dexie is loaded with the first use of the outbox. A count of saved items (localStorage) tells
// at start whether there is anything to show or send before it is loaded.
let dbp: Promise<(typeof import('./outboxDb'))['db']> | null = null;
const open = () => (dbp ??= import('./outboxDb').then((m) => m.db));
const HINT = 'wangge.outbox.n';

function hint(n: number) {
  try {
    localStorage.setItem(HINT, String(n));
  } catch {
    /* private mode */
  }
}

/** Are writes saved on this phone (any account)? Without opening the database. */
export function outboxMayHaveItems(): boolean {
  try {
    // No count: nothing was ever saved in this browser.
    const n = localStorage.getItem(HINT);
    return n !== null && n !== '0';
  } catch {
    return true;
  }
}

const senders = new Map<string, Sender>();
const inFlight = new Map<string, Promise<SendResult>>();
const listeners = new Set<() => void>();
let account: string | null = null;

export type SendResult = { ok: true; result: unknown } | { ok: false; retryable: boolean; error: unknown };

/** Did the request perhaps not arrive (no answer, or the server failed)? Then the same id is sent again. */
export const mayRetry = (err: unknown) => !(err instanceof ApiError) || err.status === 0 || err.status >= 500;

const reasonOf = (err: unknown): OutboxReason =>
  err instanceof ApiError
    ? { code: err.code, zh: err.zh, en: err.en, status: err.status }
    : {
        code: 'ERROR',
        zh: String((err as Error)?.message ?? err),
        en: String((err as Error)?.message ?? err),
        status: 0,
      };

function changed() {
  void open()
    .then((db) => db.items.count())
    .then(hint);
  for (const l of listeners) l();
}

/** Called on every change of the outbox (for lists and counts). */
export function onOutboxChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function registerSender(kind: string, sender: Sender) {
  senders.set(kind, sender);
}

/** The signed-in account: only its items are listed and sent. */
export function setOutboxAccount(id: string | null) {
  if (account === id) return;
  account = id;
  for (const l of listeners) l();
  if (id && outboxMayHaveItems()) void replay();
}

export async function listOutbox(): Promise<OutboxItem[]> {
  if (!account) return [];
  const db = await open();
  return db.items.where('account').equals(account).sortBy('createdAt');
}

export async function discard(id: string) {
  const db = await open();
  await db.items.delete(id);
  changed();
}

/** Save a write and send it at once; the answer, or why it has not arrived (it stays saved if it may yet). */
export async function submit<P>(kind: string, id: string, payload: P): Promise<SendResult> {
  if (!account) throw new Error('outbox: nobody is signed in');
  const db = await open();
  const now = Date.now();
  const existing = await db.items.get(id);
  if (!existing)
    await db.items.put({ id, kind, account, payload, state: 'waiting', attempts: 0, createdAt: now, updatedAt: now });
  changed();
  return sendOne(id);
}

/** Send one saved item (never twice at once). */
export function sendOne(id: string): Promise<SendResult> {
  const running = inFlight.get(id);
  if (running) return running;
  const p = withLock(id, () => attempt(id)).finally(() => inFlight.delete(id));
  inFlight.set(id, p);
  return p;
}

async function withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return fn();
  return locks.request(`wangge-outbox-${id}`, fn) as Promise<T>;
}

async function attempt(id: string): Promise<SendResult> {
  const db = await open();
  const item = await db.items.get(id);
  // Sent meanwhile (another tab): nothing to do.
  if (!item) return { ok: true, result: undefined };
  const sender = senders.get(item.kind);
  if (!sender) return { ok: false, retryable: true, error: new Error(`no sender for ${item.kind}`) };
  await db.items.update(id, { state: 'sending', attempts: item.attempts + 1, updatedAt: Date.now() });
  changed();
  const save = async (progress: Record<string, unknown>) => {
    item.progress = { ...item.progress, ...progress };
    await db.items.update(id, { progress: item.progress });
  };
  try {
    const result = await sender(item, save);
    await db.items.delete(id);
    changed();
    delivered(item, result);
    return { ok: true, result };
  } catch (error) {
    const retryable = mayRetry(error);
    await db.items.update(id, {
      state: retryable ? 'waiting' : 'failed',
      reason: reasonOf(error),
      updatedAt: Date.now(),
    });
    changed();
    return { ok: false, retryable, error };
  }
}

const deliveredListeners = new Set<(item: OutboxItem, result: unknown) => void>();

/** Called when an item arrives (whoever sent it: the form, or a replay). */
export function onDelivered(l: (item: OutboxItem, result: unknown) => void): () => void {
  deliveredListeners.add(l);
  return () => deliveredListeners.delete(l);
}

function delivered(item: OutboxItem, result: unknown) {
  for (const l of deliveredListeners) l(item, result);
}

let replaying: Promise<void> | null = null;

/** Send again, oldest first, every item of the signed-in account that waits (not those refused). */
export function replay(): Promise<void> {
  replaying ??= (async () => {
    try {
      for (const item of await listOutbox()) {
        if (item.state === 'failed') continue;
        const r = await sendOne(item.id);
        // Still no signal: the rest would fail the same way.
        if (!r.ok && r.retryable) break;
      }
    } finally {
      replaying = null;
    }
  })();
  return replaying;
}

/**
 * Replay on `online`, at app start and when the app comes back into view. At start the database
 * is opened only if something was saved, or once the first screen has loaded.
 */
export function startReplaying(): () => void {
  const go = () => void replay();
  if (!outboxMayHaveItems()) setTimeout(go, 3000);
  const visible = () => document.visibilityState === 'visible' && go();
  window.addEventListener('online', go);
  document.addEventListener('visibilitychange', visible);
  if (outboxMayHaveItems()) go();
  return () => {
    window.removeEventListener('online', go);
    document.removeEventListener('visibilitychange', visible);
  };
}
