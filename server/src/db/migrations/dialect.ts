import type { Kysely } from 'kysely';

/** Whether a migration runs on PostgreSQL (otherwise SQLite), for the few statements that differ. */
export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');
