/**
 * A dialect wrapper that counts the database round trips (every statement, and each BEGIN,
 * COMMIT, ROLLBACK and savepoint) and reports the writes this process made once they are
 * committed: which table, which operation, which columns an UPDATE set. Caches that must never
 * outlive a change (the access cache: sessions, accounts, posts) listen to these facts, so they
 * are invalidated even by a write that announces no event, at the moment its transaction commits
 * (a cache filled from the old rows before the commit is dropped then; see access/cache.ts).
 */
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

export interface WriteFact {
  /** The table as named in SQL (snake_case). */
  table: string;
  op: 'insert' | 'update' | 'delete';
  /** The columns an UPDATE (or an upsert's DO UPDATE) sets, snake_case; null when unknown (raw SQL). */
  columns: string[] | null;
}

export type WriteListener = (facts: WriteFact[]) => void;

export interface DbObserver {
  /** Round trips since the database was opened (statements plus transaction control). */
  roundTrips: number;
  /** Listen to committed writes (synchronously, right after COMMIT or an autocommitted statement). */
  onWrite(listener: WriteListener): () => void;
}

interface Node {
  kind: string;
  [k: string]: unknown;
}

const same = (s: string) => s;

const columnsOf = (updates: unknown, name: (s: string) => string): string[] | null =>
  Array.isArray(updates)
    ? updates.map((u: { column?: { column?: { name?: string } } }) => name(u.column?.column?.name ?? '?'))
    : null;

const WRITE = /\b(insert\s+into|update|delete\s+from)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

/**
 * What a statement writes (nothing for reads: the common case is decided on the first word).
 * `name` maps the identifiers of the operation tree to their SQL names (the tree keeps the
 * camelCase names when the compiler snake-cases them: see camel-case.ts).
 */
export function writesOf(q: CompiledQuery, name: (s: string) => string = same): WriteFact[] {
  const node = q.query as unknown as Node | undefined;
  const kind = node?.kind;
  if (kind === 'SelectQueryNode') return [];
  const sql = q.sql;
  const first = sql.trimStart().slice(0, 6).toLowerCase();
  if (first === 'select' || first === 'pragma' || first === 'begin' || first === 'commit' || first === 'rollba')
    return [];
  if (kind === 'UpdateQueryNode') {
    const table = tableName(node!.table);
    if (table) return [{ table: name(table), op: 'update', columns: columnsOf(node!.updates, name) }];
  }
  if (kind === 'InsertQueryNode') {
    const table = tableName(node!.into);
    const onConflict = node!.onConflict as { updates?: unknown; doNothing?: boolean } | undefined;
    if (table) {
      const facts: WriteFact[] = [{ table: name(table), op: 'insert', columns: null }];
      if (onConflict && !onConflict.doNothing)
        facts.push({ table: name(table), op: 'update', columns: columnsOf(onConflict.updates, name) });
      return facts;
    }
  }
  // Deletes, raw SQL, CTEs: every table the text writes to, columns unknown.
  const facts: WriteFact[] = [];
  for (const m of sql.matchAll(WRITE)) {
    const verb = m[1].toLowerCase();
    const op = verb.startsWith('insert') ? 'insert' : verb === 'update' ? 'update' : 'delete';
    facts.push({ table: m[2].toLowerCase(), op, columns: null });
  }
  return facts;
}

function tableName(n: unknown): string | null {
  // TableNode { table: SchemableIdentifierNode { identifier: IdentifierNode { name } } }, maybe aliased.
  const t = n as { kind?: string; table?: { identifier?: { name?: string } }; node?: unknown } | undefined;
  if (!t) return null;
  if (t.kind === 'AliasNode') return tableName(t.node);
  return t.table?.identifier?.name ?? null;
}

class ObservedConnection implements DatabaseConnection {
  /** Writes of the open transaction, reported at its commit. */
  pending: WriteFact[] | null = null;
  constructor(
    readonly inner: DatabaseConnection,
    private obs: Observer,
  ) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    this.obs.roundTrips++;
    const result = await this.inner.executeQuery<R>(q);
    const facts = writesOf(q, this.obs.name);
    if (facts.length) {
      if (this.pending) this.pending.push(...facts);
      else this.obs.emit(facts);
    }
    return result;
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.obs.roundTrips++;
    yield* this.inner.streamQuery<R>(q, chunkSize);
  }
}

class Observer implements DbObserver {
  roundTrips = 0;
  constructor(readonly name: (s: string) => string) {}
  private listeners = new Set<WriteListener>();
  onWrite(listener: WriteListener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(facts: WriteFact[]) {
    for (const l of this.listeners) {
      try {
        l(facts);
      } catch {
        // a broken listener must not fail the write that has already happened
      }
    }
  }
}

class ObservedDriver implements Driver {
  private wrappers = new WeakMap<DatabaseConnection, ObservedConnection>();
  constructor(
    private inner: Driver,
    private obs: Observer,
  ) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection() {
    const c = await this.inner.acquireConnection();
    let w = this.wrappers.get(c);
    if (!w) this.wrappers.set(c, (w = new ObservedConnection(c, this.obs)));
    return w;
  }
  private un(c: DatabaseConnection) {
    return (c as ObservedConnection).inner ?? c;
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    this.obs.roundTrips++;
    await this.inner.beginTransaction(this.un(c), settings);
    (c as ObservedConnection).pending = [];
  }
  async commitTransaction(c: DatabaseConnection) {
    this.obs.roundTrips++;
    const w = c as ObservedConnection;
    try {
      await this.inner.commitTransaction(this.un(c));
    } finally {
      // Even a failed COMMIT may have committed (connection lost after): invalidating is always safe.
      const facts = w.pending;
      w.pending = null;
      if (facts?.length) this.obs.emit(facts);
    }
  }
  async rollbackTransaction(c: DatabaseConnection) {
    this.obs.roundTrips++;
    (c as ObservedConnection).pending = null;
    await this.inner.rollbackTransaction(this.un(c));
  }
  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    this.obs.roundTrips++;
    await this.inner.savepoint!(this.un(c), name, compile);
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    this.obs.roundTrips++;
    // The rolled-back part's writes stay pending: reporting a write that did not happen is harmless.
    await this.inner.rollbackToSavepoint!(this.un(c), name, compile);
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    this.obs.roundTrips++;
    await this.inner.releaseSavepoint!(this.un(c), name, compile);
  }
  releaseConnection(c: DatabaseConnection) {
    return this.inner.releaseConnection(this.un(c));
  }
  destroy() {
    return this.inner.destroy();
  }
}

/**
 * Wrap a dialect; the observer counts and reports through it. `name`: the SQL name of an
 * identifier of the operation tree (the snake-casing of camel-case.ts).
 */
export function observed(
  dialect: Dialect,
  name: (s: string) => string = same,
): { dialect: Dialect; observer: DbObserver } {
  const observer = new Observer(name);
  return {
    observer,
    dialect: {
      createDriver: () => new ObservedDriver(dialect.createDriver(), observer),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createAdapter: () => dialect.createAdapter(),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      createIntrospector: (db: Kysely<any>) => dialect.createIntrospector(db),
    },
  };
}
