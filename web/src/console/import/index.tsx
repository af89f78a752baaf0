/** The import area of the console: the roster import (dry run first), its template and the exports. */
import { ImportOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsoleExtension } from '../extension';

const ImportPage = lazy(() => import('./pages/ImportPage'));

export const importExtension: ConsoleExtension = {
  routes: [{ path: 'import', element: <ImportPage /> }],
  nav: [{ key: 'import', icon: <ImportOutlined />, label: 'nav.import', policy: 'import.write' }],
};
