/**
 * The event bus: after a write commits, its events (already in the `events` table) are delivered
 * to this process's subscribers in sequence order, per village, exactly once each. Other
 * processes learn of them through PostgreSQL LISTEN/NOTIFY, carrying only `village:seq` and sent
 * after commit, coalesced per tick (writers never wait on listeners); a slow poll of the
 * per-village counters catches anything missed (a dropped listener connection; a CLI writing to
 * the SQLite file). Subscribers then read the events themselves from the log.
 */
import type { Database } from '../db/database';
import type { EventRow } from '../db/types';
import { sql } from 'kysely';

export type EventListener = (ev: EventRow) => void;

interface VillageState {
  last: number;
  subs: Set<EventListener>;
  chain: Promise<void>;
}

export interface EventBusOptions {
  /** How often to look for events written elsewhere (ms). */
  pollMs?: number;
}

export class EventBus {
  private villages = new Map<string, VillageState>();
  private commitListeners = new Set<(rows: EventRow[]) => void>();
  private started = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private listenClient: { release(err?: boolean): void; query(q: string): Promise<unknown> } | null = null;
  private notifyPending = new Map<string, number>();
  private notifyScheduled = false;
  readonly channel: string;

  constructor(
    private database: Database,
    private opts: EventBusOptions = {},
  ) {
    this.channel = `wangge_ev_${database.schema ?? 'public'}`.slice(0, 63);
  }

  private state(villageId: string, lastIfNew: number): VillageState {
    let s = this.villages.get(villageId);
    if (!s) {
      s = { last: lastIfNew, subs: new Set(), chain: Promise.resolve() };
      this.villages.set(villageId, s);
    }
    return s;
  }

  /** Called by the write envelope right after commit with the events it wrote. */
  committed(rows: EventRow[]): void {
    for (const l of this.commitListeners) l(rows);
    const byVillage = new Map<string, EventRow[]>();
    for (const r of rows) byVillage.set(r.villageId, [...(byVillage.get(r.villageId) ?? []), r]);
    for (const [villageId, list] of byVillage) {
      // Not started: no other writer can be heard, so nothing before these can be missing.
      const s = this.state(villageId, this.started ? 0 : list[0].seq - 1);
      s.chain = s.chain.then(() => this.deliver(villageId, s, list)).catch(() => undefined);
      this.queueNotify(villageId, list[list.length - 1].seq);
    }
  }

  /** Every event seen by this process (local ones synchronously at commit): for cache invalidation. */
  onCommit(listener: (rows: EventRow[]) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * Listen to a village's events from now on. Resolves with the last sequence number delivered
   * before the listener was added: read the log up to it to resume (see `since`).
   */
  async subscribe(villageId: string, listener: EventListener): Promise<{ last: number; close(): void }> {
    let s = this.villages.get(villageId);
    if (!s) s = this.state(villageId, await this.latest(villageId));
    const state = s;
    // Join after what is being delivered now, so `last` is exact.
    await state.chain;
    state.subs.add(listener);
    return { last: state.last, close: () => void state.subs.delete(listener) };
  }

  async latest(villageId: string): Promise<number> {
    const r = await this.database.db
      .selectFrom('eventCounters')
      .select('lastSeq')
      .where('villageId', '=', villageId)
      .executeTakeFirst();
    return Number(r?.lastSeq ?? 0);
  }

  /** Events of a village after a sequence number, in order. */
  since(villageId: string, after: number, limit = 1000): Promise<EventRow[]> {
    return this.database.db
      .selectFrom('events')
      .selectAll()
      .where('villageId', '=', villageId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  private async deliver(villageId: string, s: VillageState, rows: EventRow[]) {
    if (rows[0].seq === s.last + 1) return this.emitRows(s, rows);
    if (rows[rows.length - 1].seq <= s.last) return; // already delivered by a pump
    await this.pumpNow(villageId, s); // a gap: someone else's events come first
  }

  private emitRows(s: VillageState, rows: EventRow[]) {
    for (const r of rows) {
      if (r.seq <= s.last) continue;
      s.last = r.seq;
      for (const l of s.subs) {
        try {
          l(r);
        } catch {
          // one broken subscriber must not stop the others
        }
      }
    }
  }

  private async pumpNow(villageId: string, s: VillageState) {
    for (;;) {
      const rows = await this.since(villageId, s.last, 500);
      if (!rows.length) return;
      for (const l of this.commitListeners) l(rows);
      this.emitRows(s, rows);
      if (rows.length < 500) return;
    }
  }

  /** Deliver whatever the log holds beyond what was delivered (events written by others). */
  pump(villageId: string): Promise<void> {
    const s = this.state(villageId, 0);
    s.chain = s.chain.then(() => this.pumpNow(villageId, s)).catch(() => undefined);
    return s.chain;
  }

  private queueNotify(villageId: string, seq: number) {
    if (this.database.backend !== 'postgres' || !this.started) return;
    this.notifyPending.set(villageId, Math.max(seq, this.notifyPending.get(villageId) ?? 0));
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      const batch = [...this.notifyPending];
      this.notifyPending.clear();
      const calls = batch.map(([v, seq]) => sql`pg_notify(${this.channel}, ${`${v}:${seq}`})`);
      sql`select ${sql.join(calls)}`.execute(this.database.db).catch(() => undefined); // the poll catches up
    });
  }

  /** Start hearing other processes: LISTEN on PostgreSQL, and the catch-up poll on both. */
  async start(): Promise<void> {
    if (this.started) return;
    const counters = await this.database.db.selectFrom('eventCounters').selectAll().execute();
    for (const c of counters) this.state(c.villageId, Number(c.lastSeq));
    this.started = true;
    if (this.database.pool) await this.listen();
    const poll = async () => {
      if (this.stopped) return;
      try {
        const rows = await this.database.db.selectFrom('eventCounters').selectAll().execute();
        for (const c of rows) {
          const s = this.villages.get(c.villageId);
          if (!s || Number(c.lastSeq) > s.last) void this.pump(c.villageId);
        }
      } catch {
        // the database is away for a moment: try again at the next poll
      }
      this.pollTimer = setTimeout(poll, this.opts.pollMs ?? 1000);
      this.pollTimer.unref();
    };
    this.pollTimer = setTimeout(poll, this.opts.pollMs ?? 1000);
    this.pollTimer.unref();
  }

  private async listen() {
    const pool = this.database.pool!;
    try {
      const client = await pool.connect();
      client.on('notification', (msg) => {
        const [villageId, seq] = (msg.payload ?? '').split(':');
        const s = this.villages.get(villageId);
        if (!s || Number(seq) > s.last) void this.pump(villageId);
      });
      client.on('error', () => {
        client.release(true);
        this.listenClient = null;
        if (!this.stopped) setTimeout(() => void this.listen(), 500).unref();
      });
      await client.query(`LISTEN "${this.channel}"`);
      this.listenClient = client;
    } catch {
      if (!this.stopped) setTimeout(() => void this.listen(), 500).unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    const c = this.listenClient;
    this.listenClient = null;
    if (c) {
      await c.query(`UNLISTEN "${this.channel}"`).catch(() => undefined);
      c.release();
    }
  }
}
