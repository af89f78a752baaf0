import type { ReactNode } from 'react';
import type { Policy } from '../api/types';

/**
 * An area of the console (registry, structures, import, points, access) contributes routes under
 * /console (path '' is the console's home) and menu items; App.tsx and NavMenu.tsx list the
 * areas, so an area never edits them.
 */
export interface ConsoleExtension {
  routes: { path: string; element: ReactNode }[];
  nav: { key: string; icon: ReactNode; label: string; policy: Policy }[];
}
