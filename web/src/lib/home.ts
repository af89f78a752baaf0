/**
 * Where each person's work is, decided once for sign-in, activation, the apps' home buttons and
 * the switch links: villagers and grid members in the phone app (/m), the chief, the evaluator
 * and leaders at a desk in the console; leaders on a phone-size screen in the phone app. A
 * choice made with a switch link is kept (localStorage) and wins while that app is open to them.
 */
import type { Me } from '../api/types';

export type AppChoice = 'phone' | 'console';

export const APP_KEY = 'wangge.app';
/** Below this width a screen is a phone (antd's `md` breakpoint). */
export const PHONE_MAX_WIDTH = 767;

type Who = Pick<Me, 'account' | 'householdId' | 'roles' | 'policies'>;

const DESK_ROLES = ['chief', 'evaluator'];
const LEADER_ROLES = ['branchLeader', 'subLeader', 'gridLeader'];

/** The phone app open to this person: the household's app, the field app (those who propose points), or none. */
export function phoneHome(me: Who): '/m/home' | '/m/field' | null {
  if (me.account.kind === 'villager' && me.householdId) return '/m/home';
  if (me.account.kind === 'staff' && me.policies.includes('points.propose')) return '/m/field';
  return null;
}

/** The console's home: a villager's household page, or the overview. */
export function consoleHome(me: Pick<Me, 'account' | 'householdId'> | undefined): string {
  return me?.account.kind === 'villager' && me.householdId ? `/console/households/${me.householdId}` : '/console';
}

/** Which app a person works in when they have not chosen. */
export function defaultApp(me: Who, phoneScreen: boolean): AppChoice {
  if (me.account.kind === 'villager') return 'phone';
  if (me.roles.some((r) => DESK_ROLES.includes(r))) return 'console';
  if (me.roles.some((r) => LEADER_ROLES.includes(r))) return phoneScreen ? 'phone' : 'console';
  return 'phone';
}

/** Where to land after signing in or activating, or when going "home". */
export function homeOf(me: Who, opts: { phoneScreen: boolean; choice: AppChoice | null }): string {
  const phone = phoneHome(me);
  const app = opts.choice ?? defaultApp(me, opts.phoneScreen);
  return app === 'phone' && phone ? phone : consoleHome(me);
}

export function storedChoice(): AppChoice | null {
  try {
    const v = localStorage.getItem(APP_KEY);
    return v === 'phone' || v === 'console' ? v : null;
  } catch {
    return null;
  }
}

export function rememberChoice(app: AppChoice) {
  try {
    localStorage.setItem(APP_KEY, app);
  } catch {
    /* private mode */
  }
}

export const isPhoneScreen = () => typeof window !== 'undefined' && window.innerWidth <= PHONE_MAX_WIDTH;

/** This browser's landing page for a person: their choice, else their role and the screen size. */
export const landingOf = (me: Who) => homeOf(me, { phoneScreen: isPhoneScreen(), choice: storedChoice() });

/**
 * Go to a page of the app: the phone app and the console are separate bundles (the phone loads no
 * desktop components), so crossing between them loads the page afresh.
 */
export function go(target: string, navigate: (to: string, o?: { replace?: boolean }) => void, replace = true) {
  const here = window.location.pathname.startsWith('/m') ? 'phone' : 'console';
  const there = target.startsWith('/m') ? 'phone' : 'console';
  if (here === there) navigate(target, { replace });
  else if (replace) window.location.replace(target);
  else window.location.assign(target);
}

/** Switch app by a visible link: remember the choice and go to that app's home. */
export function switchApp(me: Who, app: AppChoice) {
  rememberChoice(app);
  window.location.assign(app === 'phone' ? (phoneHome(me) ?? '/m') : consoleHome(me));
}
