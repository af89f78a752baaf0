/**
 * The points shop: goods with price and stock; redeeming asks first, then reserves the goods with a
 * client-made id (a retry on a weak signal redeems once); my redemptions, cancellable until picked up.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Tag } from 'antd-mobile';
import { toast } from '../toast';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clientId, errorText } from '../../api/client';
import { pk } from '../../api/keys';
import { cancelRedemption, getItems, getMyPoints } from '../../api/points';
import type { RedemptionStatus, ShopItem } from '../../api/types';
import { formatDate } from '../../lib/format';
import { bi } from '../../console/points/text';
import { LoadError, Loading, PendingBanner, useRetrySend } from '../common';
import type { RedeemPayload } from '../outboxSenders';

const redemptionColor: Record<RedemptionStatus, string> = {
  reserved: 'warning',
  picked_up: 'success',
  cancelled: 'default',
};

export function ShopTab({ village }: { village: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const items = useQuery({ queryKey: pk.items(village), queryFn: () => getItems(village) });
  const mine = useQuery({ queryKey: pk.me(village), queryFn: () => getMyPoints(village) });
  const [pendingItem, setPendingItem] = useState<ShopItem | null>(null);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: pk.items(village) }),
      qc.invalidateQueries({ queryKey: pk.me(village) }),
    ]);
  const send = useRetrySend<RedeemPayload, unknown>('points.redeem', {
    success: () => t('points.m.shop.redeemed'),
    onDone: () => {
      setPendingItem(null);
      void refresh();
    },
  });

  if (items.isLoading || mine.isLoading) return <Loading />;
  if (items.error || !items.data) return <LoadError error={items.error} onRetry={() => items.refetch()} />;
  if (mine.error || !mine.data) return <LoadError error={mine.error} onRetry={() => mine.refetch()} />;
  const available = mine.data.account?.available ?? 0;
  const redemptions = mine.data.redemptions;

  const ask = (item: ShopItem) =>
    Dialog.confirm({
      title: t('points.m.shop.confirmTitle'),
      content: (
        <div style={{ fontSize: 17, textAlign: 'center' }} data-testid="redeem-confirm">
          {t('points.m.shop.confirmText', {
            item: bi(item.name, lang),
            price: item.price,
            after: available - item.price,
          })}
        </div>
      ),
      confirmText: <span data-testid="redeem-ok">{t('points.m.shop.confirmOk')}</span>,
      cancelText: t('common.cancel'),
      onConfirm: async () => {
        setPendingItem(item);
        // One id per redemption: made here, reused by "retry".
        await send.run({ village, id: clientId(), itemId: item.id });
      },
    });

  return (
    <>
      <div className="wg-m-card wg-m-row" style={{ alignItems: 'center' }}>
        <div>
          <div className="wg-m-muted">{t('points.m.home.available')}</div>
          <div className="wg-m-big" style={{ color: '#237804' }} data-testid="shop-available">
            {available}
          </div>
        </div>
        <div className="wg-m-muted" style={{ maxWidth: 180, textAlign: 'right' }}>
          {t('points.m.shop.hint')}
        </div>
      </div>
      {send.pending && send.state.phase === 'failed' && (
        <PendingBanner error={send.state.error} onRetry={() => void send.retry()} onDiscard={() => send.reset()}>
          {pendingItem && <div>{t('points.m.shop.pendingItem', { item: bi(pendingItem.name, lang) })}</div>}
        </PendingBanner>
      )}
      <List
        className="wg-m-list"
        header={<span style={{ fontSize: 17 }}>{t('points.m.shop.goods')}</span>}
        data-testid="shop-items"
      >
        {items.data.map((item) => {
          const short = item.price > available;
          const out = item.stock <= 0;
          return (
            <List.Item
              key={item.id}
              data-testid="shop-item"
              data-item={item.name}
              description={<span data-testid="shop-stock">{t('points.m.shop.stock', { n: item.stock })}</span>}
              extra={
                <Button
                  color="primary"
                  size="large"
                  disabled={short || out || send.sending || send.pending}
                  onClick={() => void ask(item)}
                  data-testid="redeem-button"
                >
                  {out ? t('points.m.shop.out') : short ? t('points.m.shop.short') : t('points.m.shop.redeem')}
                </Button>
              }
            >
              <div style={{ fontSize: 18, fontWeight: 600 }}>{bi(item.name, lang)}</div>
              <div style={{ color: '#b7312c', fontSize: 18 }}>{t('points.m.shop.price', { n: item.price })}</div>
            </List.Item>
          );
        })}
      </List>
      <div className="wg-m-title">{t('points.m.shop.mine')}</div>
      {redemptions.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.shop.none')}</div>
      ) : (
        <List className="wg-m-list" data-testid="my-redemptions">
          {redemptions.map((r) => (
            <List.Item
              key={r.id}
              data-testid="my-redemption"
              description={`${formatDate(r.createdAt, lang, true)}${r.pickedUpAt ? ` · ${t('points.m.shop.pickedUpAt', { date: formatDate(r.pickedUpAt, lang) })}` : ''}`}
              extra={
                r.status === 'reserved' ? (
                  <Button
                    size="middle"
                    data-testid="cancel-redemption"
                    onClick={() =>
                      void Dialog.confirm({
                        content: (
                          <div style={{ fontSize: 17, textAlign: 'center' }}>
                            {t('points.m.shop.cancelAsk', { item: bi(r.itemName, lang), price: r.price })}
                          </div>
                        ),
                        confirmText: <span data-testid="cancel-ok">{t('points.m.shop.cancelOk')}</span>,
                        cancelText: t('points.m.shop.keep'),
                        onConfirm: async () => {
                          try {
                            await cancelRedemption(village, r.id);
                            toast({ icon: 'success', content: t('points.m.shop.cancelled') });
                            await refresh();
                          } catch (e) {
                            toast({ icon: 'fail', content: errorText(e) });
                          }
                        },
                      })
                    }
                  >
                    {t('points.m.shop.cancel')}
                  </Button>
                ) : undefined
              }
            >
              <span style={{ fontSize: 17 }}>{bi(r.itemName, lang)}</span>{' '}
              <span className="wg-m-minus">−{r.price}</span>{' '}
              <Tag color={redemptionColor[r.status]} fill="outline" style={{ fontSize: 14 }}>
                {t(`points.redemption.${r.status}`)}
              </Tag>
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
