/** The structures area of the console: the versions of the grid structure and the editor of a draft. */
import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsoleExtension } from '../extension';

const StructuresPage = lazy(() => import('./pages/StructuresPage'));
const StructureEditorPage = lazy(() => import('./pages/StructureEditorPage'));

export const structuresExtension: ConsoleExtension = {
  routes: [
    { path: 'structures', element: <StructuresPage /> },
    { path: 'structures/:structureId', element: <StructureEditorPage /> },
  ],
  nav: [{ key: 'structures', icon: <ApartmentOutlined />, label: 'nav.structures', policy: 'structure.read' }],
};
