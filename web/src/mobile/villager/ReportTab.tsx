/**
 * Reporting a grid member (群众举报): the subject is my household's grid member (the household page
 * names them); what happened, a photo if any; and the outcome of my reports. The grid member never
 * learns who reported.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, List, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { fileReport, getReports, pk, uploadEvidence, type ReportStatus } from '../../console/points/api';
import { LoadError, Loading, PhotoPicker, shrinkPhoto } from '../common';

interface MyHousehold {
  household: { number: string };
  grid: { code: string; name: string } | null;
  /** Villagers get their grid members with person ids (the subject of a report). */
  gridMembers?: { personId: string; name: string }[];
  responsible?: { role: string; name: string; personId: string }[];
}

const statusColor: Record<ReportStatus, string> = { open: 'warning', substantiated: 'danger', unfounded: 'default' };

export function ReportTab({ village, householdId }: { village: string; householdId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const hh = useQuery({ queryKey: ['m-my-household', village, householdId], queryFn: () => api<MyHousehold>(`/villages/${encodeURIComponent(village)}/households/${encodeURIComponent(householdId)}`) });
  const reports = useQuery({ queryKey: pk.reports(village), queryFn: () => getReports(village) });
  const [subject, setSubject] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  if (hh.isLoading) return <Loading />;
  if (hh.error || !hh.data) return <LoadError error={hh.error} onRetry={() => hh.refetch()} />;
  const members = hh.data.gridMembers ?? (hh.data.responsible ?? []).filter((r) => r.role === 'gridMember');
  const chosen = subject ?? (members.length === 1 ? members[0].personId : null);

  const submit = async () => {
    if (!chosen || !text.trim()) return;
    setBusy(true);
    try {
      const evidence = file ? [(await uploadEvidence(village, await shrinkPhoto(file), file.name || 'photo.jpg')).ref] : [];
      await fileReport(village, { subjectPersonId: chosen, description: text.trim(), evidence });
      Toast.show({ icon: 'success', content: t('points.m.report.filed') });
      setText('');
      setFile(null);
      await qc.invalidateQueries({ queryKey: pk.reports(village) });
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="wg-m-card wg-m-muted" style={{ fontSize: 16 }}>
        {t('points.m.report.hint')}
      </div>
      <div className="wg-m-card" data-testid="report-form">
        {members.length === 0 ? (
          <div className="wg-m-muted">{t('points.m.report.noMember')}</div>
        ) : (
          <Form layout="vertical" style={{ '--border-top': 'none', '--border-bottom': 'none' }}>
            <Form.Item label={<b style={{ fontSize: 17 }}>{t('points.m.report.subject', { grid: hh.data.grid?.name ?? '' })}</b>}>
              <Selector
                data-testid="report-subject"
                columns={2}
                value={chosen ? [chosen] : []}
                onChange={(v) => setSubject(v[0] ?? null)}
                options={members.map((m) => ({ value: m.personId, label: <span style={{ fontSize: 17 }}>{m.name}</span> }))}
              />
            </Form.Item>
            <Form.Item label={<b style={{ fontSize: 17 }}>{t('points.m.report.what')}</b>}>
              <TextArea data-testid="report-text" value={text} onChange={setText} placeholder={t('points.m.report.placeholder')} rows={4} maxLength={1000} showCount />
            </Form.Item>
            <Form.Item label={<b style={{ fontSize: 17 }}>{t('points.m.photoOptional')}</b>}>
              <PhotoPicker file={file} onChange={setFile} testId="report-photo" />
            </Form.Item>
          </Form>
        )}
        <Button block color="primary" size="large" loading={busy} disabled={!chosen || !text.trim()} onClick={submit} data-testid="report-submit" style={{ height: 52 }}>
          {t('points.m.report.submit')}
        </Button>
      </div>
      <div className="wg-m-title">{t('points.m.report.mine')}</div>
      {reports.isLoading ? (
        <Loading />
      ) : reports.error || !reports.data ? (
        <LoadError error={reports.error} onRetry={() => reports.refetch()} />
      ) : reports.data.filter((r) => r.mine).length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.report.none')}</div>
      ) : (
        <List className="wg-m-list" data-testid="my-reports">
          {reports.data
            .filter((r) => r.mine)
            .map((r) => (
              <List.Item key={r.id} data-testid="my-report">
                <div>
                  {r.subjectName}{' '}
                  <Tag color={statusColor[r.status]} fill="outline" style={{ fontSize: 14 }}>
                    {t(`points.report.${r.status}`)}
                  </Tag>
                </div>
                <div style={{ color: '#444' }}>{r.description}</div>
                <div className="wg-m-muted">{formatDate(r.createdAt, i18n.language)}</div>
                {r.ruling ? (
                  <div className="wg-m-note" style={{ background: '#f6ffed', color: '#135200' }}>
                    {t('points.m.report.ruling')}
                    {r.ruling}
                  </div>
                ) : (
                  <div className="wg-m-muted">{t('points.m.report.waiting')}</div>
                )}
              </List.Item>
            ))}
        </List>
      )}
    </>
  );
}
