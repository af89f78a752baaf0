import type { Caller } from '../../core/caller';
import type { Actor } from '../access/actor';

/** The signed-in account a use case runs for (the access guard has resolved it). */
export function actorOf(caller: Caller): Actor {
  if (!caller.actor) throw new Error('This use case needs a signed-in caller');
  return caller.actor;
}
