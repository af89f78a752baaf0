/**
 * The pure rules of emergency command: when each reminder and escalation step is due, who the
 * leaders above a recipient are (walking up the materialised path, skipping levels nobody holds),
 * how outstanding people are grouped per leader, and the times to 50 / 90 / 100 %. No database,
 * no clock: the callers pass the times in, so the table tests can state the rules exactly.
 */
import type { Role } from '../../db/types';

export const DEFAULT_DEADLINE_MS = 10 * 60_000;

/** `to`: the recipient themselves, their nearest leader, or the n-th leader above (`leader+1`). */
export interface Step {
  at: string; // a share of the deadline: '50%', '100%', '150%'
  to: string; // 'recipient' | 'leader' | 'leader+N'
}

export const DEFAULT_SCHEDULE: Step[] = [
  { at: '50%', to: 'recipient' },
  { at: '100%', to: 'leader' },
  { at: '150%', to: 'leader+1' },
];

export const STEP_AT = /^(\d{1,4})%$/;
export const STEP_TO = /^(recipient|leader(\+\d)?)$/;

/** When a step falls due, from the time the current round was sent. */
export function stepDueAt(step: Step, sentAt: number, deadlineMs: number): number {
  const m = STEP_AT.exec(step.at);
  if (!m) throw new Error(`Bad step time ${step.at}`);
  return sentAt + Math.round((deadlineMs * Number(m[1])) / 100);
}

/** 0 for the recipient, 1 for their leader, 2 for the leader above, … */
export function stepLevel(step: Step): number {
  if (step.to === 'recipient') return 0;
  const m = /^leader(?:\+(\d))?$/.exec(step.to);
  if (!m) throw new Error(`Bad step target ${step.to}`);
  return 1 + Number(m[1] ?? 0);
}

/** The ids of the nodes on a materialised path `/a/b/c/`, root first. */
export const pathIds = (path: string): string[] => path.split('/').filter(Boolean);

/**
 * How many of the given posts or households lie under each node (every node on each path):
 * the counter rows of a roll-up, with each node's own path.
 */
export function perNodeCounts(
  paths: string[],
  pathOf: Map<string, string>,
): { nodeId: string; path: string; n: number }[] {
  const perNode = new Map<string, number>();
  for (const p of paths) for (const id of pathIds(p)) perNode.set(id, (perNode.get(id) ?? 0) + 1);
  return [...perNode].map(([nodeId, n]) => ({ nodeId, path: pathOf.get(nodeId) ?? '', n }));
}

export const LEADER_ROLES: Role[] = ['chief', 'branchLeader', 'subLeader', 'gridLeader'];

export interface LeaderPost {
  personId: string;
  nodeId: string;
  role: Role;
}

/**
 * The levels of leaders above a recipient: nearest first, one entry per node where a leader is
 * in post (nodes with nobody are skipped, never waited out). The recipient's own node counts only
 * when they are not a leader there themselves (the evaluator at the root answers to the chief);
 * the recipient is never their own leader.
 */
export function leaderLevels(
  recipient: { personId: string; path: string; role: Role },
  leadersByNode: Map<string, LeaderPost[]>,
): LeaderPost[][] {
  const ids = pathIds(recipient.path).reverse();
  const ownIsLeader = LEADER_ROLES.includes(recipient.role);
  const levels: LeaderPost[][] = [];
  ids.forEach((nodeId, i) => {
    if (i === 0 && ownIsLeader) return;
    const here = (leadersByNode.get(nodeId) ?? []).filter((p) => p.personId !== recipient.personId);
    if (here.length) levels.push(here);
  });
  return levels;
}

/**
 * Who gets what at an escalation level: each leader at that level above an outstanding
 * recipient, with the list of their outstanding people (one message per leader per level).
 * People with no leader that high are left out (the chain ended).
 */
export function escalationGroups<R extends { id: string; personId: string; path: string; role: Role }>(
  outstanding: R[],
  level: number,
  leadersByNode: Map<string, LeaderPost[]>,
): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const r of outstanding) {
    const at = leaderLevels(r, leadersByNode)[level - 1];
    for (const leader of at ?? []) groups.set(leader.personId, [...(groups.get(leader.personId) ?? []), r]);
  }
  return groups;
}

/**
 * The time from sending to the moment `fraction` of the recipients had acknowledged, or null when
 * that share was never reached. `ackTimes` are the acknowledgement times of one round.
 */
export function timeToShare(ackTimes: number[], total: number, sentAt: number, fraction: number): number | null {
  if (total === 0) return null;
  const needed = Math.ceil(total * fraction - 1e-9);
  const sorted = [...ackTimes].sort((a, b) => a - b);
  if (needed === 0) return 0;
  if (sorted.length < needed) return null;
  return sorted[needed - 1] - sentAt;
}

/** Quick replies the phone offers; anything else is free text. */
export const QUICK_REPLIES = ['收到', '明白', 'OK'] as const;
