/** An issued password (new account or reset), shown once, with a printable note for the person. */
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import { PrintArea, printNow } from './PrintArea';

export interface Issued {
  name: string;
  /** Full when just created; masked after a reset. */
  login: string;
  password: string;
}

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

export function IssuedPasswordModal({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('access.accounts.issuedTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button icon={<PrinterOutlined />} onClick={printNow} data-testid="print-note">
            {t('access.accounts.print')}
          </Button>
          <Button type="primary" onClick={onClose} data-testid="issued-close">
            {t('common.close')}
          </Button>
        </Flex>
      }
    >
      <Alert type="warning" showIcon title={t('access.accounts.issuedOnce')} style={{ marginBottom: 16 }} />
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('access.accounts.name')}>{issued.name}</Descriptions.Item>
        <Descriptions.Item label={t('access.accounts.login')}>{issued.login}</Descriptions.Item>
        <Descriptions.Item label={t('access.accounts.notePassword')}>
          <Typography.Text
            strong
            copyable={{ text: issued.password }}
            data-testid="issued-password"
            style={{ ...mono, fontSize: 28, letterSpacing: 3, color: '#b7312c' }}
          >
            {issued.password}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <PrintArea>
        <PasswordNote issued={issued} />
      </PrintArea>
    </Modal>
  );
}

/** The printed note, in Chinese (the village's language). */
function PasswordNote({ issued }: { issued: Issued }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT('zh-CN');
  const url = window.location.origin;
  const cell = { padding: '4px 12px 4px 0', textAlign: 'left' as const, verticalAlign: 'top' as const };
  return (
    <div
      data-testid="password-note"
      style={{
        border: '2px dashed #999',
        borderRadius: 8,
        padding: '16px 20px',
        maxWidth: 520,
        color: '#000',
        background: '#fff',
        fontSize: 15,
        lineHeight: 1.6,
      }}
    >
      <div style={{ fontSize: 20, fontWeight: 700, textAlign: 'center', marginBottom: 8 }}>
        {t('access.accounts.noteTitle')}
      </div>
      <table style={{ borderCollapse: 'collapse' }}>
        <tbody>
          <tr>
            <th style={{ ...cell, fontWeight: 'normal', color: '#555' }}>{t('access.accounts.noteName')}</th>
            <td style={cell}>{issued.name}</td>
          </tr>
          <tr>
            <th style={{ ...cell, fontWeight: 'normal', color: '#555' }}>{t('access.accounts.noteLogin')}</th>
            <td style={cell}>{issued.login}</td>
          </tr>
          <tr>
            <th style={{ ...cell, fontWeight: 'normal', color: '#555' }}>{t('access.accounts.notePassword')}</th>
            <td style={{ ...cell, ...mono, fontSize: 28, fontWeight: 700, letterSpacing: 3 }}>{issued.password}</td>
          </tr>
        </tbody>
      </table>
      <p style={{ margin: '8px 0' }}>{t('access.accounts.noteSteps', { url })}</p>
      <div style={{ fontSize: 13, color: '#555' }}>
        {t('access.accounts.noteIssued', { date: formatDate(Date.now(), 'zh-CN') })}
      </div>
    </div>
  );
}
