/**
 * Backup and restore. SQLite: the online backup API copies a consistent snapshot while the
 * server goes on writing; a restore checks the copy (integrity and the invariants) before it
 * replaces the database file, and never while the copy is broken. PostgreSQL: pg_dump of the
 * schema in its custom format (a consistent snapshot, taken while serving) and pg_restore.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../../db/database';
import { AppError } from '../../lib/errors';
import { checkInvariants, type InvariantReport } from './invariants';

const run = promisify(execFile);

export async function backupSqlite(database: Database, file: string): Promise<{ bytes: number }> {
  if (!database.sqlite) throw new Error('backupSqlite needs a SQLite database');
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await database.sqlite.backup(file);
  return { bytes: fs.statSync(file).size };
}

export async function backupPostgres(url: string, schema: string, file: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${file}`, url]);
  return { bytes: fs.statSync(file).size };
}

/** Check a SQLite backup: the file's own integrity check and the invariants. */
export async function checkSqliteFile(file: string): Promise<InvariantReport> {
  if (!fs.existsSync(file))
    throw new AppError(404, 'NOT_FOUND', `备份文件 ${file} 不存在`, `Backup file ${file} not found`, 'from');
  const database = openDatabase({ file });
  try {
    const integrity = database.sqlite!.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      return {
        ok: false,
        checked: {},
        problems: [{ code: 'INTEGRITY', zh: '数据库文件已损坏', en: `SQLite integrity check: ${integrity}` }],
      };
    return await checkInvariants(database.db);
  } finally {
    await database.close();
  }
}

/** Replace the SQLite database file with a checked backup (the server must be stopped). */
export async function restoreSqlite(backup: string, target: string): Promise<InvariantReport> {
  const report = await checkSqliteFile(backup);
  if (!report.ok) return report;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backup, tmp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(tmp, target);
  return report;
}

/**
 * A schema's dump leaves out the extensions it uses (pg_trgm lives in `public`, migration 0007):
 * they are made first, so a restore into a new database is whole.
 */
export async function restorePostgres(url: string, file: string): Promise<void> {
  if (!fs.existsSync(file))
    throw new AppError(404, 'NOT_FOUND', `备份文件 ${file} 不存在`, `Backup file ${file} not found`, 'from');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  } finally {
    await client.end();
  }
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, file]);
}
