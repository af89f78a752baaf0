/** Reporting one's own work (visits, hazards found): a self-report always goes to the evaluator. */
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { ProposeForm } from './ProposeForm';

export function WorkTab({ me, village }: { me: Me; village: string }) {
  const { t } = useTranslation();
  // GET /auth/me names the signed-in staff member's person; without it there is no account to credit.
  if (!me.personId) return <div className="wg-m-card wg-m-muted">{t('points.m.field.noPerson')}</div>;
  return (
    <>
      <div className="wg-m-card wg-m-muted" style={{ fontSize: 16 }}>
        {t('points.m.field.workHint')}
      </div>
      <ProposeForm me={me} village={village} target={{ kind: 'member', personId: me.personId }} kind="member" />
    </>
  );
}
