/** One of my households: who lives there, its points this year, and proposing points for it. */
import { useQuery } from '@tanstack/react-query';
import { List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { keys, pk } from '../../api/keys';
import { getHouseholdAccount } from '../../api/points';
import { getHousehold, isOwnHousehold } from '../../api/registry';
import type { Me } from '../../api/types';
import { EntryLine, LoadError, Loading } from '../common';
import { ProposeForm } from './ProposeForm';

export function HouseholdPage({ me, village }: { me: Me; village: string }) {
  const { t } = useTranslation();
  const { householdId = '' } = useParams();
  const hh = useQuery({
    queryKey: keys.household(village, householdId),
    queryFn: () => getHousehold(village, householdId),
  });
  const account = useQuery({
    queryKey: pk.account(village, householdId),
    queryFn: () => getHouseholdAccount(village, householdId),
  });
  if (hh.isLoading) return <Loading />;
  if (hh.error || !hh.data) return <LoadError error={hh.error} onRetry={() => hh.refetch()} />;
  const { household, residents } = hh.data;
  const unitName = isOwnHousehold(hh.data) ? null : hh.data.household.name;
  const head = residents.find((r) => r.relation === 'head')?.name ?? unitName ?? '';
  const a = account.data?.account;
  const cap = account.data?.settings?.householdCap;
  return (
    <>
      <div className="wg-m-card" data-testid="m-household-card">
        <div className="wg-m-row">
          <div>
            <div style={{ fontSize: 22, fontWeight: 700 }} data-testid="m-household-number">
              {household.number} {head}
            </div>
            <div className="wg-m-muted">{household.address}</div>
          </div>
          <div style={{ textAlign: 'right' }}>
            <div className="wg-m-mid" style={{ color: '#b7312c' }} data-testid="m-household-balance">
              {a?.balance ?? 0}
            </div>
            <div className="wg-m-muted">{t('points.m.earnedOf', { cap: cap ?? 100 })}</div>
          </div>
        </div>
      </div>
      <div className="wg-m-title">{t('points.m.field.proposeFor', { number: household.number })}</div>
      <ProposeForm me={me} village={village} target={{ kind: 'household', householdId }} kind="household" />
      <div className="wg-m-title">{t('points.m.field.householdEntries')}</div>
      {account.isLoading ? (
        <Loading />
      ) : account.error ? (
        <LoadError error={account.error} onRetry={() => account.refetch()} />
      ) : (account.data?.entries.length ?? 0) === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.noEntries')}</div>
      ) : (
        <List className="wg-m-list" data-testid="m-household-entries">
          {account.data!.entries.map((e) => (
            <List.Item key={e.id}>
              <EntryLine e={e} cap={cap} />
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
