/**
 * The pure rules of delivery: what a send's result does to the message (sent, retried after a
 * backoff, or failed for good), what happens to a message found `sending` past its lease (the
 * process died mid-send: re-sent only when the channel is idempotent, else failed as
 * interrupted — never a second delivery), and how secrets are masked wherever they are shown.
 */
import { backoffMs } from '../../core/jobs';
import type { SendResult } from './channel';

export const MAX_ATTEMPTS = 8;

export type Next =
  { state: 'sent' } | { state: 'pending'; retryAt: number; reason: string } | { state: 'failed'; reason: string };

export function afterSend(result: SendResult, attempts: number, now: number, max = MAX_ATTEMPTS): Next {
  if (result.ok) return { state: 'sent' };
  if (!result.retryable) return { state: 'failed', reason: result.reason };
  if (attempts >= max) return { state: 'failed', reason: `${result.reason} (after ${attempts} attempts)` };
  return { state: 'pending', retryAt: now + backoffMs(attempts), reason: result.reason };
}

export const INTERRUPTED = 'INTERRUPTED: the sending process stopped mid-send; not re-sent (it may have arrived)';

/** A message left `sending` past its lease: send again (same id) or give it up. */
export const afterCrash = (idempotent: boolean): 'resend' | 'fail' => (idempotent ? 'resend' : 'fail');

/** A URL without what may carry a key: its query, its user info, and all but the start of its path. */
export function maskUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const path = u.pathname.length > 8 ? `${u.pathname.slice(0, 8)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search ? '?…' : ''}`;
  } catch {
    return '…';
  }
}

/** Never the secret itself: whether there is one. */
export const maskSecret = (secret: string | null | undefined) => (secret ? '••••••' : null);
