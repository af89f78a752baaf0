/** The grid member's field app: my households (propose points), my own work, my proposals, my account. */
import { FileOutline, TeamOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import type { Me } from '../../api/types';
import { Shell, type Tab } from '../Shell';
import { Loading } from '../common';
import { HouseholdsTab } from './HouseholdsTab';

// The first screen is the household list; the other screens load when opened (and are
// precached by the service worker, so they open offline too).
const AccountTab = lazy(() => import('./AccountTab').then((m) => ({ default: m.AccountTab })));
const HouseholdPage = lazy(() => import('./HouseholdPage').then((m) => ({ default: m.HouseholdPage })));
const ProposalsTab = lazy(() => import('./ProposalsTab').then((m) => ({ default: m.ProposalsTab })));
const WorkTab = lazy(() => import('./WorkTab').then((m) => ({ default: m.WorkTab })));

const Later = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

export default function FieldApp({ me }: { me: Me }) {
  const { t } = useTranslation();
  const village = me.village?.code ?? '';
  const tabs: Tab[] = [
    { key: '/m/field', title: t('points.m.field.households'), icon: <TeamOutline /> },
    { key: '/m/field/work', title: t('points.m.field.work'), icon: <FileOutline /> },
    { key: '/m/field/proposals', title: t('points.m.field.proposals'), icon: <UnorderedListOutline /> },
    { key: '/m/field/account', title: t('points.m.field.account'), icon: <UserOutline /> },
  ];
  return (
    <Routes>
      <Route
        index
        element={
          <Shell title={t('points.m.field.householdsTitle')} tabs={tabs}>
            <HouseholdsTab village={village} />
          </Shell>
        }
      />
      <Route
        path="household/:householdId"
        element={
          <Shell title={t('points.m.field.proposeTitle')} back="/m/field" tabs={tabs}>
            <Later>
              <HouseholdPage me={me} village={village} />
            </Later>
          </Shell>
        }
      />
      <Route
        path="work"
        element={
          <Shell title={t('points.m.field.workTitle')} tabs={tabs}>
            <Later>
              <WorkTab me={me} village={village} />
            </Later>
          </Shell>
        }
      />
      <Route
        path="proposals"
        element={
          <Shell title={t('points.m.field.proposalsTitle')} tabs={tabs}>
            <Later>
              <ProposalsTab village={village} />
            </Later>
          </Shell>
        }
      />
      <Route
        path="account"
        element={
          <Shell title={t('points.m.field.accountTitle')} tabs={tabs}>
            <Later>
              <AccountTab me={me} village={village} />
            </Later>
          </Shell>
        }
      />
    </Routes>
  );
}
