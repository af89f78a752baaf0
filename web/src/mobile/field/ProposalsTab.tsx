/**
 * My proposals (我提出的积分): what I proposed, for whom, and what became of it — waiting for the
 * evaluator (withdrawable until decided), counted, rejected with the reason, or withdrawn.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List } from 'antd-mobile';
import { toast } from '../toast';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { pk } from '../../api/keys';
import { getMyProposals, withdraw } from '../../api/points';
import type { ProposalItem } from '../../api/types';
import { bi } from '../../console/points/text';
import { EntryLine, LoadError, Loading } from '../common';

function Proposal({ p, onWithdraw }: { p: ProposalItem; onWithdraw?: (p: ProposalItem) => void }) {
  const { t } = useTranslation();
  const who =
    p.target.kind === 'household'
      ? t('points.m.board.household', { number: p.target.name ?? '' })
      : t('points.m.field.forMember', { name: p.target.name ?? '' });
  return (
    <div data-testid="my-proposal" data-entry={p.id}>
      <div className="wg-m-muted" style={{ fontSize: 15 }} data-testid="proposal-target">
        {who}
      </div>
      <EntryLine e={p} />
      {onWithdraw && (
        <Button
          size="middle"
          fill="outline"
          color="danger"
          style={{ marginTop: 4 }}
          onClick={() => onWithdraw(p)}
          data-testid="withdraw-button"
        >
          {t('points.m.field.withdraw')}
        </Button>
      )}
    </div>
  );
}

export function ProposalsTab({ village }: { village: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: pk.proposals(village), queryFn: () => getMyProposals(village) });
  if (list.isLoading) return <Loading />;
  if (list.error || !list.data) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  const waiting = list.data.filter((p) => p.status === 'proposed');
  const decided = list.data.filter((p) => p.status !== 'proposed');

  const confirmWithdraw = async (p: ProposalItem) => {
    const ok = await Dialog.confirm({
      content: (
        <div data-testid="withdraw-confirm">
          {t('points.m.field.withdrawAsk', { rule: bi(p.ruleName, i18n.language), name: p.target.name ?? '' })}
        </div>
      ),
      confirmText: <span data-testid="withdraw-ok">{t('points.m.field.withdraw')}</span>,
      cancelText: t('points.m.field.keep'),
    });
    if (!ok) return;
    try {
      await withdraw(village, p.id);
      toast({ icon: 'success', content: t('points.m.field.withdrawn') });
    } catch (e) {
      toast({ icon: 'fail', content: errorText(e) });
    }
    await qc.invalidateQueries({ queryKey: pk.all });
  };

  return (
    <>
      <div className="wg-m-title">{t('points.m.field.waitingTitle', { n: waiting.length })}</div>
      {waiting.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.field.noneWaiting')}</div>
      ) : (
        <List className="wg-m-list" data-testid="proposals-waiting">
          {waiting.map((p) => (
            <List.Item key={p.id}>
              <Proposal p={p} onWithdraw={confirmWithdraw} />
            </List.Item>
          ))}
        </List>
      )}
      <div className="wg-m-title">{t('points.m.field.decidedTitle')}</div>
      {decided.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.field.noneDecided')}</div>
      ) : (
        <List className="wg-m-list" data-testid="proposals-decided">
          {decided.map((p) => (
            <List.Item key={p.id}>
              <Proposal p={p} />
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
