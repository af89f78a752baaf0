/** The access area of the console: its routes (under /console) and menu items. */
import { AuditOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsoleExtension } from '../extension';

const AccountPage = lazy(() => import('./pages/AccountPage'));
const AccountsPage = lazy(() => import('./pages/AccountsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));

export const accessExtension: ConsoleExtension = {
  routes: [
    { path: 'account', element: <AccountPage /> },
    { path: 'accounts', element: <AccountsPage /> },
    { path: 'audit', element: <AuditPage /> },
  ],
  nav: [
    { key: 'accounts', icon: <TeamOutlined />, label: 'access.nav.accounts', policy: 'accounts.manage' },
    { key: 'audit', icon: <AuditOutlined />, label: 'access.nav.audit', policy: 'audit.read' },
    { key: 'account', icon: <UserOutlined />, label: 'access.nav.account', policy: 'self' },
  ],
};
