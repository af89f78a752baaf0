/**
 * The paper slip handed to a household (elderly villagers often have no SMS): village, household,
 * the code, its expiry and the steps — always in Chinese, the villagers' language.
 */
import { useTranslation } from 'react-i18next';
import type { ActivationCode } from '../../../api/types';
import { formatDate } from '../../../lib/format';

export function ActivationSlip({ data }: { data: ActivationCode }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT('zh-CN');
  const url = `${window.location.origin}/activate`;
  const steps = t('access.activation.slipSteps', { returnObjects: true, url }) as unknown as string[];
  const row = (label: string, value: string, big = false) => (
    <tr>
      <th
        style={{
          width: '1%',
          textAlign: 'left',
          fontWeight: 'normal',
          padding: '4px 16px 4px 0',
          whiteSpace: 'nowrap',
          verticalAlign: 'top',
          color: '#555',
        }}
      >
        {label}
      </th>
      <td
        style={{
          padding: '4px 0',
          fontSize: big ? 30 : 16,
          fontWeight: big ? 700 : 500,
          letterSpacing: big ? 3 : undefined,
          fontFamily: big ? 'ui-monospace, Menlo, Consolas, monospace' : undefined,
        }}
      >
        {value}
      </td>
    </tr>
  );
  return (
    <div
      data-testid="activation-slip"
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
        {data.village.name} · {t('access.activation.slipTitle')}
      </div>
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <tbody>
          {row(t('access.activation.slipVillage'), data.village.name)}
          {row(t('access.activation.slipHousehold'), data.household.number)}
          {row(t('access.activation.slipAddress'), data.household.address)}
          {row(t('access.activation.slipCode'), data.code, true)}
          {row(t('access.activation.slipExpires'), formatDate(data.expiresAt, 'zh-CN', true))}
        </tbody>
      </table>
      <div style={{ fontWeight: 700, marginTop: 12 }}>{t('access.activation.slipStepsTitle')}</div>
      <ol style={{ margin: '4px 0 8px', paddingInlineStart: 22 }}>
        {steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <div style={{ fontSize: 13, color: '#555' }}>{t('access.activation.slipFoot')}</div>
    </div>
  );
}
