/** The way to "my objections and reports" from the board and the report tab, with how many still wait. */
import { List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMyCases } from './useMyCases';

export const casesPath = '/m/home/report/mine';

export function CasesLink({ village }: { village: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { waiting } = useMyCases(village);
  return (
    <List className="wg-m-list" style={{ marginBottom: 12 }}>
      <List.Item
        arrow
        onClick={() => navigate(casesPath)}
        extra={waiting ? t('points.m.cases.waitingN', { n: waiting }) : undefined}
        data-testid="cases-link"
      >
        <span style={{ fontSize: 17 }}>{t('points.m.cases.title')}</span>
      </List.Item>
    </List>
  );
}
