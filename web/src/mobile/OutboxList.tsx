/**
 * The writes saved on this phone that have not arrived: what each is, whether it waits for signal
 * (sent by itself) or was refused (with the server's reason, to discard), and "send now".
 */
import { Button } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../lib/lang';
import { discard, listOutbox, onOutboxChange, outboxMayHaveItems, sendOne, type OutboxItem } from '../lib/outbox';
import type { SendKind } from './outboxSenders';

export function useOutbox(): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void listOutbox().then((x) => live && setItems(x));
    if (outboxMayHaveItems()) load();
    const off = onOutboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, []);
  return items;
}

export function OutboxList() {
  const { t, i18n } = useTranslation();
  const items = useOutbox();
  if (items.length === 0) return null;
  const en = isEnglish(i18n.language);
  return (
    <div className="wg-m-pending" data-testid="outbox" role="status" style={{ margin: '8px 12px' }}>
      <div style={{ fontWeight: 600 }}>
        {t('points.m.outboxTitle')} {items.length}
      </div>
      {items.map((it) => (
        <div key={it.id} data-testid="outbox-item" data-state={it.state} style={{ marginTop: 8 }}>
          <div>
            {t(`points.m.outboxKind.${it.kind as SendKind}`)} ·{' '}
            {it.state === 'failed' ? (
              <span style={{ color: '#b7312c' }}>
                {t('points.m.outboxFailed', { reason: it.reason ? (en ? it.reason.en : it.reason.zh) : '' })}
              </span>
            ) : it.state === 'sending' ? (
              t('points.m.outboxSending')
            ) : it.reason?.code === 'NETWORK' ? (
              t('points.m.offlineSaved')
            ) : (
              t('points.m.outboxWaiting')
            )}
          </div>
          <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
            {it.state === 'failed' ? (
              <Button size="small" onClick={() => void discard(it.id)} data-testid="outbox-discard">
                {t('points.m.discard')}
              </Button>
            ) : (
              <Button
                size="small"
                color="primary"
                disabled={it.state === 'sending'}
                onClick={() => void sendOne(it.id)}
                data-testid="outbox-send"
              >
                {t('points.m.outboxSendNow')}
              </Button>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
