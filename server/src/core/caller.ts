/**
 * Who a use case runs for: the village, the actor and the scope that the access guard resolved
 * (HTTP), or the operator of a CLI command or a background job. One shape everywhere.
 */
import type { Village } from '../db/types';
import type { Actor } from '../modules/access/actor';
import { everything, nothing, type Scope } from '../modules/access/scope';

export interface Idempotency {
  /** The client-made id (body `id` or the `Idempotency-Key` header). */
  key: string;
  /** `METHOD /route/pattern` */
  route: string;
  /** SHA-256 of the request's params, query and body. */
  hash: string;
}

export interface Caller {
  village: Village | null;
  actor: Actor | null;
  scope: Scope;
  via: 'http' | 'cli' | 'job';
  /** Who to name in the audit log when there is no account (`cli`, `job:points.finalise`). */
  operator: string | null;
  ip: string | null;
  method: string | null;
  path: string | null;
  /** Set on retry-safe routes when the client sent an id: the first write claims it. */
  idempotency: Idempotency | null;
}

/** A CLI command (the operator is recorded in the audit log as the CLI). */
export const cliCaller = (village: Village | null, command: string): Caller => ({
  village,
  actor: null,
  scope: everything,
  via: 'cli',
  operator: `cli: wangge ${command}`,
  ip: null,
  method: null,
  path: null,
  idempotency: null,
});

/** Work the server does on its own (a due job). */
export const systemCaller = (village: Village | null, job: string): Caller => ({
  village,
  actor: null,
  scope: everything,
  via: 'job',
  operator: `job: ${job}`,
  ip: null,
  method: null,
  path: null,
  idempotency: null,
});

/** The village of a caller, for use cases that need one (the guard has loaded it). */
export function villageOf(caller: Caller): Village {
  if (!caller.village) throw new Error('This use case needs a village');
  return caller.village;
}

export const anonymousScope: Scope = nothing;
