import { accessExtension } from './access';
import type { ConsoleExtension } from './extension';
import { pointsExtension } from './points';

export const extensions: ConsoleExtension[] = [pointsExtension, accessExtension];
