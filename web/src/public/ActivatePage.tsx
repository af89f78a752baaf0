/**
 * Villager activation (public): the one-time code from the grid member, a phone number, a name
 * and a password. The server signs the villager in (cookie); they land on their household's phone app.
 */
import { KeyOutlined, LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { activate } from '../api/access';
import { ApiError, errorText } from '../api/client';
import { meKey } from '../api/keys';
import { cleanPhone, phonePattern, strongPassword } from '../console/access/validate';
import { LangSwitch } from '../console/components/LangSwitch';
import { go, landingOf } from '../lib/home';
import { useVillage } from '../lib/village';

interface Values {
  code: string;
  phone: string;
  name: string;
  password: string;
  confirm: string;
}

const fields = ['code', 'phone', 'name', 'password'] as const;

export default function ActivatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const { setVillage } = useVillage();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await activate({
        code: v.code.trim().toUpperCase(),
        phone: cleanPhone(v.phone),
        name: v.name.trim(),
        password: v.password,
      });
      qc.clear();
      qc.setQueryData(meKey, me);
      if (me.village) setVillage(me.village.code);
      void message.success(t('access.activate.welcome'));
      go(landingOf(me), navigate);
    } catch (e) {
      setError(e);
      // The server names the field at fault: mark it too.
      if (e instanceof ApiError && (fields as readonly string[]).includes(e.field ?? ''))
        form.setFields([{ name: e.field as (typeof fields)[number], errors: [e.text()] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 16, boxSizing: 'border-box' }}>
      <Card style={{ width: '100%', maxWidth: 420 }} data-testid="activate">
        <Flex justify="space-between" align="flex-start" gap={8} style={{ marginBottom: 8 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0, color: '#b7312c' }}>
              {t('access.activate.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.title')}</Typography.Text>
          </div>
          <LangSwitch />
        </Flex>
        <Typography.Paragraph style={{ marginTop: 8 }}>{t('access.activate.intro')}</Typography.Paragraph>
        {error != null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error)}
            style={{ marginBottom: 16 }}
            data-testid="activate-error"
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          initialValues={{ code: params.get('code') ?? '' }}
        >
          <Form.Item
            name="code"
            label={t('access.activate.code')}
            rules={[{ required: true, whitespace: true, message: t('auth.required') }]}
            normalize={(v: string) => v.toUpperCase()}
          >
            <Input
              prefix={<KeyOutlined />}
              placeholder={t('access.activate.codePlaceholder')}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              maxLength={20}
              style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', letterSpacing: 2 }}
              data-testid="activate-code"
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('access.activate.phone')}
            rules={[
              {
                validator: (_, v?: string) =>
                  v && phonePattern.test(cleanPhone(v))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('access.activate.phoneFormat'))),
              },
            ]}
          >
            <Input prefix={<MobileOutlined />} inputMode="tel" autoComplete="tel" data-testid="activate-phone" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('access.activate.name')}
            rules={[{ required: true, whitespace: true, max: 50, message: t('auth.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="name" maxLength={50} data-testid="activate-name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('access.activate.password')}
            rules={[
              {
                validator: (_, v?: string) =>
                  strongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('access.activate.weak'))),
              },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="activate-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('access.activate.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('auth.required') },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="activate-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="activate-submit">
            {t('access.activate.submit')}
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Link to="/sign-in" data-testid="to-sign-in">
            {t('access.activate.haveAccount')}
          </Link>
        </Flex>
      </Card>
    </Flex>
  );
}
