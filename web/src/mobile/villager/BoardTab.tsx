/**
 * The village board (公示栏): entries in publication, which anyone may object to ("提出异议"),
 * everything posted this year, and the standings. An objection carries a client-made id made once
 * per objection, so a retry on a weak signal records it once; its outcome is in "my objections
 * and reports".
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, Popup, Tabs, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { clientId } from '../../api/client';
import { pk } from '../../api/keys';
import { getBoard } from '../../api/points';
import type { BoardEntry } from '../../api/types';
import { bi, objectable } from '../../console/points/text';
import { Amount, LoadError, Loading, PendingBanner, StatusTag, useKindLabel, useRetrySend } from '../common';
import type { ObjectPayload } from '../outboxSenders';
import { CasesLink } from './CasesLink';

function BoardLine({ e, onObject }: { e: BoardEntry; onObject?: (e: BoardEntry) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kindLabel = useKindLabel();
  const who =
    e.account.kind === 'member'
      ? t('points.m.board.member', { name: e.account.name ?? '' })
      : t('points.m.board.household', { number: e.account.name ?? '' });
  const reason = bi(e.reason, lang);
  const rule = e.ruleName ? bi(e.ruleName, lang) : kindLabel(e.kind);
  return (
    <div data-testid="board-entry" data-entry={e.id} style={{ padding: '4px 0' }}>
      <div className="wg-m-row">
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontWeight: 600 }}>
            {who} · {rule}
          </div>
          {reason !== rule && (
            <div style={{ color: '#444' }}>
              {t('points.m.reasonLabel')}
              {reason}
            </div>
          )}
          <div className="wg-m-muted">
            {formatDate(e.decidedAt, lang)} · <StatusTag status={e.status} />
          </div>
          {objectable(e) && (
            <div className="wg-m-muted">
              {t('points.m.board.until', { date: formatDate(e.publishedUntil, lang, true) })}
            </div>
          )}
        </div>
        <div style={{ fontSize: 24, whiteSpace: 'nowrap' }}>
          <Amount n={e.effective} />
        </div>
      </div>
      {onObject && objectable(e) && (
        <Button
          size="middle"
          color="warning"
          fill="outline"
          style={{ marginTop: 8 }}
          onClick={() => onObject(e)}
          data-testid="object-button"
        >
          {t('points.m.board.object')}
        </Button>
      )}
    </div>
  );
}

export function BoardTab({ village, householdId: _householdId }: { village: string; householdId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const board = useQuery({ queryKey: pk.board(village), queryFn: () => getBoard(village) });
  const [target, setTarget] = useState<BoardEntry | null>(null);
  const [reason, setReason] = useState('');
  // One id per objection: kept across retries, renewed after success or when the user gives up.
  const [id, setId] = useState(clientId);
  const send = useRetrySend<ObjectPayload, unknown>('points.object', {
    success: () => t('points.m.board.objected'),
    onDone: () => {
      setTarget(null);
      setReason('');
      setId(clientId());
      void qc.invalidateQueries({ queryKey: pk.all });
    },
  });
  const busy = send.sending;
  const close = () => {
    if (busy) return;
    if (send.pending) {
      send.reset();
      setId(clientId());
    }
    setTarget(null);
  };
  if (board.isLoading) return <Loading />;
  if (board.error || !board.data) return <LoadError error={board.error} onRetry={() => board.refetch()} />;
  const { entries, standings, period } = board.data;
  const open = entries.filter((e) => objectable(e));

  const submit = () => {
    if (target && reason.trim()) void send.run({ village, id, entryId: target.id, reason: reason.trim() });
  };

  return (
    <>
      <Tabs defaultActiveKey="open" style={{ background: '#fff', '--title-font-size': '17px' }}>
        <Tabs.Tab title={t('points.m.board.openTab', { n: open.length })} key="open">
          <CasesLink village={village} />
          <div className="wg-m-muted" style={{ padding: '0 4px 8px' }}>
            {t('points.m.board.openHint')}
          </div>
          {open.length === 0 ? (
            <div className="wg-m-muted">{t('points.m.board.noneOpen')}</div>
          ) : (
            <List className="wg-m-list" data-testid="board-open">
              {open.map((e) => (
                <List.Item key={e.id}>
                  <BoardLine e={e} onObject={setTarget} />
                </List.Item>
              ))}
            </List>
          )}
        </Tabs.Tab>
        <Tabs.Tab title={t('points.m.board.allTab')} key="all">
          <List className="wg-m-list" data-testid="board-all">
            {entries.map((e) => (
              <List.Item key={e.id}>
                <BoardLine e={e} onObject={setTarget} />
              </List.Item>
            ))}
          </List>
        </Tabs.Tab>
        <Tabs.Tab title={t('points.m.board.standingsTab')} key="standings">
          <div className="wg-m-muted">{t('points.m.period', { period: period.label })}</div>
          <List header={t('points.m.board.members')} data-testid="board-members">
            {standings.members.slice(0, 20).map((m) => (
              <List.Item
                key={m.accountId}
                prefix={
                  <b style={{ width: 32, display: 'inline-block', color: m.rank === 1 ? '#b7312c' : undefined }}>
                    {m.rank}
                  </b>
                }
                extra={<b>{m.balance}</b>}
              >
                {m.name}
              </List.Item>
            ))}
          </List>
          <List header={t('points.m.board.households')} data-testid="board-households">
            {standings.households.slice(0, 20).map((h) => (
              <List.Item
                key={h.accountId}
                prefix={<b style={{ width: 32, display: 'inline-block' }}>{h.rank}</b>}
                extra={<b>{h.balance}</b>}
              >
                {h.number}
              </List.Item>
            ))}
          </List>
        </Tabs.Tab>
      </Tabs>
      <Popup
        visible={!!target}
        onMaskClick={close}
        bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16, padding: 16, boxSizing: 'border-box' }}
      >
        {target && (
          <div data-testid="objection-popup">
            <div style={{ fontSize: 19, fontWeight: 700, marginBottom: 8 }}>{t('points.m.board.objectTitle')}</div>
            <div className="wg-m-muted" style={{ marginBottom: 8 }}>
              {target.account.name} · {target.ruleName ? bi(target.ruleName, i18n.language) : ''} ·{' '}
              <Amount n={target.effective} />
            </div>
            <TextArea
              data-testid="objection-reason"
              value={reason}
              onChange={setReason}
              disabled={busy || send.pending}
              placeholder={t('points.m.board.objectPlaceholder')}
              rows={4}
              maxLength={500}
              style={{ border: '1px solid #ddd', borderRadius: 8, padding: 8, boxSizing: 'border-box', width: '100%' }}
            />
            <div className="wg-m-muted" style={{ margin: '8px 0' }}>
              {t('points.m.board.objectHint')}
            </div>
            {send.pending && send.state.phase === 'failed' ? (
              <PendingBanner error={send.state.error} onRetry={() => void send.retry()} onDiscard={close} />
            ) : (
              <div style={{ display: 'flex', gap: 12 }}>
                <Button size="large" style={{ flex: 1 }} onClick={close} disabled={busy}>
                  {t('common.cancel')}
                </Button>
                <Button
                  size="large"
                  style={{ flex: 1 }}
                  color="primary"
                  loading={busy}
                  disabled={!reason.trim()}
                  onClick={submit}
                  data-testid="objection-submit"
                >
                  {t('points.m.board.objectSubmit')}
                </Button>
              </div>
            )}
          </div>
        )}
      </Popup>
    </>
  );
}
