/**
 * On a household's page, for those who may issue codes (grid staff): issue a one-time activation
 * code, optionally also by SMS, show it large with its expiry, and print a slip for the household.
 */
import { KeyOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueActivationCode } from '../../../api/access';
import { can, useMe } from '../../../api/auth';
import type { ActivationCode, Household } from '../../../api/types';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useVillage } from '../../../lib/village';
import { cleanPhone, phonePattern } from '../validate';
import { ActivationSlip } from './ActivationSlip';
import { PrintArea, printNow } from './PrintArea';

export function ActivationCodeButton({ household }: { household: Pick<Household, 'id' | 'kind'> }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const [open, setOpen] = useState(false);
  if (!can(me, 'activation.issue') || household.kind !== 'household') return null;
  return (
    <>
      <Button icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="issue-activation">
        {t('access.activation.button')}
      </Button>
      {open && <ActivationCodeModal householdId={household.id} onClose={() => setOpen(false)} />}
    </>
  );
}

function ActivationCodeModal({ householdId, onClose }: { householdId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { village } = useVillage();
  const [issued, setIssued] = useState<(ActivationCode & { phone?: string }) | null>(null);
  const issue = useApiMutation((phone: string | undefined) => issueActivationCode(village, householdId, phone), {
    onSuccess: (r, phone) => setIssued({ ...r, phone }),
  });

  return (
    <Modal
      open
      title={t('access.activation.title')}
      onCancel={onClose}
      maskClosable={!issued}
      destroyOnHidden
      footer={
        issued ? (
          <Flex gap={8} justify="flex-end" wrap>
            <Button icon={<PrinterOutlined />} onClick={printNow} data-testid="print-slip">
              {t('access.activation.print')}
            </Button>
            <Button type="primary" onClick={onClose} data-testid="activation-done">
              {t('access.activation.done')}
            </Button>
          </Flex>
        ) : null
      }
    >
      {!issued ? (
        <Form<{ phone?: string }>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => issue.mutate(v.phone ? cleanPhone(v.phone) : undefined)}
        >
          <Typography.Paragraph>{t('access.activation.intro')}</Typography.Paragraph>
          <Alert type="info" showIcon title={t('access.activation.replaces')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="phone"
            label={t('access.activation.phone')}
            extra={t('access.activation.phoneHint')}
            rules={[
              {
                validator: (_, v?: string) =>
                  !v || phonePattern.test(cleanPhone(v))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('access.activate.phoneFormat'))),
              },
            ]}
          >
            <Input
              inputMode="tel"
              placeholder={t('access.activation.phonePlaceholder')}
              data-testid="activation-phone"
              allowClear
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={issue.isPending} data-testid="activation-issue">
            {t('access.activation.issue')}
          </Button>
        </Form>
      ) : (
        <Flex vertical align="center" gap={4} style={{ padding: '8px 0' }}>
          <Typography.Text type="secondary">
            {issued.household.number} · {issued.household.address}
          </Typography.Text>
          <Typography.Text type="secondary">{t('access.activation.code')}</Typography.Text>
          <Typography.Text
            strong
            copyable={{ text: issued.code }}
            data-testid="activation-code"
            style={{
              fontSize: 36,
              letterSpacing: 4,
              fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
              color: '#b7312c',
            }}
          >
            {issued.code}
          </Typography.Text>
          <Typography.Text data-testid="activation-expires">
            {t('access.activation.expires', { date: formatDate(issued.expiresAt, i18n.language, true) })}
          </Typography.Text>
          {issued.phone && (
            <Alert
              type="success"
              showIcon
              title={t('access.activation.smsSent', { phone: issued.phone })}
              style={{ marginTop: 8 }}
            />
          )}
          <PrintArea>
            <ActivationSlip data={issued} />
          </PrintArea>
        </Flex>
      )}
    </Modal>
  );
}
