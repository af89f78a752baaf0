/** My grid member account: the balance (base 200), the year-end payout it makes, and why it changed. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { signOut } from '../../api/auth';
import { pk } from '../../api/keys';
import { forgetOfflineData } from '../../lib/offline';
import { getMyPoints } from '../../api/points';
import type { Me } from '../../api/types';
import { EntryLine, LoadError, Loading } from '../common';

export function SignOutButton() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return (
    <div style={{ margin: '24px 12px' }}>
      <Button
        block
        size="large"
        data-testid="m-sign-out"
        onClick={async () => {
          await signOut().catch(() => undefined);
          qc.clear();
          await forgetOfflineData();
          window.location.href = '/sign-in?next=/m';
        }}
      >
        {t('auth.signOut')}
      </Button>
    </div>
  );
}

export function AccountTab({ me, village }: { me: Me; village: string }) {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: pk.me(village), queryFn: () => getMyPoints(village) });
  if (mine.isLoading) return <Loading />;
  if (mine.error || !mine.data) return <LoadError error={mine.error} onRetry={() => mine.refetch()} />;
  const { account, entries, settings, period } = mine.data;
  const cap = settings?.rewardCap ?? 600;
  const rate = settings?.yuanPerPoint ?? 1;
  const balance = account?.balance ?? 0;
  return (
    <>
      <div className="wg-m-card" data-testid="m-member-account">
        <div className="wg-m-muted">
          {me.account.name} · {t('points.m.period', { period: period ?? '' })}
        </div>
        <div className="wg-m-big" data-testid="m-balance">
          {balance}
        </div>
        <div className="wg-m-muted">
          {t('points.m.field.memberRule', { base: settings?.memberBase ?? 200, cap, rate })}
        </div>
        <div style={{ marginTop: 8, fontSize: 18 }} data-testid="m-payout">
          {t('points.m.field.payout', { yuan: Math.max(0, Math.min(balance, cap)) * rate })}
        </div>
        {balance > cap && <div className="wg-m-note">{t('points.m.field.aboveCap', { n: balance - cap })}</div>}
      </div>
      <div className="wg-m-title">{t('points.m.whyTitle')}</div>
      {entries.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.noEntries')}</div>
      ) : (
        <List className="wg-m-list" data-testid="m-entries">
          {entries.map((e) => (
            <List.Item key={e.id}>
              <EntryLine e={e} />
            </List.Item>
          ))}
        </List>
      )}
      <SignOutButton />
    </>
  );
}
