import type { ReactNode } from 'react';

/**
 * An area of the console (access, points, …) contributes routes under /console and menu items;
 * App.tsx and NavMenu.tsx list the areas, so an area never edits them.
 */
export interface ConsoleExtension {
  routes: { path: string; element: ReactNode }[];
  nav: { key: string; icon: ReactNode; label: string; policy: string }[];
}
