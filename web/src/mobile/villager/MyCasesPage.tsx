/**
 * My objections and reports (我的异议与举报), together, each with its outcome in plain words: the
 * evaluator's ruling, my appeal and the chief's ruling on it; a ruled objection can be appealed
 * to the chief once from here.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Button, List, Popup, Tag, TextArea } from 'antd-mobile';
import { toast } from '../toast';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { pk } from '../../api/keys';
import { appealObjection } from '../../api/points';
import type { ObjectionItem, ObjectionStatus, Report, ReportStatus } from '../../api/types';
import { formatDate } from '../../lib/format';
import { bi } from '../../console/points/text';
import { Amount, LoadError, Loading } from '../common';
import { useMyCases } from './useMyCases';

const objectionColor: Record<ObjectionStatus, string> = {
  open: 'warning',
  upheld: 'default',
  overturned: 'success',
  appealed: '#1677ff',
  appeal_upheld: 'default',
  appeal_overturned: 'success',
};
const reportColor: Record<ReportStatus, string> = { open: 'warning', substantiated: 'danger', unfounded: 'default' };

function StateTag({ color, children, testId }: { color: string; children: ReactNode; testId: string }) {
  return (
    <Tag color={color} fill="outline" style={{ fontSize: 14, padding: '2px 6px' }} data-testid={testId}>
      {children}
    </Tag>
  );
}

/** A ruling given: what was decided (in words) and the ruling as written. */
function Outcome({ text, ruling, label }: { text: string; ruling?: string | null; label: string }) {
  return (
    <div className="wg-m-note" style={{ background: '#f6ffed', color: '#135200' }} data-testid="case-outcome">
      <div>{text}</div>
      {ruling && (
        <div>
          {label}
          {ruling}
        </div>
      )}
    </div>
  );
}

function ObjectionCase({ o, onAppeal }: { o: ObjectionItem; onAppeal: (o: ObjectionItem) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const e = o.entry;
  const who =
    e.owner.kind === 'member'
      ? t('points.m.board.member', { name: e.owner.name ?? '' })
      : t('points.m.board.household', { number: e.owner.name ?? '' });
  const ruled = o.status !== 'open';
  // The evaluator's decision: while appealed, the entry still shows it (overturned, or kept).
  const first =
    o.status === 'upheld' || o.status === 'overturned'
      ? o.status
      : o.status === 'appealed'
        ? e.status === 'overturned'
          ? 'overturned'
          : 'upheld'
        : null;
  return (
    <div
      data-testid="my-objection"
      data-objection={o.id}
      data-about-me={o.aboutMe && !o.mine ? 1 : undefined}
      style={{ padding: '4px 0' }}
    >
      <div className="wg-m-row">
        <div style={{ flex: 1, minWidth: 0, fontWeight: 600 }}>
          {who} · {bi(e.ruleName, lang)}
        </div>
        <div style={{ fontSize: 20, whiteSpace: 'nowrap' }}>
          <Amount n={e.effective} />
        </div>
      </div>
      <div style={{ color: '#444' }}>
        {t(o.mine ? 'points.m.cases.myObjection' : 'points.m.cases.objectionAboutMe')}
        {o.reason}
      </div>
      <div className="wg-m-muted">
        {formatDate(o.createdAt, lang)} ·{' '}
        <StateTag color={objectionColor[o.status]} testId={`objection-${o.status}`}>
          {t(`points.objection.${o.status}`)}
        </StateTag>
      </div>
      {!ruled && <div className="wg-m-muted">{t('points.m.cases.objectionWaiting')}</div>}
      {ruled && (
        <Outcome
          text={first ? t(`points.m.cases.${first}`) : t('points.m.cases.evaluatorRuled')}
          ruling={o.ruling}
          label={t('points.m.cases.ruling')}
        />
      )}
      {o.appealReason && (
        <div style={{ color: '#444', marginTop: 4 }}>
          {t(o.mine ? 'points.m.cases.myAppeal' : 'points.m.cases.appealLabel')}
          {o.appealReason}
        </div>
      )}
      {o.status === 'appealed' && <div className="wg-m-muted">{t('points.m.cases.appealWaiting')}</div>}
      {(o.status === 'appeal_upheld' || o.status === 'appeal_overturned') && (
        <Outcome
          text={t(o.status === 'appeal_upheld' ? 'points.m.cases.appealUpheld' : 'points.m.cases.appealOverturned')}
          ruling={o.appealRuling}
          label={t('points.m.cases.chiefRuling')}
        />
      )}
      {(o.status === 'upheld' || o.status === 'overturned') && (
        <Button
          size="middle"
          fill="outline"
          style={{ marginTop: 8 }}
          onClick={() => onAppeal(o)}
          data-testid="appeal-button"
        >
          {t('points.m.cases.appeal')}
        </Button>
      )}
    </div>
  );
}

function ReportCase({ r }: { r: Report }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="my-report" style={{ padding: '4px 0' }}>
      <div style={{ fontWeight: 600 }}>{t('points.m.cases.reportOn', { name: r.subjectName })}</div>
      <div style={{ color: '#444' }}>{r.description}</div>
      <div className="wg-m-muted">
        {formatDate(r.createdAt, i18n.language)} ·{' '}
        <StateTag color={reportColor[r.status]} testId={`report-${r.status}`}>
          {t(`points.report.${r.status}`)}
        </StateTag>
      </div>
      {r.ruling ? (
        <Outcome
          text={t(r.status === 'substantiated' ? 'points.m.cases.substantiated' : 'points.m.cases.unfounded')}
          ruling={r.ruling}
          label={t('points.m.report.ruling')}
        />
      ) : (
        <div className="wg-m-muted">{t('points.m.report.waiting')}</div>
      )}
    </div>
  );
}

function AppealPopup({ village, o, onClose }: { village: string; o: ObjectionItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!o || !reason.trim()) return;
    setBusy(true);
    try {
      await appealObjection(village, o.id, reason.trim());
      toast({ icon: 'success', content: t('points.m.cases.appealed') });
      setReason('');
      onClose();
      await qc.invalidateQueries({ queryKey: pk.all });
    } catch (e) {
      toast({ icon: 'fail', content: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popup
      visible={!!o}
      onMaskClick={() => !busy && onClose()}
      bodyStyle={{ borderTopLeftRadius: 16, borderTopRightRadius: 16, padding: 16, boxSizing: 'border-box' }}
    >
      <div data-testid="appeal-popup">
        <div style={{ fontSize: 19, fontWeight: 700, marginBottom: 8 }}>{t('points.m.cases.appealTitle')}</div>
        <div className="wg-m-muted" style={{ marginBottom: 8 }}>
          {t('points.m.cases.appealHint')}
        </div>
        <TextArea
          data-testid="appeal-reason"
          value={reason}
          onChange={setReason}
          placeholder={t('points.m.cases.appealPlaceholder')}
          rows={4}
          maxLength={500}
          style={{ border: '1px solid #ddd', borderRadius: 8, padding: 8, boxSizing: 'border-box', width: '100%' }}
        />
        <div style={{ display: 'flex', gap: 12, marginTop: 12 }}>
          <Button size="large" style={{ flex: 1 }} onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button
            size="large"
            style={{ flex: 1 }}
            color="primary"
            loading={busy}
            disabled={!reason.trim()}
            onClick={submit}
            data-testid="appeal-submit"
          >
            {t('points.m.cases.appealSubmit')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

export function MyCasesPage({ village }: { village: string }) {
  const { t } = useTranslation();
  const { objections, reports } = useMyCases(village);
  const [appealing, setAppealing] = useState<ObjectionItem | null>(null);
  return (
    <>
      <div className="wg-m-card wg-m-muted" style={{ fontSize: 16 }}>
        {t('points.m.cases.hint')}
      </div>
      <div className="wg-m-title">{t('points.m.cases.objections')}</div>
      {objections.isLoading ? (
        <Loading />
      ) : objections.error || !objections.data ? (
        <LoadError error={objections.error} onRetry={() => objections.refetch()} />
      ) : objections.data.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.cases.noObjections')}</div>
      ) : (
        <List className="wg-m-list" data-testid="my-objections">
          {objections.data.map((o) => (
            <List.Item key={o.id}>
              <ObjectionCase o={o} onAppeal={setAppealing} />
            </List.Item>
          ))}
        </List>
      )}
      <div className="wg-m-title">{t('points.m.report.mine')}</div>
      {reports.isLoading ? (
        <Loading />
      ) : reports.error || !reports.data ? (
        <LoadError error={reports.error} onRetry={() => reports.refetch()} />
      ) : reports.data.length === 0 ? (
        <div className="wg-m-card wg-m-muted">{t('points.m.report.none')}</div>
      ) : (
        <List className="wg-m-list" data-testid="my-reports">
          {reports.data.map((r) => (
            <List.Item key={r.id}>
              <ReportCase r={r} />
            </List.Item>
          ))}
        </List>
      )}
      <AppealPopup village={village} o={appealing} onClose={() => setAppealing(null)} />
    </>
  );
}
