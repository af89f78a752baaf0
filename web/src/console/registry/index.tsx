/** The registry area of the console: the village overview, households and units, the household page. */
import { DashboardOutlined, HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsoleExtension } from '../extension';

const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const HouseholdsPage = lazy(() => import('./pages/HouseholdsPage'));
const HouseholdPage = lazy(() => import('./pages/HouseholdPage'));

export const registryExtension: ConsoleExtension = {
  routes: [
    { path: '', element: <OverviewPage /> },
    { path: 'households', element: <HouseholdsPage /> },
    { path: 'households/:householdId', element: <HouseholdPage /> },
  ],
  nav: [
    { key: '', icon: <DashboardOutlined />, label: 'nav.overview', policy: 'village.overview' },
    { key: 'households', icon: <HomeOutlined />, label: 'nav.households', policy: 'village.read' },
  ],
};
