/** Where each person lands: their kept choice, else their role and the screen (web/src/lib/home.ts). */
import { describe, expect, it } from 'vitest';
import { consoleHome, homeOf } from '../../web/src/lib/home';

const staff = (roles: string[], propose = true) => ({
  account: { kind: 'staff' },
  householdId: null,
  roles,
  policies: propose ? ['points.propose'] : [],
});
const villager = { account: { kind: 'villager' }, householdId: 'h1', roles: [], policies: [] };
type Who = Parameters<typeof homeOf>[0];
const land = (me: unknown, phoneScreen: boolean, choice: 'phone' | 'console' | null = null) =>
  homeOf(me as Who, { phoneScreen, choice });

describe('homeOf', () => {
  it('sends grid members and villagers to their phone app on any screen', () => {
    for (const phone of [true, false]) {
      expect(land(staff(['gridMember']), phone)).toBe('/m/field');
      expect(land(villager, phone)).toBe('/m/home');
    }
  });
  it('sends the chief and the evaluator to the console, even on a phone', () => {
    expect(land(staff(['chief']), true)).toBe('/console');
    expect(land(staff(['evaluator', 'gridMember']), true)).toBe('/console');
  });
  it('sends leaders to the phone app on a phone, to the console at a desk', () => {
    for (const r of ['branchLeader', 'subLeader', 'gridLeader']) {
      expect(land(staff([r]), true)).toBe('/m/field');
      expect(land(staff([r]), false)).toBe('/console');
    }
  });
  it('follows a kept choice where that app is open to the person', () => {
    expect(land(staff(['chief']), false, 'phone')).toBe('/m/field');
    expect(land(staff(['gridMember']), true, 'console')).toBe('/console');
    expect(land(villager, true, 'console')).toBe('/console/households/h1');
    // No phone app for staff who cannot propose: the console.
    expect(land(staff(['gridLeader'], false), true, 'phone')).toBe('/console');
  });
  it("gives a villager's console home as their household page", () => {
    expect(consoleHome(villager as unknown as Who)).toBe('/console/households/h1');
    expect(consoleHome(staff(['chief']) as unknown as Who)).toBe('/console');
    expect(consoleHome(undefined)).toBe('/console');
  });
});
