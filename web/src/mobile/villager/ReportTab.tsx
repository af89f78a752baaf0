/**
 * Reporting a grid member (群众举报): the subject is my household's grid member (the household page
 * names them); what happened, a photo if any. The report carries a client-made id made once per
 * report, so a retry on a weak signal files it once; its outcome is in "my objections and reports".
 * The grid member never learns who reported.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { clientId } from '../../api/client';
import { pk } from '../../api/keys';
import { getHousehold, isOwnHousehold } from '../../api/registry';
import { Field, LoadError, Loading, PhotoPicker, SendPending, useRetrySend } from '../common';
import type { ReportPayload } from '../outboxSenders';
import { CasesLink, casesPath } from './CasesLink';

export function ReportTab({ village, householdId }: { village: string; householdId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const hh = useQuery({
    queryKey: ['m-my-household', village, householdId],
    queryFn: () => getHousehold(village, householdId),
  });
  const [subject, setSubject] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // One id per report: kept across retries, renewed after success or when the user starts over.
  const [id, setId] = useState(clientId);
  const send = useRetrySend<ReportPayload, unknown>('points.report', {
    success: () => t('points.m.report.filed'),
    onDone: () => {
      setText('');
      setFile(null);
      setId(clientId());
      void qc.invalidateQueries({ queryKey: pk.all });
      navigate(casesPath);
    },
  });
  if (hh.isLoading) return <Loading />;
  if (hh.error || !hh.data) return <LoadError error={hh.error} onRetry={() => hh.refetch()} />;
  // Villagers get their grid members with person ids (the subject of a report).
  const members = isOwnHousehold(hh.data)
    ? hh.data.gridMembers
    : hh.data.responsible.filter((r) => r.role === 'gridMember');
  const chosen = subject ?? (members.length === 1 ? members[0].personId : null);
  const locked = send.sending || send.pending;

  return (
    <>
      <CasesLink village={village} />
      <div className="wg-m-card wg-m-muted" style={{ fontSize: 16 }}>
        {t('points.m.report.hint')}
      </div>
      <div className="wg-m-card" data-testid="report-form">
        {members.length === 0 ? (
          <div className="wg-m-muted">{t('points.m.report.noMember')}</div>
        ) : (
          <div>
            <Field
              label={<b style={{ fontSize: 17 }}>{t('points.m.report.subject', { grid: hh.data.grid?.name ?? '' })}</b>}
            >
              <Selector
                data-testid="report-subject"
                columns={2}
                disabled={locked}
                value={chosen ? [chosen] : []}
                onChange={(v) => setSubject(v[0] ?? null)}
                options={members.map((m) => ({
                  value: m.personId,
                  label: <span style={{ fontSize: 17 }}>{m.name}</span>,
                }))}
              />
            </Field>
            <Field label={<b style={{ fontSize: 17 }}>{t('points.m.report.what')}</b>}>
              <TextArea
                data-testid="report-text"
                value={text}
                onChange={setText}
                disabled={locked}
                placeholder={t('points.m.report.placeholder')}
                rows={4}
                maxLength={1000}
                showCount
              />
            </Field>
            <Field label={<b style={{ fontSize: 17 }}>{t('points.m.photoOptional')}</b>}>
              <PhotoPicker file={file} onChange={setFile} testId="report-photo" />
            </Field>
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
            disabled={!chosen || !text.trim()}
            onClick={() => {
              if (chosen) void send.run({ village, id, subjectPersonId: chosen, description: text.trim(), file });
            }}
            data-testid="report-submit"
            style={{ height: 52 }}
          >
            {t('points.m.report.submit')}
          </Button>
        )}
      </div>
    </>
  );
}
