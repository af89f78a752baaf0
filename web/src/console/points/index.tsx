/** The points area of the console: its routes (under /console) and menu items. */
import type { ConsoleExtension } from '../extension';

export const pointsExtension: ConsoleExtension = { routes: [], nav: [] };
