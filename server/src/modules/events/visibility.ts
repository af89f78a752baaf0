/**
 * Who may hear an event (pure, table-tested). Events carry no personal data, only what changed,
 * but even that is scoped: a grid member never hears of another grid's household. Deny by default.
 */
import type { EventRow } from '../../db/types';
import { pathInScope, type Scope } from '../access/scope';
import type { AccountKind } from '../../db/types';

export interface Listener {
  accountId: string;
  kind: AccountKind;
  householdId: string | null;
  scope: Scope;
}

export function visibleTo(ev: Pick<EventRow, 'path' | 'householdId' | 'accountId' | 'audience'>, l: Listener) {
  if (l.kind !== 'staff' && l.kind !== 'villager') return false; // officials read aggregates, not a village's events
  if (ev.accountId && ev.accountId === l.accountId) return true;
  const villageWide = !ev.path && !ev.householdId && !ev.accountId;
  if (l.kind === 'villager') {
    if (ev.householdId) return ev.householdId === l.householdId;
    return villageWide && ev.audience === 'all';
  }
  if (l.scope.all) return true;
  if (ev.path) return pathInScope(l.scope, ev.path);
  return villageWide;
}
