/**
 * The invariants of musters and household notices: each one's counters — on the muster or notice
 * and on every node counter row above its people or households — equal to what their rows say
 * (the boards read the counters, never recount), and each notice household's attempts equal to
 * its numbered attempt rows, its state to the last one's outcome (a retried mark is one attempt).
 */
import type { Executor } from '../../db/database';
import { pathIds } from '../command/rules';
import type { Problem } from './invariants';

interface Counted {
  what: 'MUSTER' | 'NOTICE';
  parent: 'commandMusters' | 'commandNotices';
  rows: 'commandMusterPeople' | 'commandNoticeHouseholds';
  nodes: 'commandMusterNodeCounts' | 'commandNoticeNodeCounts';
  key: 'musterId' | 'noticeId';
  /** The counter of all rows, then each counter with the state it counts. */
  total: string;
  counters: Record<string, string>;
}

const MUSTERS: Counted = {
  what: 'MUSTER',
  parent: 'commandMusters',
  rows: 'commandMusterPeople',
  nodes: 'commandMusterNodeCounts',
  key: 'musterId',
  total: 'recipients',
  counters: { onMyWay: 'on_my_way', cannotCome: 'cannot_come', arrived: 'arrived' },
};
const NOTICES: Counted = {
  what: 'NOTICE',
  parent: 'commandNotices',
  rows: 'commandNoticeHouseholds',
  nodes: 'commandNoticeNodeCounts',
  key: 'noticeId',
  total: 'households',
  counters: { reached: 'reached', unreachable: 'unreachable' },
};

type Counts = Record<string, number>;

async function counterProblems(db: Executor, c: Counted): Promise<Problem[]> {
  const q = db as any;
  const columns = [c.total, ...Object.keys(c.counters)];
  const [parents, rows, nodes] = (await Promise.all([
    q
      .selectFrom(c.parent)
      .select(['id', ...columns])
      .execute(),
    q.selectFrom(c.rows).select([c.key, 'path', 'state']).execute(),
    q
      .selectFrom(c.nodes)
      .select([c.key, 'nodeId', ...columns])
      .execute(),
  ])) as [Counts[], Record<string, string>[], Counts[]];
  // What the rows say, per parent and per (parent, node on the row's path).
  const said = new Map<string, Counts>();
  const add = (k: string, state: string) => {
    const n = said.get(k) ?? Object.fromEntries(columns.map((col) => [col, 0]));
    n[c.total]++;
    for (const [col, s] of Object.entries(c.counters)) if (s === state) n[col]++;
    said.set(k, n);
  };
  for (const r of rows) {
    add(r[c.key], r.state);
    for (const node of pathIds(r.path)) add(`${r[c.key]} ${node}`, r.state);
  }
  const wrong = (k: string, kept: Counts) => {
    const s = said.get(k);
    return columns.some((col) => Number(kept[col]) !== (s?.[col] ?? 0));
  };
  const parentsWrong = parents.filter((p) => wrong(String(p.id), p)).map((p) => p.id);
  const nodesWrong = nodes
    .filter((n) => wrong(`${n[c.key]} ${n.nodeId}`, n))
    .map((n) => ({ [c.key]: n[c.key], nodeId: n.nodeId }));
  if (!parentsWrong.length && !nodesWrong.length) return [];
  const zh = c.what === 'MUSTER' ? '集结' : '通知';
  return [
    {
      code: `${c.what}_COUNT_MISMATCH`,
      zh: `${parentsWrong.length} 个${zh}及 ${nodesWrong.length} 个节点的计数与明细不符`,
      en: `${parentsWrong.length} ${c.what.toLowerCase()}s and ${nodesWrong.length} node counters disagree with their rows`,
      details: { [c.parent]: parentsWrong.slice(0, 20), nodes: nodesWrong.slice(0, 20) },
    },
  ];
}

/** Each notice household's attempts counter, and its state, against its numbered attempts. */
async function attemptProblems(db: Executor): Promise<Problem[]> {
  const [households, attempts] = await Promise.all([
    db.selectFrom('commandNoticeHouseholds').select(['noticeId', 'householdId', 'state', 'attempts']).execute(),
    db
      .selectFrom('commandNoticeAttempts')
      .select(['noticeId', 'householdId', 'attempt', 'outcome'])
      .orderBy('attempt')
      .execute(),
  ]);
  const seen = new Map<string, { n: number; last: string }>();
  for (const a of attempts) {
    const k = `${a.noticeId} ${a.householdId}`;
    const s = seen.get(k) ?? { n: 0, last: 'pending' };
    seen.set(k, { n: s.n + 1, last: a.outcome });
  }
  const wrong = households.filter((h) => {
    const s = seen.get(`${h.noticeId} ${h.householdId}`) ?? { n: 0, last: 'pending' };
    return h.attempts !== s.n || h.state !== s.last;
  });
  if (!wrong.length) return [];
  return [
    {
      code: 'NOTICE_ATTEMPTS_MISMATCH',
      zh: `${wrong.length} 户的通知次数或状态与记录的尝试不符`,
      en: `${wrong.length} notice households disagree with their recorded attempts`,
      details: wrong.slice(0, 20),
    },
  ];
}

export async function emergencyProblems(db: Executor): Promise<Problem[]> {
  const found = await Promise.all([counterProblems(db, MUSTERS), counterProblems(db, NOTICES), attemptProblems(db)]);
  return found.flat();
}
