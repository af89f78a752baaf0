/** Who answers for a household: grid member → grid leader → branch leader → general grid leader. */
import { ArrowDownOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Responsible, Role } from '../../../api/types';
import { RoleTag } from '../../components/StaffTag';

export function ResponsibilityChain({ chain, vertical }: { chain: Responsible[]; vertical?: boolean }) {
  const { t } = useTranslation();
  if (!chain.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('household.noGrid')} />;
  return (
    <Flex
      vertical={vertical}
      align={vertical ? 'stretch' : 'center'}
      gap={8}
      wrap={!vertical}
      data-testid="responsibility-chain"
    >
      {chain.map((r, i) => (
        <Fragment key={`${r.personId}-${r.role}-${r.nodeCode}`}>
          {i > 0 && (
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {vertical ? <ArrowDownOutlined /> : <ArrowRightOutlined />}
            </Typography.Text>
          )}
          <Card size="small" styles={{ body: { padding: '6px 12px' } }}>
            {/* The server types the role as text (registry/households.ts); it is a post's role. */}
            <RoleTag role={r.role as Role} />
            <Typography.Text strong>{r.name}</Typography.Text>
            {r.phone && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {r.phone}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.nodeCode} {r.nodeName}
            </Typography.Text>
          </Card>
        </Fragment>
      ))}
    </Flex>
  );
}
