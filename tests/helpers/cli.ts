import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPgSchema, dropPgSchema, openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';

const run = promisify(execFile);

/**
 * A database that a `wangge` CLI process and the test share: a SQLite file, or a PostgreSQL
 * schema of its own. `cli(args)` runs the command with --json and parses what it prints.
 */
export async function cliDatabase(name: string) {
  const url = process.env.DATABASE_URL;
  let env: Record<string, string>;
  let drop = async () => {};
  let database;
  if (url) {
    const schema = `t_${name}_${process.pid}`;
    await createPgSchema(url, schema);
    database = openDatabase({ url, schema });
    await migrateToLatest(database.db, schema);
    env = { DATABASE_URL: url, DATABASE_SCHEMA: schema };
    drop = () => dropPgSchema(url, schema);
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), `wangge-${name}-`));
    database = openDatabase({ file: path.join(dir, 'wangge.sqlite') });
    await migrateToLatest(database.db);
    env = { WANGGE_DATA_DIR: dir };
  }
  const cli = (args: string[]) =>
    run('npx', ['tsx', 'server/src/cli.ts', ...args, '--json'], {
      env: { ...process.env, ...env, WANGGE_DEMO: '0' },
      cwd: process.cwd(),
    }).then(
      (r) => ({ code: 0, out: JSON.parse(r.stdout) }),
      (e) => ({ code: e.code as number, out: e.stdout ? JSON.parse(e.stdout) : { stderr: e.stderr } }),
    );
  return {
    database,
    cli,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}
