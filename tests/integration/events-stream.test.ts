/**
 * The live stream over real HTTP (a listening server and a streaming client), on both backends:
 * events arrive in order, a dropped connection resumes from the log with nothing lost or
 * repeated, each listener hears only what their scope allows, heartbeats keep it alive, and the
 * stream ends when access may have changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller } from '../../server/src/core/caller';
import { write, type EventInput } from '../../server/src/core/write';
import type { Village } from '../../server/src/db/types';
import { buildApp, type App } from '../../server/src/http/app';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { cookieOf, openSse, type SseStream } from '../helpers/sse';

const HEARTBEAT_MS = 100;

let t: DemoApp;
let app: App;
let base: string;
let village: Village;
let chief: Call;
let member: Call;
let villager: Call;
/** Paths and households of the grid member's own grid and of another grid. */
let mine: { path: string; household: string };
let other: { path: string; household: string };
let villagerHousehold: { path: string; household: string };
let memberAccountId: string;

const streams: SseStream[] = [];
const connect = async (who: Call, lastEventId?: string | null, query = '') => {
  const s = await openSse(`${base}/api/v1/villages/${village.code}/events${query}`, {
    cookie: cookieOf(who),
    lastEventId,
  });
  streams.push(s);
  if (s.status === 200) await s.until((x) => x.comments.length > 0); // the stream is set up
  return s;
};
const emit = (...events: EventInput[]) =>
  write(t.ctx, cliCaller(village, 'test'), async (w) => {
    for (const e of events) w.emit(e);
  });
const types = (s: SseStream) => s.messages.map((m) => m.data.type);
const seqs = (s: SseStream) => s.messages.map((m) => m.data.seq);

const householdOfGrid = async (nodeId: string) => {
  const row = await t.ctx.db
    .selectFrom('coverage')
    .innerJoin('nodes', 'nodes.id', 'coverage.nodeId')
    .select(['coverage.householdId', 'nodes.path'])
    .where('coverage.nodeId', '=', nodeId)
    .where('coverage.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  return { path: row.path, household: row.householdId };
};

beforeAll(async () => {
  t = await demoApp();
  app = await buildApp(t.ctx, { webDir: null, events: { heartbeatMs: HEARTBEAT_MS } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
  village = await t.ctx.db
    .selectFrom('villages')
    .selectAll()
    .where('id', '=', t.demo.villageId)
    .executeTakeFirstOrThrow();
  chief = t.call;
  member = await t.as('gridMember');
  villager = await t.as('villager');
  const me = (await member('GET', '/api/v1/auth/me')).body;
  memberAccountId = me.account.id;
  const myGrid = me.posts.find((p: any) => p.role === 'gridMember');
  mine = await householdOfGrid(myGrid.nodeId);
  const otherGrid = await t.ctx.db
    .selectFrom('nodes')
    .innerJoin('structures', 'structures.id', 'nodes.structureId')
    .select('nodes.id')
    .where('structures.villageId', '=', village.id)
    .where('structures.status', '=', 'active')
    .where('nodes.kind', '=', 'grid')
    .where('nodes.id', '!=', myGrid.nodeId)
    .executeTakeFirstOrThrow();
  other = await householdOfGrid(otherGrid.id);
  expect(other.path.startsWith(mine.path) || mine.path.startsWith(other.path)).toBe(false);
  const vh = (await villager('GET', '/api/v1/auth/me')).body.householdId as string;
  const vrow = await t.ctx.db
    .selectFrom('coverage')
    .innerJoin('nodes', 'nodes.id', 'coverage.nodeId')
    .select('nodes.path')
    .where('coverage.householdId', '=', vh)
    .where('coverage.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  villagerHousehold = { path: vrow.path, household: vh };
});

afterAll(async () => {
  for (const s of streams) s.close();
  await app.close();
  await t.close();
});

describe('the live stream over HTTP', () => {
  it('delivers the events written after the client connected, in order, and none from before', async () => {
    await emit({ type: 'test.before' });
    const s = await connect(chief);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Several writes at once, several events each: the stream carries them all in sequence order.
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => emit({ type: `test.ordered.${i}.a` }, { type: `test.ordered.${i}.b` })),
    );
    await s.until((x) => x.messages.length === 10);
    expect(types(s)).not.toContain('test.before');
    const got = seqs(s);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expect(new Set(got).size).toBe(10);
    expect(got[9] - got[0]).toBe(9); // gap-free
    expect(s.messages.every((m) => m.id === String(m.data.seq))).toBe(true);
    for (let i = 0; i < 5; i++)
      expect(types(s).indexOf(`test.ordered.${i}.a`)).toBeLessThan(types(s).indexOf(`test.ordered.${i}.b`));
    s.close();
  });

  it('resumes after a dropped connection with Last-Event-ID, losing and repeating nothing', async () => {
    const first = await connect(chief);
    await emit({ type: 'test.resume.1' });
    await first.until((x) => types(x).includes('test.resume.1'));
    first.close(); // the phone loses its network
    await first.ended;
    await emit({ type: 'test.resume.2' });
    await emit({ type: 'test.resume.3' }, { type: 'test.resume.4' });
    const again = await connect(chief, first.lastEventId);
    await emit({ type: 'test.resume.5' });
    await again.until((x) => types(x).includes('test.resume.5'));
    expect(types(again)).toEqual(['test.resume.2', 'test.resume.3', 'test.resume.4', 'test.resume.5']);
    expect(Number(again.messages[0].id)).toBe(Number(first.lastEventId) + 1);
    again.close();
  });

  it('gives a client the point it connected at, so a drop before any event loses nothing', async () => {
    const quiet = await connect(chief);
    await quiet.until((x) => x.lastEventId !== null);
    quiet.close();
    await quiet.ended;
    await emit({ type: 'test.quiet.1' });
    const again = await connect(chief, quiet.lastEventId);
    await again.until((x) => types(x).includes('test.quiet.1'));
    expect(types(again)).toEqual(['test.quiet.1']);
    again.close();
  });

  it('moves a listener past events it may not hear, so it does not replay them all on resuming', async () => {
    const s = await connect(member);
    await emit({ type: 'test.hidden', path: other.path, householdId: other.household });
    const last = (await t.ctx.events.latest(village.id)).toString();
    await s.until((x) => x.lastEventId === last); // at the next heartbeat
    expect(types(s)).toEqual([]);
    s.close();
  });

  it('answers `stream.resync` when the log cannot replay from the id the client sends', async () => {
    const ahead = await connect(chief, '999999999');
    await ahead.until((x) => types(x).includes('stream.resync'));
    await emit({ type: 'test.after-resync' });
    await ahead.until((x) => types(x).includes('test.after-resync'));
    ahead.close();

    // Events older than the retention period are pruned: a client that far behind refetches.
    const s = await connect(chief);
    await emit({ type: 'test.pruned.1' }, { type: 'test.pruned.2' });
    await s.until((x) => x.messages.length === 2);
    const firstSeq = s.messages[0].data.seq as number;
    s.close();
    await t.ctx.db.deleteFrom('events').where('villageId', '=', village.id).where('seq', '<=', firstSeq).execute();
    const behind = await connect(chief, String(firstSeq - 1));
    await behind.until((x) => types(x).includes('test.pruned.2'));
    expect(types(behind)).toEqual(['stream.resync', 'test.pruned.2']);
    behind.close();
  });
});

describe('scoping', () => {
  it("a grid member's stream carries nothing about another grid's household", async () => {
    const s = await connect(member);
    const boss = await connect(chief);
    await emit(
      { type: 'test.scope.mine', path: mine.path, householdId: mine.household, subjectId: mine.household },
      { type: 'test.scope.other', path: other.path, householdId: other.household, subjectId: other.household },
      { type: 'test.scope.other-node', path: other.path },
      { type: 'test.scope.household-only', householdId: other.household }, // no path: deny by default
      { type: 'test.scope.village' }, // village-wide, staff
      { type: 'test.scope.board', audience: 'all' },
      { type: 'test.scope.to-someone', accountId: 'someone-else' },
      { type: 'test.scope.to-me', accountId: memberAccountId },
      { type: 'test.scope.end' },
    );
    await s.until((x) => types(x).includes('test.scope.end'));
    expect(types(s)).toEqual([
      'test.scope.mine',
      'test.scope.village',
      'test.scope.board',
      'test.scope.to-me',
      'test.scope.end',
    ]);
    expect(JSON.stringify(s.messages)).not.toContain(other.household);
    // The chief sees the whole village.
    await boss.until((x) => types(x).includes('test.scope.end'));
    expect(types(boss).length).toBe(9);
    s.close();
    boss.close();
  });

  it("a villager hears only their household's events and village-wide events meant for everyone", async () => {
    const s = await connect(villager);
    await emit(
      { type: 'test.v.own', path: villagerHousehold.path, householdId: villagerHousehold.household },
      { type: 'test.v.other', path: other.path, householdId: other.household },
      { type: 'test.v.grid', path: villagerHousehold.path }, // about the grid, not the household: staff
      { type: 'test.v.staff' },
      { type: 'test.v.board', audience: 'all' },
      { type: 'test.v.end', audience: 'all' },
    );
    await s.until((x) => types(x).includes('test.v.end'));
    expect(types(s)).toEqual(['test.v.own', 'test.v.board', 'test.v.end']);
    s.close();
  });

  it('refuses officials and anonymous callers', async () => {
    const official = await t.as('townOfficial');
    const o = await connect(official);
    expect(o.status).toBe(403);
    const anon = await openSse(`${base}/api/v1/villages/${village.code}/events`);
    streams.push(anon);
    expect(anon.status).toBe(401);
  });
});

describe('keeping the stream honest', () => {
  it('sends heartbeats', async () => {
    const s = await connect(member);
    await s.until((x) => x.comments.filter((c) => c.startsWith('hb')).length >= 2, 5000);
    expect(s.isEnded()).toBe(false);
    s.close();
  });

  it('ends every stream of the village when a structure is activated', async () => {
    const a = await connect(member);
    const b = await connect(villager);
    const c = await connect(chief);
    await emit({ type: 'structure.activated', subjectType: 'structure', subjectId: t.demo.peacetimeStructureId });
    await Promise.all([a.ended, b.ended, c.ended]);
    expect(types(a)).toEqual(['structure.activated']);
    expect(types(b)).toEqual([]); // not for villagers, but their stream ends too
    // Resuming does not meet the same event again: the new stream stays open and live.
    const again = await connect(villager, b.lastEventId);
    await emit({ type: 'test.after-activation', audience: 'all' });
    await again.until((x) => types(x).includes('test.after-activation'));
    expect(again.isEnded()).toBe(false);
    again.close();
  });

  it("ends a stream on a posts change it cannot see, and resumes past it; another account's access event does not end it", async () => {
    const s = await connect(member);
    await emit({ type: 'access.session.revoked', accountId: 'someone-else' });
    await emit({ type: 'test.still-open', path: mine.path });
    await s.until((x) => types(x).includes('test.still-open'));
    await emit({ type: 'posts.changed', path: other.path });
    await s.ended;
    expect(types(s)).toEqual(['test.still-open']);
    const again = await connect(member, s.lastEventId);
    await emit({ type: 'test.after-posts', path: mine.path });
    await again.until((x) => types(x).includes('test.after-posts'));
    expect(types(again)).toEqual(['test.after-posts']);
    expect(again.isEnded()).toBe(false);
    await emit({ type: 'access.session.revoked', accountId: memberAccountId });
    await again.ended;
    expect(types(again)).toEqual(['test.after-posts', 'access.session.revoked']);
  });

  it('ends its streams when the server closes, instead of holding the close', async () => {
    const other = await buildApp(t.ctx, { webDir: null });
    await other.listen({ host: '127.0.0.1', port: 0 });
    const port = (other.server.address() as { port: number }).port;
    const s = await openSse(`http://127.0.0.1:${port}/api/v1/villages/${village.code}/events`, {
      cookie: cookieOf(chief),
    });
    streams.push(s);
    await s.until((x) => x.comments.length > 0);
    await other.close();
    await s.ended;
  });
});
