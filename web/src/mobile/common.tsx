/** Shared parts of the phone apps: loading and errors, amounts, statuses, an entry line, photos, retry-safe sending. */
import { Button, DotLoading, ErrorBlock, Tag } from 'antd-mobile';
import { toast } from './toast';
import { CameraOutline } from 'antd-mobile-icons';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { discard, onDelivered, submit } from '../lib/outbox';
import type { SendKind } from './outboxSenders';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../api/client';
import type { Entry, EntryKind, EntryStatus } from '../api/types';
import { formatDate } from '../lib/format';
import { amountClass, bi, entryTitle, isShopEntry, signed } from '../console/points/text';

/** A labelled part of a phone form (a label above its input). */
export function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="wg-m-field">
      <div className="wg-m-field-label">{label}</div>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center', color: '#888' }} data-testid="m-loading">
      {t('common.loading')}
      <DotLoading />
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock
      status="default"
      title={t('common.loadFailed')}
      description={errorText(error)}
      style={{ padding: '32px 16px' }}
    >
      <Button color="primary" size="large" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </ErrorBlock>
  );
}

export function Amount({ n, size }: { n: number; size?: number }) {
  return (
    <span className={`wg-m-${amountClass(n)}`} style={size ? { fontSize: size } : undefined} data-testid="amount">
      {signed(n)}
    </span>
  );
}

const statusColor: Record<EntryStatus, string> = {
  proposed: 'warning',
  rejected: 'default',
  published: '#1677ff',
  disputed: 'danger',
  final: 'success',
  overturned: 'default',
};

export function StatusTag({ status }: { status: EntryStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={statusColor[status]}
      fill="outline"
      style={{ fontSize: 14, padding: '2px 6px' }}
      data-testid={`status-${status}`}
    >
      {t(`points.status.${status}`)}
    </Tag>
  );
}

function WithdrawnTag() {
  const { t } = useTranslation();
  return (
    <Tag color="default" fill="outline" style={{ fontSize: 14, padding: '2px 6px' }} data-testid="status-withdrawn">
      {t('points.m.withdrawn')}
    </Tag>
  );
}

export function useKindLabel() {
  const { t } = useTranslation();
  return (k: EntryKind) => t(`points.kind.${k}`);
}

/** What an entry line needs: an account's entry, or one of my proposals. */
export type EntryLike = Pick<
  Entry,
  | 'id'
  | 'kind'
  | 'requested'
  | 'effective'
  | 'reason'
  | 'status'
  | 'createdAt'
  | 'decidedAt'
  | 'reviewNote'
  | 'ruleName'
> &
  Partial<Pick<Entry, 'clipped' | 'proposedByMe' | 'proposerName'>> & { withdrawn?: boolean };

/**
 * One line of "why did my points change": when, under which rule, the reason given, the amount
 * that counted, the state in plain words, what a cap took away, and who proposed it (staff only).
 */
export function EntryLine({ e, cap }: { e: EntryLike; cap?: number }) {
  const { t, i18n } = useTranslation();
  const kindLabel = useKindLabel();
  const lang = i18n.language;
  const decided = e.status !== 'proposed' && e.status !== 'rejected';
  const shown = decided ? e.effective : e.requested;
  const reason = bi(e.reason, lang);
  const title = entryTitle(e, lang, kindLabel);
  const clipped = e.clipped ?? 0;
  return (
    <div data-testid="entry-line" data-entry={e.id} style={{ padding: '4px 0' }}>
      <div className="wg-m-row">
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontWeight: 600, fontSize: 17 }}>{title}</div>
          {reason && reason !== title && !isShopEntry(e.kind) && (
            <div style={{ color: '#444' }} data-testid="entry-reason">
              {t('points.m.reasonLabel')}
              {reason}
            </div>
          )}
          <div className="wg-m-muted">
            {formatDate(e.decidedAt ?? e.createdAt, lang)} ·{' '}
            {e.withdrawn ? <WithdrawnTag /> : <StatusTag status={e.status} />}
          </div>
          {(e.proposedByMe || e.proposerName) && (
            <div className="wg-m-muted" data-testid="entry-proposer">
              {e.proposedByMe ? t('points.m.proposedByMe') : t('points.m.proposedBy', { name: e.proposerName })}
            </div>
          )}
        </div>
        <div style={{ textAlign: 'right', fontSize: 24, whiteSpace: 'nowrap', opacity: decided ? 1 : 0.55 }}>
          <Amount n={shown} />
        </div>
      </div>
      {decided && clipped !== 0 && (
        <div className="wg-m-note" data-testid="entry-clipped">
          {e.requested > 0 && cap !== undefined
            ? t('points.m.clippedCap', { cap, requested: signed(e.requested), effective: signed(e.effective) })
            : t('points.m.clippedFloor', { requested: signed(e.requested), effective: signed(e.effective) })}
        </div>
      )}
      {!decided && (
        <div className="wg-m-muted">
          {e.status === 'proposed' ? t('points.m.notYetCounted') : t('points.m.notCounted')}
        </div>
      )}
      {e.status === 'rejected' && !e.withdrawn && e.reviewNote && (
        <div className="wg-m-muted">
          {t('points.m.rejectedBecause')}
          {bi(e.reviewNote, lang)}
        </div>
      )}
      {e.status === 'overturned' && <div className="wg-m-muted">{t('points.m.overturnedNote')}</div>}
    </div>
  );
}

/** A photo for evidence: the phone's camera (or album), shrunk before it travels on a weak signal. */
export function PhotoPicker({
  file,
  onChange,
  testId = 'photo-input',
}: {
  file: File | null;
  onChange: (f: File | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
      {url && <img src={url} alt={t('points.m.photo')} className="wg-m-photo" data-testid="photo-preview" />}
      <label style={{ display: 'inline-block' }}>
        <input
          ref={input}
          type="file"
          accept="image/*"
          capture="environment"
          data-testid={testId}
          style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
          onChange={(ev) => onChange(ev.target.files?.[0] ?? null)}
        />
        <Button size="large" onClick={() => input.current?.click()} data-testid="photo-button">
          <CameraOutline style={{ fontSize: 22, verticalAlign: 'middle', marginRight: 4 }} />
          {file ? t('points.m.retakePhoto') : t('points.m.takePhoto')}
        </Button>
      </label>
      {file && (
        <Button size="middle" fill="none" onClick={() => onChange(null)} style={{ color: '#666' }}>
          {t('points.m.removePhoto')}
        </Button>
      )}
    </div>
  );
}

/** Phone photos are several MB: send at most 1600 px as JPEG (the original when that fails or is small). */
export async function shrinkPhoto(file: File): Promise<Blob> {
  if (file.size < 400_000 || typeof createImageBitmap !== 'function') return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', 0.8));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

export type SendState<T> =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'failed'; error: unknown; retryable: boolean }
  | { phase: 'done'; result: T };

/**
 * A field write through the outbox (lib/outbox): the caller makes the payload (with its client
 * id) once; it is saved on the phone, then sent. Without an answer it stays saved and goes again
 * by itself when there is signal (or on "retry"), with the same id, so the server records it once.
 */
export function useRetrySend<P extends { id: string }, T>(
  kind: SendKind,
  opts: { success?: (r: T) => string; onDone?: (r: T) => void } = {},
) {
  const [state, setState] = useState<SendState<T>>({ phase: 'idle' });
  const last = useRef<P | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const finish = useCallback((result: T) => {
    last.current = null;
    setState({ phase: 'done', result });
    const text = optsRef.current.success?.(result);
    if (text) toast({ icon: 'success', content: text, duration: 2500 });
    optsRef.current.onDone?.(result);
  }, []);

  const run = useCallback(
    async (payload: P) => {
      last.current = payload;
      setState({ phase: 'sending' });
      const r = await submit(kind, payload.id, payload);
      if (last.current?.id !== payload.id) return undefined; // delivered meanwhile by a replay
      if (r.ok) {
        finish(r.result as T);
        return r.result as T;
      }
      if (!r.retryable) {
        // Refused (the form says why): nothing left to send.
        last.current = null;
        await discard(payload.id);
        toast({ icon: 'fail', content: errorText(r.error), duration: 3000 });
      }
      setState({ phase: 'failed', error: r.error, retryable: r.retryable });
      return undefined;
    },
    [kind, finish],
  );
  const retry = useCallback(() => (last.current ? run(last.current) : undefined), [run]);
  /** Give up: the saved write is not sent. */
  const reset = useCallback(() => {
    if (last.current) void discard(last.current.id);
    last.current = null;
    setState({ phase: 'idle' });
  }, []);

  // Sent by the outbox's replay (back online, back in view): done.
  useEffect(
    () =>
      onDelivered((item, result) => {
        if (last.current && item.id === last.current.id) finish(result as T);
      }),
    [finish],
  );

  return {
    state,
    run,
    retry,
    reset,
    sending: state.phase === 'sending',
    pending: state.phase === 'failed' && state.retryable,
  };
}

/** A send that failed on the network and waits: the banner, retrying the same payload, or discarding it (then `onDiscard`). */
export function SendPending({
  send,
  onDiscard,
}: {
  send: { state: SendState<unknown>; pending: boolean; retry: () => unknown; reset: () => void };
  onDiscard: () => void;
}) {
  if (!send.pending || send.state.phase !== 'failed') return null;
  return (
    <PendingBanner
      error={send.state.error}
      onRetry={() => void send.retry()}
      onDiscard={() => {
        send.reset();
        onDiscard();
      }}
    />
  );
}

/** "Not delivered yet": the weak-signal banner with a retry that keeps the request's id. */
export function PendingBanner({
  error,
  onRetry,
  onDiscard,
  children,
}: {
  error: unknown;
  onRetry: () => void;
  onDiscard?: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="wg-m-pending" data-testid="pending-banner" role="status">
      <div style={{ fontWeight: 600 }}>{t('points.m.pendingTitle')}</div>
      {error instanceof ApiError && error.code === 'NETWORK' ? (
        <div data-testid="pending-offline">{t('points.m.offlineSaved')}</div>
      ) : (
        <div className="wg-m-muted">{errorText(error)}</div>
      )}
      <div className="wg-m-muted">{t('points.m.pendingHint')}</div>
      {children}
      <div style={{ display: 'flex', gap: 12, marginTop: 8 }}>
        <Button color="primary" size="large" onClick={onRetry} data-testid="pending-retry">
          {t('points.m.retrySame')}
        </Button>
        {onDiscard && (
          <Button size="large" onClick={onDiscard}>
            {t('points.m.discard')}
          </Button>
        )}
      </div>
    </div>
  );
}
