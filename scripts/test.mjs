// `npm test`: type-check, then the unit and integration suites (vitest), then the browser suite
// (Playwright in Debian's Chromium). Runs on SQLite, or on PostgreSQL when DATABASE_URL is set.
//
// WANGGE_TEST_SCOPE=backend runs only what depends on the database backend: the integration
// suite, and the browser flows once each (the desktop project, plus the phone-only flows; the
// phone-size renderings of desktop flows are layout, not backend). CI uses it for its second
// backend after a full run on the first, so that `.ci/run` stays within its time.
import { execSync } from 'node:child_process';

const backendOnly = process.env.WANGGE_TEST_SCOPE === 'backend';
const run = (cmd) => {
  console.log(`\n$ ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env: process.env });
};
const started = Date.now();
console.log(
  `wangge tests on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}${backendOnly ? ' (backend-dependent part)' : ''}`,
);
if (!backendOnly) run('npx tsc -p tsconfig.json --noEmit');
run(backendOnly ? 'npx vitest run tests/integration' : 'npx vitest run');
run('node scripts/ensure-web.mjs');
run('npx playwright test');
console.log(`\nwangge tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
