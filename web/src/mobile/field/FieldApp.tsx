/** The grid member's field app: my households (propose points), my own work, my proposals, my account. */
import { FileOutline, TeamOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import type { Me } from '../../api/types';
import { Shell, type Tab } from '../Shell';
import { AccountTab } from './AccountTab';
import { HouseholdPage } from './HouseholdPage';
import { HouseholdsTab } from './HouseholdsTab';
import { ProposalsTab } from './ProposalsTab';
import { WorkTab } from './WorkTab';

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
            <HouseholdPage me={me} village={village} />
          </Shell>
        }
      />
      <Route
        path="work"
        element={
          <Shell title={t('points.m.field.workTitle')} tabs={tabs}>
            <WorkTab me={me} village={village} />
          </Shell>
        }
      />
      <Route
        path="proposals"
        element={
          <Shell title={t('points.m.field.proposalsTitle')} tabs={tabs}>
            <ProposalsTab village={village} />
          </Shell>
        }
      />
      <Route
        path="account"
        element={
          <Shell title={t('points.m.field.accountTitle')} tabs={tabs}>
            <AccountTab me={me} village={village} />
          </Shell>
        }
      />
    </Routes>
  );
}
