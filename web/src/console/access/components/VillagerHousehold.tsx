/**
 * A villager's own household (GET …/households/:id answers them without the staff-only fields:
 * no tags, history or chain, but their grid member's full phone number so they can call).
 */
import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Gender, OwnHouseholdPage, Relation } from '../../../api/types';
import { PageTitle } from '../../components/PageTitle';

const mono = { fontFamily: 'monospace' };

export function VillagerHousehold({ data }: { data: OwnHouseholdPage }) {
  const { t } = useTranslation();
  const { household: h, residents, grid, gridMembers } = data;
  const head = residents.find((r) => r.relation === 'head');
  return (
    <>
      <PageTitle
        title={`${h.number} · ${head ? t('access.villager.family', { name: head.name }) : t('access.villager.title')}`}
        sub={h.address}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('access.villager.grid')} size="small" data-testid="villager-grid">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('household.currentGrid')}>
                {grid ? (
                  <Typography.Text strong data-testid="current-grid">
                    {grid.code} {grid.name}
                  </Typography.Text>
                ) : (
                  t('household.noGrid')
                )}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary">{t('access.villager.membersHint')}</Typography.Text>
            <Flex vertical gap={8} style={{ marginTop: 8 }}>
              {gridMembers.length === 0 && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('household.noMembers')} />
              )}
              {gridMembers.map((m) => (
                <Flex
                  key={m.personId}
                  justify="space-between"
                  align="center"
                  gap={8}
                  wrap
                  data-testid="villager-grid-member"
                >
                  <span>
                    <Typography.Text type="secondary">{t('role.gridMember')} </Typography.Text>
                    <Typography.Text strong>{m.name}</Typography.Text>
                    {m.phone && <Typography.Text style={{ ...mono, marginInlineStart: 8 }}>{m.phone}</Typography.Text>}
                  </span>
                  {m.phone && (
                    <Button size="small" icon={<PhoneOutlined />} href={`tel:${m.phone}`}>
                      {t('access.villager.call')}
                    </Button>
                  )}
                </Flex>
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title={`${t('household.residents')} · ${residents.length}`}
            size="small"
            extra={<Typography.Text type="secondary">{t('household.masked')}</Typography.Text>}
          >
            <Table
              data-testid="residents-table"
              rowKey="id"
              size="small"
              dataSource={residents}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('household.noResidents') }}
              columns={[
                { title: t('household.col.name'), dataIndex: 'name' },
                {
                  title: t('household.col.relation'),
                  dataIndex: 'relation',
                  render: (r: Relation) => t(`relation.${r}`),
                },
                {
                  title: t('household.col.gender'),
                  dataIndex: 'gender',
                  render: (g: Gender | null) => (g ? t(`gender.${g}`) : '—'),
                },
                { title: t('household.col.birthDate'), dataIndex: 'birthDate' },
                {
                  title: t('household.col.idNumber'),
                  dataIndex: 'idNumber',
                  render: (v: string) => (
                    <span style={mono} data-testid="id-number">
                      {v}
                    </span>
                  ),
                },
                {
                  title: t('household.col.phone'),
                  dataIndex: 'phone',
                  render: (v: string | null) => <span style={mono}>{v ?? '—'}</span>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
