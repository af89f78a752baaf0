// `npm test`: type-check, then the unit and integration suites (vitest), then the browser suite
// (Playwright in Debian's Chromium). Runs on SQLite, or on PostgreSQL when DATABASE_URL is set.
import { execSync } from 'node:child_process';

const run = (cmd) => {
  console.log(`\n$ ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env: process.env });
};
console.log(`wangge tests on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`);
run('npx tsc -p tsconfig.json --noEmit');
run('npx vitest run');
run('node scripts/ensure-web.mjs');
run('npx playwright test');
