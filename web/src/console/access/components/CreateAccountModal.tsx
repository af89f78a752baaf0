/**
 * Create a sign-in for a registry staff member who has none yet. Their phone number is the login;
 * for someone without one in the registry the chief types it here (it is recorded on the person).
 */
import { useQuery } from '@tanstack/react-query';
import { Empty, Form, Input, Modal, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createAccount } from '../../../api/access';
import { accessKeys, keys } from '../../../api/keys';
import { listPeople } from '../../../api/registry';
import type { IssuedPassword, Person } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useVillage } from '../../../lib/village';
import { QueryError } from '../../components/QueryError';

export function CreateAccountModal({
  taken,
  onClose,
  onCreated,
}: {
  taken: Set<string>;
  onClose: () => void;
  onCreated: (r: IssuedPassword) => void;
}) {
  const { t } = useTranslation();
  const { village } = useVillage();
  const [form] = Form.useForm<{ personId: string; phone?: string }>();
  const picked = Form.useWatch('personId', form);
  const people = useQuery({ queryKey: keys.people(village, {}), queryFn: () => listPeople(village, {}) });
  const create = useApiMutation(
    (v: { personId: string; phone?: string }) => createAccount(village, v.personId, v.phone),
    { invalidate: [accessKeys.accounts(village)], onSuccess: onCreated },
  );
  const candidates = (people.data ?? []).filter((p) => !taken.has(p.id));
  const option = (p: Person) => ({
    value: p.id,
    label:
      [p.name, ...new Set(p.posts.map((x) => `${t(`role.${x.role}`)} ${x.nodeCode}`))].join(' · ') +
      (p.phone ? ` · ${p.phone}` : ` · ${t('access.accounts.noPhone')}`),
  });
  return (
    <Modal
      open
      title={t('access.accounts.createTitle')}
      onCancel={onClose}
      okText={t('access.accounts.createOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: candidates.length === 0, 'data-testid': 'create-account-ok' }}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('access.accounts.createHint')}</Typography.Paragraph>
      {people.error ? (
        <QueryError error={people.error} onRetry={() => people.refetch()} />
      ) : people.isLoading ? (
        <Spin />
      ) : candidates.length === 0 ? (
        <Empty description={t('access.accounts.noCandidates')} data-testid="no-candidates" />
      ) : (
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => create.mutate(v)}>
          <Form.Item
            name="personId"
            label={t('access.accounts.person')}
            rules={[{ required: true, message: t('access.accounts.pickPerson') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('access.accounts.pickPerson')}
              options={candidates.map(option)}
              data-testid="create-account-person"
            />
          </Form.Item>
          {picked && !candidates.find((p) => p.id === picked)?.phone && (
            <Form.Item
              name="phone"
              label={t('access.accounts.phone')}
              extra={t('access.accounts.phoneHint')}
              rules={[
                {
                  required: true,
                  pattern: /^(\+?86)?[\s-]*1[3-9](\d[\s-]*){9}$/,
                  message: t('access.accounts.phoneInvalid'),
                },
              ]}
            >
              <Input inputMode="tel" autoComplete="off" placeholder="13800000000" data-testid="create-account-phone" />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
