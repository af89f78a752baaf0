import { accessExtension } from './access';
import type { ConsoleExtension } from './extension';
import { importExtension } from './import';
import { pointsExtension } from './points';
import { registryExtension } from './registry';
import { structuresExtension } from './structures';

/** The console's areas, in menu order. */
export const extensions: ConsoleExtension[] = [
  registryExtension,
  structuresExtension,
  importExtension,
  pointsExtension,
  accessExtension,
];
