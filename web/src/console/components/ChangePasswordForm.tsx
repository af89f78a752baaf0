/** Change the password (required after signing in with an issued one). */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../../api/auth';
import { meKey } from '../../api/keys';
import { useApiMutation } from '../../lib/useApiMutation';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const change = useApiMutation((v: Values) => changePassword(v.currentPassword, v.newPassword), {
    success: t('auth.changed'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: meKey }),
  });
  return (
    <Flex justify="center" style={{ padding: 16 }}>
      <Card title={t('auth.changePassword')} style={{ width: '100%', maxWidth: 420 }}>
        <Alert type="warning" showIcon title={t('auth.mustChange')} style={{ marginBottom: 16 }} />
        <Form<Values> layout="vertical" onFinish={(v) => change.mutate(v)} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('auth.currentPassword')}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('auth.newPassword')}
            rules={[{ required: true, min: 8, message: t('auth.newPassword') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('auth.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.required') },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('auth.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('auth.changePassword')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
