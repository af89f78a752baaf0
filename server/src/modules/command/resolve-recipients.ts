/**
 * Who an instruction goes to, resolved AT SENDING from the active structure: the posts under the
 * target nodes (the sender's own subtree by default), narrowed by post and duty tag, plus named
 * people; every one of them must lie in the sender's subtree. One recipient per person (at their
 * highest post, so a person holding two posts is counted once where they lead).
 */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import type { Role } from '../../db/types';
import { parseTags } from '../../lib/json';
import { listNodes, openPosts } from '../structures/repo';
import type { Targets } from './schema';
import { commandableNode, outsideScope, ownRoots } from './scope';

export interface Resolved {
  personId: string;
  accountId: string | null;
  name: string;
  role: Role;
  nodeId: string;
  path: string;
}

export async function resolveRecipients(db: Executor, caller: Caller, structureId: string, targets: Targets) {
  const roots = targets.nodeIds?.length
    ? await Promise.all(targets.nodeIds.map((n) => commandableNode(db, caller, structureId, n)))
    : await ownRoots(db, caller, structureId);
  const [nodes, posts] = await Promise.all([listNodes(db, structureId), openPosts(db, structureId)]);
  const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
  const under = (path: string) => roots.some((r) => path.startsWith(r.path));
  const inReach = posts
    .filter((p) => p.role !== 'reserve')
    .map((p) => ({ ...p, path: pathOf.get(p.nodeId)! }))
    .filter((p) => under(p.path));

  const named = new Set(targets.personIds ?? []);
  for (const id of named) if (!inReach.some((p) => p.personId === id)) throw outsideScope('personIds');
  const byFilter = !!(targets.roles?.length || targets.dutyTags?.length || targets.nodeIds?.length || !named.size);
  const chosen = inReach.filter(
    (p) =>
      named.has(p.personId) ||
      (byFilter &&
        (!targets.roles?.length || targets.roles.includes(p.role)) &&
        (!targets.dutyTags?.length || parseTags(p.dutyTags).some((t) => targets.dutyTags!.includes(t)))),
  );

  const byPerson = new Map<string, (typeof chosen)[number]>();
  for (const p of chosen) {
    if (p.personId === caller.actor?.personId) continue; // the sender knows what they sent
    const had = byPerson.get(p.personId);
    if (!had || p.path.length < had.path.length) byPerson.set(p.personId, p);
  }
  const ids = [...byPerson.keys()];
  const accounts = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'personId'])
      .where('personId', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'active')
      .where('kind', '=', 'staff')
      .execute();
    for (const r of rows) if (r.personId) accounts.set(r.personId, r.id);
  }
  if (!ids.length && !caller.scope.all && !caller.scope.paths.length) throw outsideScope();
  return {
    roots,
    nodes,
    recipients: [...byPerson.values()].map((p): Resolved => ({
      personId: p.personId,
      accountId: accounts.get(p.personId) ?? null,
      name: p.personName,
      role: p.role,
      nodeId: p.nodeId,
      path: p.path,
    })),
  };
}
