/** Who is asking: the account behind a session or an API token, with its posts in the active structure. */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { AccountKind, Role } from '../../db/types';
import { activePostsOf } from '../structures/repo';
import { accessCache } from './cache';
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

/** The actor without what depends on how the caller came in (session or token). */
export type ActorCore = Omit<Actor, 'sessionId' | 'csrf' | 'tokenPolicies'>;

type Via = { sessionId?: string; csrf?: string; tokenPolicies?: Policy[] };

const withVia = (core: ActorCore, via: Via): Actor => ({
  ...core,
  sessionId: via.sessionId ?? null,
  csrf: via.csrf ?? null,
  tokenPolicies: via.tokenPolicies ?? null,
});

/** The account (if active) with its posts in the active structure, read from the database. */
export async function loadActorCore(db: Executor, accountId: string): Promise<ActorCore | null> {
  const a = await db
    .selectFrom('accounts')
    .leftJoin('places', 'places.id', 'accounts.placeId')
    .select([
      'accounts.id',
      'accounts.kind',
      'accounts.displayName',
      'accounts.login',
      'accounts.villageId',
      'accounts.personId',
      'accounts.householdId',
      'accounts.mustChangePassword',
      'accounts.status',
      'places.path as placePath',
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  if (!a || a.status !== 'active') return null;
  let posts: ActorPost[] = [];
  if (a.personId && a.villageId) posts = await activePostsOf(db, a.villageId, a.personId);
  return {
    accountId: a.id,
    kind: a.kind,
    name: a.displayName,
    login: a.login,
    villageId: a.villageId,
    placePath: a.placePath ?? null,
    personId: a.personId,
    householdId: a.householdId,
    // Shared by the requests that read it from the cache: frozen, so nobody changes it for the others.
    roles: Object.freeze([...new Set(posts.map((p) => p.role))]) as Role[],
    posts: Object.freeze(posts.map((p) => Object.freeze(p))) as ActorPost[],
    mustChangePassword: a.mustChangePassword === 1,
  };
}

/** Uncached (sign-in, activation: the account was just read or written). */
export async function loadActor(db: Executor, accountId: string, via: Via): Promise<Actor | null> {
  const core = await loadActorCore(db, accountId);
  return core && withVia(core, via);
}

/**
 * The actor of a request, through the access cache: a disabled account, a changed post or an
 * activated structure drops the entry when it commits (access/cache.ts), so the next request
 * reads the database again.
 */
export async function actorOf(ctx: Ctx, accountId: string, via: Via): Promise<Actor | null> {
  const core = await accessCache(ctx).actors.get(accountId, () => loadActorCore(ctx.db, accountId));
  return core && withVia(core, via);
}
