/** Change my password; the server then signs out my other devices. */
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../../../api/auth';
import { ApiError } from '../../../api/client';
import { accessKeys } from '../../../api/keys';
import { useApiMutation } from '../../../lib/useApiMutation';
import { strongPassword } from '../validate';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const change = useApiMutation((v: Values) => changePassword(v.currentPassword, v.newPassword), {
    success: t('access.account.changed'),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: accessKeys.sessions });
    },
    onError: (err) => {
      // The server names the field at fault: show its message there.
      if (err instanceof ApiError && err.field) {
        const name = err.field === 'password' ? 'newPassword' : err.field;
        if (name === 'currentPassword' || name === 'newPassword') {
          form.setFields([{ name, errors: [err.text()] }]);
          return true;
        }
      }
    },
  });
  return (
    <Card title={t('access.account.password')} size="small" data-testid="password-card">
      <Typography.Paragraph type="secondary">{t('access.account.passwordHint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => change.mutate(v)}
        requiredMark={false}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('auth.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          rules={[
            {
              validator: (_, v?: string) =>
                strongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('access.activate.weak'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('auth.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password">
          {t('auth.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
