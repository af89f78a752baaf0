/** The villager's app: my household's points and why they changed, the shop, the village board, reports, my objections and reports. */
import { ExclamationShieldOutline, GiftOutline, HistogramOutline, UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import type { Me } from '../../api/types';
import { Shell, type Tab } from '../Shell';
import { BoardTab } from './BoardTab';
import { MyCasesPage } from './MyCasesPage';
import { MyPointsTab } from './MyPointsTab';
import { ReportTab } from './ReportTab';
import { ShopTab } from './ShopTab';

export default function VillagerApp({ me }: { me: Me }) {
  const { t } = useTranslation();
  const village = me.village?.code ?? '';
  const householdId = me.householdId!;
  const tabs: Tab[] = [
    { key: '/m/home', title: t('points.m.home.mine'), icon: <UserOutline /> },
    { key: '/m/home/shop', title: t('points.m.home.shop'), icon: <GiftOutline /> },
    { key: '/m/home/board', title: t('points.m.home.board'), icon: <HistogramOutline /> },
    { key: '/m/home/report', title: t('points.m.home.report'), icon: <ExclamationShieldOutline /> },
  ];
  const page = (title: string, el: React.ReactNode, back?: string) => (
    <Shell title={title} tabs={tabs} back={back}>
      {el}
    </Shell>
  );
  return (
    <Routes>
      <Route index element={page(t('points.m.home.mineTitle'), <MyPointsTab me={me} village={village} />)} />
      <Route path="shop" element={page(t('points.m.home.shopTitle'), <ShopTab village={village} />)} />
      <Route
        path="board"
        element={page(t('points.m.home.boardTitle'), <BoardTab village={village} householdId={householdId} />)}
      />
      <Route
        path="report"
        element={page(t('points.m.home.reportTitle'), <ReportTab village={village} householdId={householdId} />)}
      />
      <Route
        path="report/mine"
        element={page(t('points.m.cases.title'), <MyCasesPage village={village} />, '/m/home/report')}
      />
    </Routes>
  );
}
