/** Who is asking: the account behind a session or an API token, with its posts in the active structure. */
import type { Executor } from '../../db/database';
import type { AccountKind, Role } from '../../db/types';
import { activePostsOf } from '../structures/repo';
import type { Policy } from './policies';

export interface ActorPost {
  role: Role;
  nodeId: string;
  path: string;
  nodeCode: string;
  nodeName: string;
}

export interface Actor {
  accountId: string;
  kind: AccountKind;
  name: string;
  login: string;
  villageId: string | null;
  placePath: string | null;
  personId: string | null;
  householdId: string | null;
  roles: Role[];
  posts: ActorPost[];
  mustChangePassword: boolean;
  sessionId: string | null;
  csrf: string | null;
  tokenPolicies: Policy[] | null;
}

export async function loadActor(
  db: Executor,
  accountId: string,
  via: { sessionId?: string; csrf?: string; tokenPolicies?: Policy[] },
): Promise<Actor | null> {
  const a = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!a || a.status !== 'active') return null;
  let posts: ActorPost[] = [];
  if (a.personId && a.villageId) posts = await activePostsOf(db, a.villageId, a.personId);
  const place = a.placeId
    ? await db.selectFrom('places').select('path').where('id', '=', a.placeId).executeTakeFirst()
    : undefined;
  return {
    accountId: a.id,
    kind: a.kind,
    name: a.displayName,
    login: a.login,
    villageId: a.villageId,
    placePath: place?.path ?? null,
    personId: a.personId,
    householdId: a.householdId,
    roles: [...new Set(posts.map((p) => p.role))],
    posts,
    mustChangePassword: a.mustChangePassword === 1,
    sessionId: via.sessionId ?? null,
    csrf: via.csrf ?? null,
    tokenPolicies: via.tokenPolicies ?? null,
  };
}
