/** The points area of the console: its routes (under /console) and menu items. */
import {
  AuditOutlined,
  BookOutlined,
  CalculatorOutlined,
  FileProtectOutlined,
  PrinterOutlined,
  ShopOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsoleExtension } from '../extension';

const StandingsPage = lazy(() => import('./pages/StandingsPage'));
const ReviewPage = lazy(() => import('./pages/ReviewPage'));
const AppealsPage = lazy(() => import('./pages/AppealsPage'));
const RulesPage = lazy(() => import('./pages/RulesPage'));
const ShopPage = lazy(() => import('./pages/ShopPage'));
const SettlementPage = lazy(() => import('./pages/SettlementPage'));
const BoardPage = lazy(() => import('./pages/BoardPage'));

export const pointsExtension: ConsoleExtension = {
  routes: [
    { path: 'points', element: <StandingsPage /> },
    { path: 'points/review', element: <ReviewPage /> },
    { path: 'points/appeals', element: <AppealsPage /> },
    { path: 'points/rules', element: <RulesPage /> },
    { path: 'points/shop', element: <ShopPage /> },
    { path: 'points/settlement', element: <SettlementPage /> },
    { path: 'points/board', element: <BoardPage /> },
  ],
  nav: [
    { key: 'points', icon: <TrophyOutlined />, label: 'points.nav.standings', policy: 'points.read' },
    { key: 'points/review', icon: <AuditOutlined />, label: 'points.nav.review', policy: 'points.review' },
    { key: 'points/appeals', icon: <FileProtectOutlined />, label: 'points.nav.appeals', policy: 'points.appeal' },
    { key: 'points/rules', icon: <BookOutlined />, label: 'points.nav.rules', policy: 'points.manage' },
    { key: 'points/shop', icon: <ShopOutlined />, label: 'points.nav.shop', policy: 'shop.pickup' },
    { key: 'points/settlement', icon: <CalculatorOutlined />, label: 'points.nav.settlement', policy: 'points.manage' },
    { key: 'points/board', icon: <PrinterOutlined />, label: 'points.nav.board', policy: 'points.read' },
  ],
};
