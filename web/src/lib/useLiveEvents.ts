/**
 * Live screens: ONE EventSource per page on the signed-in user's village
 * (`/api/v1/villages/:village/events`), shared by every component that mounts the hook, and each
 * event makes the affected queries stale (see liveKeys.ts) so whatever is on screen refetches.
 *
 * Reconnecting: when the stream ends (its lifetime, an access change) or the network drops, the
 * browser reconnects by itself and resends `Last-Event-ID`, and the server replays what was
 * missed. When the server refuses a reconnection (an error status), the EventSource gives up; we
 * open a new one after a growing pause, resuming with `?after=` from the last event we saw — or,
 * when we never saw one, refetching everything once it is open again, since something may have
 * been missed in between.
 */
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiUrl } from '../api/client';
import type { Me } from '../api/types';
import { staleKeys, type LiveEvent } from './liveKeys';

/** Events arriving together (an import, a bulk ruling) are coalesced into one round of refetches. */
const FLUSH_MS = 100;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

interface Connection {
  village: string;
  users: number;
  close(): void;
}

let current: Connection | null = null;

/** For tests and diagnostics: the state of this page's stream and the last events it heard. */
export interface LiveState {
  village: string;
  open: boolean;
  last: number | null;
  /** The last 100 events heard, oldest first. */
  heard: { seq: number; type: string }[];
}

declare global {
  interface Window {
    __wanggeLive?: LiveState;
  }
}

function connect(qc: QueryClient, village: string): Connection {
  let source: EventSource | null = null;
  let last: number | null = null;
  let lost = false; // something may have been missed: refetch everything once open again
  let retry = RETRY_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let everything = false;
  const pending = new Map<string, QueryKey>();
  const state: LiveState = { village, open: false, last: null, heard: [] };
  window.__wanggeLive = state;

  const flush = () => {
    flushTimer = undefined;
    if (everything) void qc.invalidateQueries();
    else for (const queryKey of pending.values()) void qc.invalidateQueries({ queryKey });
    everything = false;
    pending.clear();
  };
  const stale = (keys: QueryKey[] | 'all') => {
    if (keys === 'all') everything = true;
    else for (const k of keys) pending.set(JSON.stringify(k), k);
    if (!flushTimer && (everything || pending.size)) flushTimer = setTimeout(flush, FLUSH_MS);
  };

  const open = () => {
    const url = apiUrl(`/villages/${encodeURIComponent(village)}/events`, last === null ? {} : { after: last });
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      state.open = true;
      retry = RETRY_MIN_MS;
      if (lost) stale('all');
      lost = false;
    };
    es.onmessage = (msg) => {
      let ev: LiveEvent;
      try {
        ev = JSON.parse(msg.data as string) as LiveEvent;
      } catch {
        return;
      }
      if (typeof ev.seq === 'number' && ev.type !== 'stream.resync') last = ev.seq;
      state.last = last;
      state.heard = [...state.heard.slice(-99), { seq: ev.seq, type: ev.type }];
      stale(staleKeys(village, ev));
    };
    es.onerror = () => {
      state.open = false;
      // CONNECTING: the browser retries by itself, with Last-Event-ID. CLOSED: it gave up.
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      if (last === null) lost = true;
      retryTimer = setTimeout(open, retry);
      retry = Math.min(retry * 2, RETRY_MAX_MS);
    };
  };
  open();

  return {
    village,
    users: 0,
    close: () => {
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
      source?.close();
      state.open = false;
    },
  };
}

/**
 * Keep the page's queries fresh from the village's live stream while `me` (staff or villager of
 * a village) is signed in. Mount it once in each app shell; more mounts share the one stream.
 */
export function useLiveEvents(me: Me | undefined) {
  const qc = useQueryClient();
  const village = me?.village?.code && me.policies.includes('events.read') ? me.village.code : null;
  useEffect(() => {
    if (!village || typeof EventSource === 'undefined') return;
    if (current && current.village !== village) {
      current.close();
      current = null;
    }
    current ??= connect(qc, village);
    const conn = current;
    conn.users++;
    return () => {
      conn.users--;
      // Let a remount in the same tick (StrictMode, a route change between shells) keep the stream.
      setTimeout(() => {
        if (conn.users === 0 && current === conn) {
          conn.close();
          current = null;
        }
      }, 0);
    };
  }, [qc, village]);
}
