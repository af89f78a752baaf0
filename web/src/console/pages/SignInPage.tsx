/** Sign in with phone number and password; then back to where the user was going, or where their work is. */
import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/auth';
import { errorText } from '../../api/client';
import { meKey } from '../../api/keys';
import type { Me } from '../../api/types';
import { go, landingOf } from '../../lib/home';
import { useVillage } from '../../lib/village';
import { LangSwitch } from '../components/LangSwitch';

interface Values {
  login: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const { setVillage } = useVillage();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me: Me = await signIn(v.login.trim(), v.password);
      qc.clear();
      qc.setQueryData(meKey, me);
      if (me.village) setVillage(me.village.code);
      go(next && (next.startsWith('/console') || next.startsWith('/m')) ? next : landingOf(me), navigate);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 16, boxSizing: 'border-box' }}>
      <Card style={{ width: '100%', maxWidth: 380 }} data-testid="sign-in">
        <Flex justify="space-between" align="flex-start" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0, color: '#b7312c' }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.welcome')}</Typography.Text>
          </div>
          <LangSwitch />
        </Flex>
        {error != null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error)}
            style={{ marginBottom: 16 }}
            data-testid="sign-in-error"
          />
        )}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="login"
            label={t('auth.login')}
            rules={[{ required: true, whitespace: true, message: t('auth.required') }]}
          >
            <Input prefix={<MobileOutlined />} inputMode="tel" autoComplete="username" data-testid="login" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
            {t('auth.submit')}
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Link to="/activate" data-testid="to-activate">
            {t('access.activate.link')}
          </Link>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('auth.hint')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
