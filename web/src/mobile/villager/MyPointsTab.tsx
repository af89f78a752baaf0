/**
 * My household's points: "earned this year" (the balance, capped at 100, which decides the reward
 * tier) apart from "available to spend" (balance − spent in the shop), and why they changed.
 */
import { useQuery } from '@tanstack/react-query';
import { List, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { pk } from '../../api/keys';
import { getMyPoints, getSettings } from '../../api/points';
import type { Me } from '../../api/types';
import { isEnglish } from '../../lib/lang';
import { EntryLine, LoadError, Loading } from '../common';
import { SignOutButton } from '../field/AccountTab';

export function MyPointsTab({ me, village }: { me: Me; village: string }) {
  const { t, i18n } = useTranslation();
  const mine = useQuery({ queryKey: pk.me(village), queryFn: () => getMyPoints(village) });
  const settings = useQuery({ queryKey: pk.settings(village), queryFn: () => getSettings(village) });
  if (mine.isLoading) return <Loading />;
  if (mine.error || !mine.data) return <LoadError error={mine.error} onRetry={() => mine.refetch()} />;
  const { account, entries, period } = mine.data;
  const cap = mine.data.settings?.householdCap ?? 100;
  const balance = account?.balance ?? 0;
  const available = account?.available ?? 0;
  const tiers = [...(settings.data?.tiers ?? [])].sort((a, b) => b.min - a.min);
  const tier = tiers.find((x) => balance >= x.min);
  const next = [...tiers].reverse().find((x) => x.min > balance);
  const en = isEnglish(i18n.language);
  return (
    <>
      <div className="wg-m-card" data-testid="m-household-points">
        <div className="wg-m-muted">
          {me.account.name} · {t('points.m.period', { period: period ?? '' })}
        </div>
        <div style={{ display: 'flex', gap: 12, marginTop: 8 }}>
          <div style={{ flex: 1 }}>
            <div className="wg-m-muted">{t('points.m.home.earned')}</div>
            <div className="wg-m-big" data-testid="m-earned">
              {balance}
            </div>
            <div className="wg-m-muted">{t('points.m.earnedOf', { cap })}</div>
          </div>
          <div style={{ flex: 1, borderLeft: '1px solid #eee', paddingLeft: 12 }}>
            <div className="wg-m-muted">{t('points.m.home.available')}</div>
            <div className="wg-m-big" style={{ color: '#237804' }} data-testid="m-available">
              {available}
            </div>
            <div className="wg-m-muted">{t('points.m.home.spent', { n: account?.spent ?? 0 })}</div>
          </div>
        </div>
        <ProgressBar
          percent={Math.min(100, (balance / cap) * 100)}
          style={{ marginTop: 12, '--track-width': '10px', '--fill-color': '#b7312c' }}
        />
        <div className="wg-m-muted" style={{ marginTop: 8 }}>
          {tier ? t('points.m.home.tierNow', { tier: en ? tier.en : tier.zh }) : t('points.m.home.noTier')}
          {next ? ` ${t('points.m.home.tierNext', { n: next.min - balance, tier: en ? next.en : next.zh })}` : ''}
        </div>
        <div className="wg-m-muted" style={{ marginTop: 4 }}>
          {t('points.m.home.spendNote')}
        </div>
      </div>
      <div className="wg-m-title" data-testid="m-why-title">
        {t('points.m.whyTitle')}
      </div>
      {entries.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.home.noEntries')}</div>
      ) : (
        <List className="wg-m-list" data-testid="m-entries">
          {entries.map((e) => (
            <List.Item key={e.id}>
              <EntryLine e={e} cap={cap} />
            </List.Item>
          ))}
        </List>
      )}
      <SignOutButton />
    </>
  );
}
