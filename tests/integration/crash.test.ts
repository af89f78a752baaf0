/**
 * Crash safety: the real server under a mixed workload is killed with SIGKILL at a random moment,
 * restarted, and checked — WANGGE_CRASH_CYCLES times (50 by default, the issue's figure for CI).
 * The workload, three clients at once:
 * - a grid member proposing points (some take effect at once, some the evaluator approves), a
 *   villager redeeming in the shop, retries of answered writes;
 * - the chief importing a small roster through the HTTP route, making a draft structure with one
 *   household moved and activating it, and sending an instruction (with reminder and escalation
 *   steps due within a second) to the grid member, the evaluator and one more grid member;
 * - the grid member and the evaluator acknowledging, the chief acknowledging on behalf of the third;
 * - the chief calling the same three to a muster: the grid member on the way, then checking in
 *   with the place's code, the evaluator checking in, the chief recording the third's arrival;
 * - the chief sending a notice to the grid member's grid, the grid member marking households not
 *   reachable, then reached (second attempts).
 * After every restart: the invariants hold (every household covered exactly once, balances equal
 * to their entries, the hash chain, the event log without gaps, no acknowledgement twice, the
 * instructions', musters' and notices' counters equal to their rows, each notice household's
 * attempts equal to its attempt rows), every write answered 2xx is there with its audit row and
 * its event, a retry of one answers the same with no new effect, every timer due before the crash
 * has run (none lost) and none has fired twice.
 * The server starts from one bundle (tests/helpers/servers.ts) on the database migrated once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { checkInvariants } from '../../server/src/modules/ops/invariants';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { toCsv } from '../helpers/import-fixture';
import { sharedDatabase, signInHttp, startServer, type Server } from '../helpers/servers';

const CYCLES = Number(process.env.WANGGE_CRASH_CYCLES ?? 50);
const V = '/api/v1/villages/dahuashan';

let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let server: Server;
type Who = 'gm' | 'evaluator' | 'villager' | 'chief';
type Session = { cookie: string; csrf: string };
const sessions: Record<Who, Session> = {} as never;
const persons: { gm: string; evaluator: string; other: string } = { gm: '', evaluator: '', other: '' };
let households: string[] = [];
let itemId = '';

type Kind =
  'entry' | 'redemption' | 'import' | 'activation' | 'instruction' | 'ack' | 'muster' | 'arrival' | 'notice' | 'mark';
/** Writes the server answered 2xx: what was sent, and what came back. */
interface Answered {
  kind: Kind;
  /** The id to look for: the entry, redemption, import, structure, instruction, recipient, muster,
   * muster person, notice; a mark's is "notice household attempt". */
  id: string;
  /** The subject of its event when not itself: an ack's instruction, an arrival's muster. */
  subject?: string;
  retry?: { who: Who; url: string; body: Record<string, unknown> };
}
const answered: Answered[] = [];
const timing = { runs: 0, restarts: 0, verifies: 0 };

const env = () => ({ ...shared.env, WANGGE_JOB_LEASE_MS: '500' });

async function call(who: Who, method: string, url: string, body?: unknown) {
  const s = sessions[who];
  const form = body instanceof FormData;
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body && !form ? { 'content-type': 'application/json' } : {}),
    },
    body: form ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function postOf(role: string, skip = 0) {
  const r = await shared.database.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select(['people.phone', 'people.id'])
    .where('posts.role', '=', role as never)
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .orderBy('people.phone')
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
  return { login: r.phone!, personId: r.id };
}

beforeAll(async () => {
  shared = await sharedDatabase('crash');
  server = await startServer({ ...env(), WANGGE_DEMO: '1' });
  const db = shared.database.db;
  const villager = await db
    .selectFrom('accounts')
    .select(['login', 'householdId'])
    .where('kind', '=', 'villager')
    .executeTakeFirstOrThrow();
  // The grid member of the villager's household: their proposals also give it points to spend.
  const member = await db
    .selectFrom('coverage')
    .innerJoin('posts', (j) => j.onRef('posts.nodeId', '=', 'coverage.nodeId').on('posts.validTo', 'is', null))
    .innerJoin('people', 'people.id', 'posts.personId')
    .select(['people.phone', 'people.id'])
    .where('coverage.householdId', '=', villager.householdId!)
    .where('coverage.validTo', 'is', null)
    .where('posts.role', '=', 'gridMember')
    .executeTakeFirstOrThrow();
  const [evaluator, chief, other] = await Promise.all([postOf('evaluator'), postOf('chief'), postOf('gridMember')]);
  const third = other.personId === member.id ? await postOf('gridMember', 1) : other;
  Object.assign(persons, { gm: member.id, evaluator: evaluator.personId, other: third.personId });
  sessions.gm = await signInHttp(server.url, member.phone!);
  sessions.evaluator = await signInHttp(server.url, evaluator.login);
  sessions.chief = await signInHttp(server.url, chief.login);
  sessions.villager = await signInHttp(server.url, villager.login);
  for (let k = 0; k < 4; k++) {
    const r = await call('gm', 'POST', `${V}/points/entries`, {
      id: newId(),
      ruleCode: 'H02',
      target: { kind: 'household', householdId: villager.householdId },
      reason: 'crash workload: points to spend',
      evidence: [],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const list = await call('gm', 'GET', `${V}/households?pageSize=30`);
  households = list.body.items.map((h: { id: string }) => h.id);
  const items = await call('villager', 'GET', `${V}/points/shop/items`);
  itemId = items.body.items.find((i: { price: number }) => i.price <= 10).id;
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await shared?.dispose();
});

const gone = () => new Error('gone');
/** A POST whose 2xx answer is recorded; throws when the server is gone. */
async function post(who: Who, url: string, body: unknown) {
  const r = await call(who, 'POST', url, body).catch(() => {
    throw gone();
  });
  return r;
}

/** The grid member, the evaluator and the villager: points proposals, reviews, redemptions. */
async function pointsClient(stopAt: number, seed: number) {
  let i = seed;
  while (Date.now() < stopAt) {
    i++;
    const kind = i % 5;
    const id = newId();
    const household = households[i % households.length];
    if (kind === 4) {
      const body = { id, itemId };
      const url = `${V}/points/shop/redemptions`;
      const r = await post('villager', url, body);
      if (r.status === 201) answered.push({ kind: 'redemption', id: r.body.id, retry: { who: 'villager', url, body } });
      continue;
    }
    const needsReview = kind === 3;
    const body = {
      id,
      ruleCode: needsReview ? 'H03' : 'H02',
      target: { kind: 'household', householdId: household },
      reason: `crash workload ${i}`,
      evidence: [],
    };
    const url = `${V}/points/entries`;
    const r = await post('gm', url, body);
    if (r.status !== 201) continue;
    answered.push({ kind: 'entry', id: r.body.id, retry: { who: 'gm', url, body } });
    if (needsReview) await post('evaluator', `${V}/points/entries/${r.body.id}/approve`, {});
  }
}

const NAMES = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八'];

/** A roster of one household and two residents, new in each cycle, into the smallest grid. */
function roster(cycle: number, grid: string) {
  const number = `CR${String(cycle).padStart(4, '0')}`;
  const birth = new Date(Date.UTC(1980, 0, 1) + cycle * 86_400_000).toISOString().slice(0, 10);
  const hh = { householdNumber: number, address: `碰撞路${cycle}号`, householdKind: '住户', grid };
  return toCsv(
    [0, 1].map((m) => ({
      ...hh,
      name: NAMES[(cycle + m) % NAMES.length],
      gender: m === 0 ? '男' : '女',
      idNumber: makeIdNumber('110118', birth, m === 0 ? 1 : 2),
      birthDate: birth,
      relation: m === 0 ? '户主' : '配偶',
      phone: '',
      status: '常住',
      tags: '',
    })),
  );
}

type TreeNode = { id: string; code: string; kind: string; households: number };
const grids = async (structure: string): Promise<TreeNode[]> =>
  (await call('chief', 'GET', `${V}/structures/${structure}`)).body.nodes.filter((n: TreeNode) => n.kind === 'grid');

/** The chief: an import, a structure activation, an instruction and acknowledgements on behalf, a muster, a notice,
 * starting at a different one each cycle, so that each is cut off by a crash at some point; then
 * instructions, musters and notices until the crash. */
async function chiefClient(stopAt: number, cycle: number) {
  const steps = [importRoster, activateMove, instruct, muster, notice];
  for (let k = 0; k < steps.length && Date.now() < stopAt; k++) await steps[(cycle + k) % steps.length](stopAt, cycle);
  // Then the emergency writes again and again until the crash, so that it lands in the middle of one.
  const again = [instruct, muster, notice];
  for (let k = 0; Date.now() < stopAt; k++) await again[k % again.length](stopAt, cycle);
}

async function activeGrids() {
  return (await grids('active').catch(() => Promise.reject(gone()))).sort((a, b) => a.households - b.households);
}

async function importRoster(_stopAt: number, cycle: number) {
  const active = await activeGrids();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(roster(cycle, active[0].code))]), `crash-${cycle}.csv`);
  const imported = await post('chief', `${V}/import`, form);
  if (imported.status === 200) answered.push({ kind: 'import', id: imported.body.importId });
}

/** A draft with one household moved from the largest grid to the smallest, activated. */
async function activateMove(_stopAt: number, cycle: number) {
  const active = await activeGrids();
  const list = await call('chief', 'GET', `${V}/structures`).catch(() => Promise.reject(gone()));
  for (const s of list.body.items)
    if (s.status === 'draft' && String(s.name).startsWith('crash'))
      await call('chief', 'DELETE', `${V}/structures/${s.id}`).catch(() => Promise.reject(gone()));
  const draft = await post('chief', `${V}/structures`, { name: `crash ${cycle}` });
  if (draft.status !== 201) return;
  const [small, big] = [active[0], active[active.length - 1]];
  const inBig = await call('chief', 'GET', `${V}/households?node=${big.id}&pageSize=1`).catch(() =>
    Promise.reject(gone()),
  );
  const to = (await grids(draft.body.id).catch(() => Promise.reject(gone()))).find((n) => n.code === small.code)!;
  const moved = await post('chief', `${V}/structures/${draft.body.id}/moves`, {
    householdIds: [inBig.body.items[0].id],
    toNodeId: to.id,
  });
  if (moved.status !== 200) return;
  const activated = await post('chief', `${V}/structures/${draft.body.id}/activate`, {});
  if (activated.status === 200) answered.push({ kind: 'activation', id: draft.body.id });
}

/** An instruction whose reminder and escalation fall due within a second or two, acknowledged. */
async function instruct(stopAt: number, cycle: number) {
  const sent = await post('chief', `${V}/command/instructions`, {
    text: `第 ${cycle} 轮：立即到村委会集合`,
    targets: { personIds: [persons.gm, persons.evaluator, persons.other] },
    deadlineMinutes: 1,
    schedule: [
      { at: '1%', to: 'recipient' },
      { at: '2%', to: 'leader' },
    ],
  });
  if (sent.status !== 201) return;
  const instructionId = sent.body.id as string;
  answered.push({ kind: 'instruction', id: instructionId });
  const acks: [Who, string, Record<string, unknown>][] = [
    ['gm', 'ack', { id: newId(), text: '收到' }],
    ['evaluator', 'ack', { id: newId() }],
    ['chief', 'ack-on-behalf', { id: newId(), personId: persons.other }],
  ];
  for (const [who, path, body] of acks) {
    if (Date.now() > stopAt) return;
    const url = `${V}/command/instructions/${instructionId}/${path}`;
    const r = await post(who, url, body);
    if (r.status === 200)
      answered.push({ kind: 'ack', id: r.body.recipientId, subject: instructionId, retry: { who, url, body } });
  }
}

/** A muster of the same three: on the way and checking in by the place's code, or recorded there. */
async function muster(stopAt: number, cycle: number) {
  const opened = await post('chief', `${V}/command/musters`, {
    text: `第 ${cycle} 轮：到村委会集合`,
    place: { name: '村委会' },
    targets: { personIds: [persons.gm, persons.evaluator, persons.other] },
  });
  if (opened.status !== 201) return;
  const musterId = opened.body.id as string;
  answered.push({ kind: 'muster', id: musterId });
  const m = `${V}/command/musters/${musterId}`;
  const token = opened.body.token as string;
  const answers: [Who, string, Record<string, unknown>, Kind][] = [
    ['gm', 'answer', { id: newId(), state: 'on_my_way' }, 'arrival'],
    ['gm', 'check-in', { id: newId(), token }, 'arrival'],
    ['evaluator', 'check-in', { id: newId(), token }, 'arrival'],
    ['chief', 'arrivals', { id: newId(), personId: persons.other }, 'arrival'],
  ];
  for (const [who, path, body, kind] of answers) {
    if (Date.now() > stopAt) return;
    const r = await post(who, `${m}/${path}`, body);
    if (r.status === 200)
      answered.push({ kind, id: r.body.id, subject: musterId, retry: { who, url: `${m}/${path}`, body } });
  }
}

/** A notice to the grid member's grid: households not reachable, then reached on a second attempt. */
async function notice(stopAt: number, cycle: number) {
  const grid = await shared.database.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .select('posts.nodeId')
    .where('posts.personId', '=', persons.gm)
    .where('posts.role', '=', 'gridMember')
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  const opened = await post('chief', `${V}/command/notices`, {
    text: `第 ${cycle} 轮：今晚请居家`,
    nodeId: grid.nodeId,
  });
  if (opened.status !== 201) return;
  const noticeId = opened.body.id as string;
  answered.push({ kind: 'notice', id: noticeId });
  const list = await call('gm', 'GET', `${V}/command/notices/${noticeId}/my-list`).catch(() => Promise.reject(gone()));
  const marks: Record<string, unknown>[] = [
    { outcome: 'unreachable', reason: '家中无人' },
    { outcome: 'reached', method: 'phone' },
  ];
  for (const { householdId } of list.body.items.slice(0, 2) as { householdId: string }[])
    for (const mark of marks) {
      if (Date.now() > stopAt) return;
      const url = `${V}/command/notices/${noticeId}/households/${householdId}/mark`;
      const body = { id: newId(), ...mark };
      const r = await post('gm', url, body);
      if (r.status === 200)
        answered.push({ kind: 'mark', id: markKey(noticeId, r.body), retry: { who: 'gm', url, body } });
    }
}

const markKey = (noticeId: string, m: { householdId: string; attempt: number }) =>
  `${noticeId} ${m.householdId} ${m.attempt}`;
/** What a retry's answer must repeat. */
function answerId(a: Answered, body: Record<string, any>) {
  if (a.kind === 'ack') return body.recipientId;
  if (a.kind === 'mark') return markKey(a.id.split(' ')[0], body as never);
  return body.id;
}

async function guarded(work: Promise<void>) {
  try {
    await work;
  } catch {
    // the server is gone (or answered something the client could not read): this client stops
  }
}

const TABLE = {
  entry: 'pointsEntries',
  redemption: 'shopRedemptions',
  import: 'imports',
  activation: 'structures',
  instruction: 'commandInstructions',
  ack: 'commandRecipients',
  muster: 'commandMusters',
  arrival: 'commandMusterPeople',
  notice: 'commandNotices',
} as const;
type Tabled = keyof typeof TABLE;
const KINDS: Kind[] = [...(Object.keys(TABLE) as Tabled[]), 'mark'];
/** Where the row alone would not show it: activation is the draft's row, audited and announced as activated. */
const AUDIT_ACTION: Partial<Record<Kind, string>> = { activation: 'structure.activate' };
const EVENT_TYPE: Partial<Record<Kind, string>> = { activation: 'structure.activated' };

async function verify(cycle: number, killedAt: number) {
  const db = shared.database.db;
  const report = await checkInvariants(db);
  expect(report.problems, `cycle ${cycle}`).toEqual([]);

  // Exact cover: every household the active structure covers (units too when it covers all) is
  // in exactly one grid (twice is an invariant above).
  const { coverage } = await db
    .selectFrom('structures')
    .select('coverage')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const uncovered = await db
    .selectFrom('households')
    .select('households.number')
    .$if(coverage !== 'all', (q) => q.where('households.kind', '=', 'household'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('coverage')
            .select('coverage.householdId')
            .whereRef('coverage.householdId', '=', 'households.id')
            .where('coverage.validTo', 'is', null),
        ),
      ),
    )
    .execute();
  expect(uncovered, `cycle ${cycle}: households without a grid`).toEqual([]);

  for (const kind of Object.keys(TABLE) as Tabled[]) {
    const ids = answered.filter((a) => a.kind === kind).map((a) => a.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [rows, audits] = await Promise.all([
        db.selectFrom(TABLE[kind]).selectAll().where('id', 'in', chunk).execute() as Promise<{ id: string }[]>,
        db
          .selectFrom('auditLog')
          .select('targetId')
          .distinct()
          .where('targetId', 'in', chunk)
          .$if(!!AUDIT_ACTION[kind], (q) => q.where('action', '=', AUDIT_ACTION[kind]!))
          .execute(),
      ]);
      // An ack's event is about its instruction, an arrival's about its muster; every other write's about itself.
      const byId = new Map(answered.filter((a) => a.kind === kind).map((a) => [a.id, a.subject ?? a.id]));
      const subjects = chunk.map((id) => byId.get(id)!);
      const events = await db
        .selectFrom('events')
        .select('subjectId')
        .distinct()
        .where('subjectId', 'in', [...new Set(subjects)])
        .$if(!!EVENT_TYPE[kind], (q) => q.where('type', '=', EVENT_TYPE[kind]!))
        .execute();
      const present = new Set(
        rows.filter((r) => kind !== 'activation' || (r as { status?: string }).status !== 'draft').map((r) => r.id),
      );
      const audited = new Set(audits.map((r) => r.targetId));
      const announced = new Set(events.map((r) => r.subjectId));
      const missing = chunk.filter((id, k) => !present.has(id) || !audited.has(id) || !announced.has(subjects[k]));
      expect(missing, `cycle ${cycle}: answered ${kind} writes missing their row, audit or event`).toEqual([]);
    }
  }
  const acked = answered.filter((a) => a.kind === 'ack').map((a) => a.id);
  if (acked.length) {
    const open = await db
      .selectFrom('commandRecipients')
      .select('id')
      .where('id', 'in', acked.slice(-500))
      .where('ackedAt', 'is', null)
      .execute();
    expect(open, `cycle ${cycle}: answered acknowledgements not recorded`).toEqual([]);
  }

  await verifyMarks(cycle);
  const arrivals = answered.filter((a) => a.kind === 'arrival' && a.retry?.url.match(/check-in|arrivals$/));
  if (arrivals.length) {
    const notArrived = await db
      .selectFrom('commandMusterPeople')
      .select('id')
      .where(
        'id',
        'in',
        arrivals.slice(-500).map((a) => a.id),
      )
      .where('state', '!=', 'arrived')
      .execute();
    expect(notArrived, `cycle ${cycle}: answered arrivals not recorded`).toEqual([]);
  }

  // No timer lost: every job due before the crash has run on the restarted server (a lease the
  // killed process held runs out first), or is still due in the future. Waits on the condition.
  const overdue = () =>
    db
      .selectFrom('jobs')
      .select(['kind', 'uniqueKey', 'dueAt', 'claimedUntil', 'attempts'])
      .where('status', '=', 'pending')
      .where('dueAt', '<=', killedAt)
      .execute();
  const end = Date.now() + 60_000;
  let late = await overdue();
  while (late.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    late = await overdue();
  }
  expect(late, `cycle ${cycle}: timers due before the crash that never ran`).toEqual([]);
  const published = await db.selectFrom('pointsEntries').select('id').where('status', '=', 'published').execute();
  if (published.length) {
    const jobs = await db
      .selectFrom('jobs')
      .select('uniqueKey')
      .where('kind', '=', 'points.finalise')
      .where('status', '=', 'pending')
      .execute();
    const pending = new Set(jobs.map((j) => j.uniqueKey));
    const lost = published.filter((e) => !pending.has(`points.finalise:${e.id}`));
    expect(lost, `cycle ${cycle}: published entries whose finalisation timer is lost`).toEqual([]);
  }
  // Every answered instruction has its two steps as timers.
  const sent = answered.filter((a) => a.kind === 'instruction').map((a) => a.id);
  if (sent.length) {
    const steps = await db
      .selectFrom('jobs')
      .select('uniqueKey')
      .where('kind', '=', 'command.step')
      .where(
        'uniqueKey',
        'in',
        sent.slice(-200).flatMap((id) => [0, 1].map((n) => `command.step:${id}:1:${n}`)),
      )
      .execute();
    expect(steps.length, `cycle ${cycle}: instruction steps lost`).toBe(Math.min(sent.length, 200) * 2);
  }

  // Nothing fired twice: a finalisation, a reminder or an escalation to the same account.
  const twice = await db
    .selectFrom('events')
    .select(['type', 'subjectId', 'accountId', (eb) => eb.fn.countAll().as('n')])
    .where('type', 'in', ['points.entry.finalised', 'command.instruction.reminded', 'command.instruction.escalated'])
    .groupBy(['type', 'subjectId', 'accountId'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect(twice, `cycle ${cycle}: timers that fired twice`).toEqual([]);
}

/** Every answered mark is its numbered attempt, audited and announced as that attempt of that notice. */
async function verifyMarks(cycle: number) {
  const db = shared.database.db;
  const marks = answered.filter((a) => a.kind === 'mark').slice(-400);
  if (!marks.length) return;
  const keys = marks.map((a) => a.id.split(' '));
  const notices = [...new Set(keys.map((k) => k[0]))];
  const households = [...new Set(keys.map((k) => k[1]))];
  const [attempts, audits, events] = await Promise.all([
    db
      .selectFrom('commandNoticeAttempts')
      .select(['noticeId', 'householdId', 'attempt'])
      .where('noticeId', 'in', notices)
      .execute(),
    db
      .selectFrom('auditLog')
      .select(['targetId', 'after'])
      .where('targetId', 'in', households)
      .where('action', 'in', ['command.notice.reached', 'command.notice.unreachable'])
      .execute(),
    db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'command.notice.marked')
      .where('subjectId', 'in', notices)
      .execute(),
  ]);
  const recorded = new Set(attempts.map((a) => `${a.noticeId} ${a.householdId} ${a.attempt}`));
  const audited = new Set(
    audits.map((a) => {
      const after = JSON.parse(a.after ?? '{}');
      return `${after.noticeId} ${a.targetId} ${after.attempt}`;
    }),
  );
  const announced = new Set(
    events.map((e) => {
      const p = JSON.parse(e.payload ?? '{}');
      return `${p.noticeId} ${p.householdId} ${p.attempt}`;
    }),
  );
  const missing = marks.map((a) => a.id).filter((k) => !recorded.has(k) || !audited.has(k) || !announced.has(k));
  expect(missing, `cycle ${cycle}: answered marks missing their attempt, audit or event`).toEqual([]);
}

describe('crash safety', () => {
  it(`keeps every invariant over ${CYCLES} kill/restart cycles`, async () => {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const t0 = Date.now();
      const runFor = 300 + Math.floor(Math.random() * 900);
      const stopAt = Date.now() + 5000;
      const clients = [
        guarded(pointsClient(stopAt, cycle * 1000)),
        guarded(pointsClient(stopAt, cycle * 1000 + 500)),
        guarded(chiefClient(stopAt, cycle)),
      ];
      await new Promise((r) => setTimeout(r, runFor));
      const killedAt = Date.now();
      await server.kill(); // SIGKILL: no shutdown, mid-transaction for all we know
      await Promise.all(clients);
      const t1 = Date.now();
      server = await startServer(env());
      const t2 = Date.now();
      // A retry of writes answered before the crash: the same answer, no new effect.
      for (const a of answered.filter((x) => x.retry).slice(-3)) {
        const again = await call(a.retry!.who, 'POST', a.retry!.url, a.retry!.body);
        expect(again.status, `cycle ${cycle}: retry of ${a.retry!.url}`).toBe(200);
        expect(answerId(a, again.body)).toBe(a.id);
      }
      await verify(cycle, killedAt);
      timing.runs += t1 - t0;
      timing.restarts += t2 - t1;
      timing.verifies += Date.now() - t2;
    }
    const per = (ms: number) => Math.round(ms / CYCLES);
    console.log(
      `crash harness: ${CYCLES} cycles; per cycle ${per(timing.runs)} ms workload, ${per(timing.restarts)} ms restart, ${per(timing.verifies)} ms retries and checks; answered ${JSON.stringify(
        Object.fromEntries(KINDS.map((k) => [k, answered.filter((a) => a.kind === k).length])),
      )}`,
    );
    // The workload really wrote, of every kind.
    for (const kind of KINDS) expect(answered.filter((a) => a.kind === kind).length, kind).toBeGreaterThan(0);
  }, 3_600_000);
});
