/** Grid structures: list with status, new draft from the active one, discard, and diff. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can, useMe } from '../../../api/auth';
import { keys } from '../../../api/keys';
import { discardDraft, listStructures } from '../../../api/structures';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { CreateDraftModal } from '../components/CreateDraftModal';
import { DiffPicker } from '../components/DiffPicker';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { StructureList } from '../components/StructureList';

export default function StructuresPage() {
  const { t } = useTranslation();
  const { village } = useVillage();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const [creating, setCreating] = useState(false);
  const mayWrite = can(useMe().data, 'structure.write');
  const list = useQuery({ queryKey: keys.structures(village), queryFn: () => listStructures(village) });
  const discard = useApiMutation((id: string) => discardDraft(village, id), {
    success: t('structures.discarded'),
    invalidate: [
      ['structures', village],
      ['overview', village],
    ],
  });

  if (list.isLoading) return <PageLoading />;
  if (list.error || !list.data) return <QueryError error={list.error} onRetry={() => list.refetch()} />;
  const active = list.data.find((s) => s.status === 'active');
  // Active first, then drafts (newest first, as the server sends them), then history.
  const rank = { active: 0, draft: 1, retired: 2 } as const;
  const items = [...list.data].sort((a, b) => rank[a.status] - rank[b.status]);

  return (
    <>
      <PageTitle
        title={t('structures.title')}
        extra={
          mayWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!active}
              title={active ? undefined : t('structures.noActive')}
              onClick={() => setCreating(true)}
              data-testid="new-draft"
            >
              {t('structures.newDraft')}
            </Button>
          )
        }
      />
      <StructureList
        items={items}
        phone={phone}
        mayWrite={mayWrite}
        onOpen={(s) => navigate(`/console/structures/${s.id}`)}
        onDiscard={(s) => discard.mutate(s.id)}
        discarding={discard.isPending}
      />
      <Card title={t('structures.diff')} size="small" style={{ marginTop: 16 }}>
        <DiffPicker key={items.map((s) => s.id).join()} structures={items} phone={phone} />
      </Card>
      <CreateDraftModal
        open={creating}
        activeName={active?.name ?? ''}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          navigate(`/console/structures/${s.id}`);
        }}
      />
    </>
  );
}
