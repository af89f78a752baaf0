/** Fixtures shared between cases, built once per backend (see env.once). */
import type { Sheet } from '../../server/src/modules/import/types';
import { parseFile } from '../../server/src/modules/import/parse';
import { cliCaller } from '../../server/src/core/caller';
import { importSheet } from '../../server/src/modules/import/service';
import { villageByCode } from '../../server/src/modules/registry/villages';
import type { BenchEnv, FreshDb } from './env';
import { generateRoster, rosterCsv, type Roster } from './roster';
import { makeVillage, type BenchVillage } from './village';

export interface RosterFiles {
  roster: Roster;
  csv: Buffer;
}

/** The generated roster and its CSV (the xlsx is made by the import case, which alone needs it). */
export const rosterFiles = (env: BenchEnv): Promise<RosterFiles> =>
  env.once('roster', async () => {
    const roster = generateRoster(env.rows);
    return { roster, csv: rosterCsv(roster.rows) };
  });

/** The CSV parsed once (already-parsed rows for importSheet). */
export const parsedCsv = (env: BenchEnv): Promise<Sheet> =>
  env.once('parsed-csv', async () => parseFile('roster.csv', (await rosterFiles(env)).csv));

export interface ImportedVillage {
  db: FreshDb;
  village: BenchVillage;
  roster: Roster;
}

export const VILLAGE_KEY = 'imported-village';

/** A database holding the whole roster, imported with its grids. The import case provides its own. */
export const importedVillage = (env: BenchEnv): Promise<ImportedVillage> =>
  env.once(VILLAGE_KEY, async () => {
    const { roster } = await rosterFiles(env);
    const db = await env.freshDb('search');
    const village = await makeVillage(db.ctx, 'BENCH', roster.gridCodes.length);
    const caller = cliCaller(await villageByCode(db.ctx.db, village.code), 'bench import');
    const report = await importSheet(db.ctx, caller, await parsedCsv(env));
    if (report.problems.length)
      throw new Error(`fixture import failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
    return { db, village, roster };
  });
