/**
 * Proposing points under a rule, for a household or for one's own work: pick the rule (only those
 * one's post may propose), say why, add a photo. The request carries a client-made id made once
 * per proposal, so a retry on a weak signal records it once.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clientId } from '../../api/client';
import { pk } from '../../api/keys';
import { getRules } from '../../api/points';
import type { Me, PointsAccountKind, ProposeBody, Rule, WrittenEntry } from '../../api/types';
import { bi, signed } from '../../console/points/text';
import { Field, Loading, LoadError, PhotoPicker, SendPending, useRetrySend } from '../common';
import type { ProposePayload } from '../outboxSenders';

type Target = ProposeBody['target'];

export function ProposeForm({
  me,
  village,
  target,
  kind,
}: {
  me: Me;
  village: string;
  target: Target;
  kind: PointsAccountKind;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: pk.rules(village), queryFn: () => getRules(village) });
  const [ruleCode, setRuleCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One id per proposal: kept across retries, renewed after success or when the user starts over.
  const [id, setId] = useState(clientId);
  // Saved on the phone first (photo included), then sent; a retry sends the same request.
  const send = useRetrySend<ProposePayload, WrittenEntry>('points.propose', {
    success: (r) => (r.status === 'proposed' ? t('points.m.proposed') : t('points.m.proposedEffective')),
    onDone: () => {
      setRuleCode(null);
      setReason('');
      setFile(null);
      setId(clientId());
      void qc.invalidateQueries({ queryKey: pk.all });
    },
  });

  if (rules.isLoading) return <Loading />;
  if (rules.error || !rules.data) return <LoadError error={rules.error} onRetry={() => rules.refetch()} />;
  const mine = rules.data.filter(
    (r) => r.active && r.accountKind === kind && r.proposers.some((p) => me.roles.includes(p)),
  );
  const rule: Rule | undefined = mine.find((r) => r.code === ruleCode);
  const locked = send.sending || send.pending;

  const submit = () => {
    if (!rule) return setError(t('points.m.pickRule'));
    if (!reason.trim()) return setError(t('points.m.needReason'));
    if (rule.evidenceRequired && !file) return setError(t('points.m.needPhoto'));
    setError(null);
    void send.run({ village, id, ruleCode: rule.code, target, reason: reason.trim(), file });
  };

  if (mine.length === 0) return <div className="wg-m-card wg-m-muted">{t('points.m.noRules')}</div>;

  return (
    <div className="wg-m-card" data-testid="propose-form">
      <div>
        <Field label={<b style={{ fontSize: 17 }}>{t('points.m.rule')}</b>}>
          <Selector
            data-testid="rule-picker"
            columns={1}
            disabled={locked}
            value={ruleCode ? [ruleCode] : []}
            onChange={(v) => {
              const code = v[0] ?? null;
              setRuleCode(code);
              setError(null);
              const r = mine.find((x) => x.code === code);
              if (r && !reason.trim()) setReason(bi(r.name, i18n.language));
            }}
            options={mine.map((r) => ({
              value: r.code,
              label: (
                <span style={{ fontSize: 17 }} data-testid={`rule-${r.code}`}>
                  {r.code} {bi(r.name, i18n.language)}{' '}
                  <b>
                    {r.entryKind === 'redline'
                      ? t('points.kind.redline')
                      : signed((r.entryKind === 'deduction' ? -1 : 1) * r.points)}
                  </b>
                </span>
              ),
              description: [
                r.evidenceRequired ? t('points.m.photoRequired') : null,
                r.needsReview ? t('points.m.needsReview') : t('points.m.noReview'),
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
            style={{ '--padding': '12px 14px' }}
          />
        </Field>
        <Field label={<b style={{ fontSize: 17 }}>{t('points.m.reason')}</b>}>
          <TextArea
            data-testid="reason-input"
            value={reason}
            onChange={setReason}
            disabled={locked}
            placeholder={t('points.m.reasonPlaceholder')}
            rows={3}
            maxLength={500}
            showCount
          />
        </Field>
        <Field
          label={
            <b style={{ fontSize: 17 }}>
              {rule?.evidenceRequired ? t('points.m.photoNeeded') : t('points.m.photoOptional')}
            </b>
          }
        >
          <PhotoPicker
            file={file}
            onChange={(f) => {
              setFile(f);
              setError(null);
            }}
          />
        </Field>
      </div>
      {error && (
        <div style={{ color: '#b7312c', margin: '8px 0' }} data-testid="form-error">
          {error}
        </div>
      )}
      <SendPending send={send} onDiscard={() => setId(clientId())} />
      {!send.pending && (
        <Button
          block
          color="primary"
          size="large"
          loading={send.sending}
          loadingText={t('points.m.sending')}
          onClick={submit}
          data-testid="propose-submit"
          style={{ marginTop: 8, height: 52 }}
        >
          {t('points.m.submitProposal')}
        </Button>
      )}
    </div>
  );
}
