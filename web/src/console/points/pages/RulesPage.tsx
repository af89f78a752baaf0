/**
 * The rule catalogue (积分细则): add an item, or revise one — a revision is a new version; entries
 * already made keep pointing at the version they were made under, so the past never changes.
 */
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pk } from '../../../api/keys';
import { createRule, getRules, reviseRule } from '../../../api/points';
import type { ProposerRole, Role, Rule, RuleBody, RuleEntryKind } from '../../../api/types';
import { isEnglish } from '../../../lib/lang';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { RuleHistory } from '../components/RuleHistory';
import { bi, ruleAmount, ruleConditions } from '../text';

const proposerRoles: ProposerRole[] = ['gridMember', 'gridLeader', 'subLeader', 'branchLeader', 'chief', 'evaluator'];
const entryKinds: RuleEntryKind[] = ['positive', 'bonus', 'deduction', 'redline'];

interface Values extends Omit<RuleBody, 'name' | 'proposers'> {
  nameZh: string;
  nameEn?: string;
  /** As the rule lists them (an imported rule may name a reserve, whom the form does not offer). */
  proposers: Rule['proposers'];
}

function splitName(name: string) {
  const m = / ?\/ /.exec(name);
  return m
    ? { nameZh: name.slice(0, m.index), nameEn: name.slice(m.index + m[0].length) }
    : { nameZh: name, nameEn: '' };
}

function RuleModal({ village, rule, onClose }: { village: string; rule: Rule | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const entryKind = Form.useWatch('entryKind', form);
  const isNew = rule === 'new';
  const save = useApiMutation(
    (v: Values) => {
      const { nameZh, nameEn, ...rest } = v;
      const body = {
        ...rest,
        proposers: rest.proposers.filter((r): r is ProposerRole => r !== 'reserve'),
        name: nameEn?.trim() ? `${nameZh.trim()} / ${nameEn.trim()}` : nameZh.trim(),
        points: v.entryKind === 'redline' ? 0 : v.points,
        periodLimit: v.periodLimit ?? null,
      };
      if (isNew) return createRule(village, body);
      const { code: _c, ...revision } = body;
      return reviseRule(village, rule.code, revision);
    },
    {
      success: (r) =>
        isNew
          ? t('points.rules.created', { code: r.code })
          : t('points.rules.revised', { code: r.code, version: r.version }),
      invalidate: [pk.rules(village)],
      onSuccess: onClose,
    },
  );
  const initial: Partial<Values> =
    rule === 'new'
      ? {
          accountKind: 'household',
          entryKind: 'positive',
          points: 5,
          evidenceRequired: false,
          periodLimit: null,
          proposers: ['gridMember'],
          needsReview: true,
          needsPublication: true,
          active: true,
        }
      : { ...rule, ...splitName(rule.name) };
  return (
    <Modal
      open
      width={640}
      title={isNew ? t('points.rules.add') : t('points.rules.reviseTitle', { code: rule.code, version: rule.version })}
      okText={isNew ? t('points.rules.add') : t('points.rules.saveVersion')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'rule-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {!isNew && <Alert type="info" showIcon title={t('points.rules.versionNote')} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        requiredMark={false}
      >
        <Space wrap size={12} style={{ width: '100%' }}>
          <Form.Item
            name="code"
            label={t('points.rules.code')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_-]+$/, message: t('points.rules.codeRule') }]}
          >
            <Input disabled={!isNew} style={{ width: 120 }} data-testid="rule-code" />
          </Form.Item>
          <Form.Item name="accountKind" label={t('points.rules.accountKind')}>
            <Select
              style={{ width: 140 }}
              disabled={!isNew}
              options={(['household', 'member'] as const).map((k) => ({ value: k, label: t(`points.account.${k}`) }))}
              data-testid="rule-account-kind"
            />
          </Form.Item>
          <Form.Item name="entryKind" label={t('points.rules.entryKind')}>
            <Select
              style={{ width: 140 }}
              options={entryKinds.map((k) => ({ value: k, label: t(`points.kind.${k}`) }))}
              data-testid="rule-entry-kind"
            />
          </Form.Item>
          {entryKind !== 'redline' && (
            <Form.Item name="points" label={t('points.rules.points')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} style={{ width: 100 }} data-testid="rule-points" />
            </Form.Item>
          )}
        </Space>
        <Form.Item
          name="nameZh"
          label={t('points.rules.nameZh')}
          rules={[{ required: true, whitespace: true, message: t('auth.required') }]}
        >
          <Input maxLength={60} data-testid="rule-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('points.rules.nameEn')}>
          <Input maxLength={60} data-testid="rule-name-en" />
        </Form.Item>
        <Form.Item
          name="proposers"
          label={t('points.rules.proposers')}
          rules={[{ required: true, message: t('auth.required') }]}
        >
          <Checkbox.Group options={proposerRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Space wrap size={24}>
          <Form.Item name="periodLimit" label={t('points.rules.periodLimit')}>
            <InputNumber min={1} max={10000} placeholder={t('points.rules.noLimit')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="evidenceRequired" label={t('points.rules.evidenceRequired')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="needsReview" label={t('points.rules.needsReview')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="needsPublication" label={t('points.rules.needsPublication')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="active" label={t('points.rules.active')} valuePropName="checked">
            <Switch data-testid="rule-active" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export default function RulesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { village } = useVillage();
  const phone = useIsPhone();
  const rules = useQuery({ queryKey: pk.rules(village), queryFn: () => getRules(village) });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  if (rules.isLoading) return <PageLoading />;
  if (rules.error || !rules.data) return <QueryError error={rules.error} onRetry={() => rules.refetch()} />;
  return (
    <>
      <PageTitle
        title={t('points.rules.title')}
        sub={t('points.rules.sub')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-add">
            {t('points.rules.add')}
          </Button>
        }
      />
      <Table<Rule>
        data-testid="rules-table"
        rowKey="id"
        size="small"
        dataSource={rules.data}
        pagination={false}
        scroll={{ x: 1000 }}
        rowClassName={(r) => (r.active ? '' : 'wg-rule-inactive')}
        columns={[
          { title: t('points.rules.code'), dataIndex: 'code', width: 72, fixed: phone ? undefined : 'left' },
          {
            title: t('points.rules.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <>
                {bi(name, lang)} {!r.active && <Tag>{t('points.rules.inactive')}</Tag>}
                {isEnglish(lang) ? null : (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {splitName(name).nameEn}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('points.rules.accountKind'),
            dataIndex: 'accountKind',
            width: 90,
            render: (k: Rule['accountKind']) => t(`points.account.${k}`),
          },
          {
            title: t('points.rules.entryKind'),
            dataIndex: 'entryKind',
            width: 96,
            render: (k: RuleEntryKind) => (
              <Tag color={k === 'deduction' || k === 'redline' ? 'red' : k === 'bonus' ? 'gold' : 'green'}>
                {t(`points.kind.${k}`)}
              </Tag>
            ),
          },
          {
            title: t('points.rules.points'),
            width: 72,
            align: 'right',
            render: (_: unknown, r) => ruleAmount(r) ?? t('points.rules.zeroes'),
          },
          {
            title: t('points.rules.proposers'),
            dataIndex: 'proposers',
            render: (ps: Role[]) => ps.map((p) => t(`role.${p}`)).join(t('common.listSep')),
          },
          {
            title: t('points.rules.conditions'),
            width: 200,
            render: (_: unknown, r) => ruleConditions(r, t),
          },
          { title: t('points.rules.version'), dataIndex: 'version', width: 64, render: (v: number) => `v${v}` },
          {
            title: t('common.actions'),
            width: 140,
            fixed: phone ? undefined : 'right',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(r)} data-testid={`revise-${r.code}`}>
                  {t('points.rules.revise')}
                </Button>
                <Button size="small" type="link" onClick={() => setHistory(r.code)} data-testid={`history-${r.code}`}>
                  {t('points.rules.history')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('points.rules.versionNote')}
      </Typography.Paragraph>
      <style>{'.wg-rule-inactive td { color: #999; }'}</style>
      {editing && <RuleModal village={village} rule={editing} onClose={() => setEditing(null)} />}
      <RuleHistory village={village} code={history} onClose={() => setHistory(null)} />
    </>
  );
}
