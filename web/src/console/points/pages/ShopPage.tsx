/**
 * The points shop (积分超市) from the village's side: goods (add, change the price, restock,
 * take off the shelf and put back — goods taken off stay listed for them, greyed) for the chief
 * and the evaluator; redemptions waiting for pick-up, which
 * staff confirm when the household collects the goods.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../api/auth';
import { pk } from '../../../api/keys';
import { confirmPickup, createItem, getItems, getPickups, updateItem } from '../../../api/points';
import type { Redemption, ShopItem } from '../../../api/types';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { bi } from '../text';

type Edit = { mode: 'new' } | { mode: 'price' | 'stock'; item: ShopItem };

function ItemModal({ village, edit, onClose }: { village: string; edit: Edit; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ nameZh: string; nameEn?: string; price: number; stock: number; addStock: number }>();
  const save = useApiMutation(
    (v: { nameZh: string; nameEn?: string; price: number; stock: number; addStock: number }) =>
      edit.mode === 'new'
        ? createItem(village, {
            name: v.nameEn?.trim() ? `${v.nameZh.trim()} / ${v.nameEn.trim()}` : v.nameZh.trim(),
            price: v.price,
            stock: v.stock,
          })
        : edit.mode === 'price'
          ? updateItem(village, edit.item.id, { price: v.price })
          : updateItem(village, edit.item.id, { addStock: v.addStock }),
    { success: t('common.done'), invalidate: [pk.items(village)], onSuccess: onClose },
  );
  const title =
    edit.mode === 'new'
      ? t('points.shop.add')
      : `${bi(edit.item.name, i18n.language)} · ${edit.mode === 'price' ? t('points.shop.changePrice') : t('points.shop.restock')}`;
  return (
    <Modal
      open
      title={title}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'item-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={edit.mode === 'new' ? { price: 10, stock: 50 } : { price: edit.item.price, addStock: 10 }}
        onFinish={(v) => save.mutate(v)}
      >
        {edit.mode === 'new' && (
          <>
            <Form.Item
              name="nameZh"
              label={t('points.shop.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('auth.required') }]}
            >
              <Input maxLength={50} data-testid="item-name" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('points.shop.nameEn')}>
              <Input maxLength={45} />
            </Form.Item>
          </>
        )}
        {(edit.mode === 'new' || edit.mode === 'price') && (
          <Form.Item name="price" label={t('points.shop.price')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} suffix={t('points.shop.pointsUnit')} data-testid="item-price" />
          </Form.Item>
        )}
        {edit.mode === 'new' && (
          <Form.Item name="stock" label={t('points.shop.stock')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000000} data-testid="item-stock" />
          </Form.Item>
        )}
        {edit.mode === 'stock' && (
          <Form.Item
            name="addStock"
            label={t('points.shop.addStock', { n: edit.item.stock })}
            rules={[{ required: true }]}
            extra={t('points.shop.addStockHint')}
          >
            <InputNumber min={-edit.item.stock} max={1000000} data-testid="item-add-stock" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export default function ShopPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { village } = useVillage();
  const phone = useIsPhone();
  const me = useMe();
  const manage = can(me.data, 'points.manage');
  // Managers also see the goods taken off the shelf (?all=1), after those on it.
  const items = useQuery({
    queryKey: [...pk.items(village), manage ? 'all' : 'active'],
    queryFn: () => getItems(village, manage),
    select: (list) => [...list].sort((a, b) => Number(b.active) - Number(a.active)),
  });
  const pickups = useQuery({ queryKey: pk.pickups(village), queryFn: () => getPickups(village) });
  const [edit, setEdit] = useState<Edit | null>(null);
  const shelve = useApiMutation(
    (v: { id: string; active: boolean }) => updateItem(village, v.id, { active: v.active }),
    {
      success: (_r, v) => (v.active ? t('points.shop.reactivated') : t('points.shop.deactivated')),
      invalidate: [pk.items(village)],
    },
  );
  const pickup = useApiMutation((id: string) => confirmPickup(village, id), {
    success: t('points.shop.pickedUp'),
    invalidate: [pk.pickups(village), pk.items(village)],
  });

  if (items.isLoading) return <PageLoading />;
  if (items.error || !items.data) return <QueryError error={items.error} onRetry={() => items.refetch()} />;
  return (
    <>
      <PageTitle
        title={t('points.shop.title')}
        sub={t('points.shop.sub')}
        extra={
          manage && (
            <Button type="primary" onClick={() => setEdit({ mode: 'new' })} data-testid="item-add">
              {t('points.shop.add')}
            </Button>
          )
        }
      />
      <Card size="small" title={t('points.shop.pickups')} style={{ marginBottom: 16 }}>
        {pickups.error ? (
          <QueryError error={pickups.error} onRetry={() => pickups.refetch()} />
        ) : (
          <Table<Redemption>
            data-testid="pickups-table"
            size="small"
            rowKey="id"
            loading={pickups.isLoading}
            dataSource={pickups.data ?? []}
            scroll={{ x: phone ? 520 : undefined }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('points.shop.noPickups') }}
            columns={[
              { title: t('points.shop.household'), dataIndex: 'householdNumber', width: 110 },
              { title: t('points.shop.item'), dataIndex: 'itemName', render: (n: string) => bi(n, lang) },
              { title: t('points.shop.price'), dataIndex: 'price', width: 80, align: 'right' },
              {
                title: t('points.shop.redeemedAt'),
                dataIndex: 'createdAt',
                width: 150,
                render: (d: number) => formatDate(d, lang, true),
              },
              {
                title: t('common.actions'),
                width: 110,
                render: (_: unknown, r) => (
                  <Popconfirm
                    title={t('points.shop.pickupAsk', { number: r.householdNumber ?? '', item: bi(r.itemName, lang) })}
                    onConfirm={() => pickup.mutate(r.id)}
                  >
                    <Button size="small" type="primary" data-testid="pickup">
                      {t('points.shop.confirmPickup')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('points.shop.goods')}>
        <Table<ShopItem>
          data-testid="items-table"
          size="small"
          rowKey="id"
          dataSource={items.data}
          pagination={false}
          rowClassName={(r) => (r.active ? '' : 'wg-item-inactive')}
          scroll={{ x: phone ? 560 : undefined }}
          columns={[
            {
              title: t('points.shop.item'),
              dataIndex: 'name',
              render: (n: string, r) =>
                r.active ? (
                  bi(n, lang)
                ) : (
                  <>
                    {bi(n, lang)} <Tag data-testid="item-inactive">{t('points.shop.offShelf')}</Tag>
                  </>
                ),
            },
            {
              title: t('points.shop.price'),
              dataIndex: 'price',
              width: 90,
              align: 'right',
              render: (p: number) => t('points.shop.priceN', { n: p }),
            },
            { title: t('points.shop.stock'), dataIndex: 'stock', width: 80, align: 'right' },
            ...(manage
              ? [
                  {
                    title: t('common.actions'),
                    width: 220,
                    render: (_: unknown, r: ShopItem) => (
                      <Space size={4} wrap>
                        <Button
                          size="small"
                          onClick={() => setEdit({ mode: 'price', item: r })}
                          data-testid="item-price-edit"
                        >
                          {t('points.shop.changePrice')}
                        </Button>
                        <Button
                          size="small"
                          onClick={() => setEdit({ mode: 'stock', item: r })}
                          data-testid="item-restock"
                        >
                          {t('points.shop.restock')}
                        </Button>
                        {r.active ? (
                          <Popconfirm
                            title={t('points.shop.deactivateAsk')}
                            onConfirm={() => shelve.mutate({ id: r.id, active: false })}
                          >
                            <Button size="small" danger data-testid="item-deactivate">
                              {t('points.shop.deactivate')}
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Button
                            size="small"
                            type="primary"
                            ghost
                            loading={shelve.isPending && shelve.variables?.id === r.id}
                            onClick={() => shelve.mutate({ id: r.id, active: true })}
                            data-testid="item-reactivate"
                          >
                            {t('points.shop.reactivate')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('points.shop.note')}
        </Typography.Text>
      </Card>
      <style>{'.wg-item-inactive td { color: #999; }'}</style>
      {edit && <ItemModal village={village} edit={edit} onClose={() => setEdit(null)} />}
    </>
  );
}
