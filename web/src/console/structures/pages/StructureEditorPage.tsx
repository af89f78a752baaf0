/**
 * The structure editor: tree on the left, the selected node on the right, the violations panel
 * refreshed after every change, Activate and Discard. Active and retired structures are read-only.
 */
import type { ButtonProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, Popconfirm, Row } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { can, useMe } from '../../../api/auth';
import { keys } from '../../../api/keys';
import { getOverview } from '../../../api/registry';
import { discardDraft, getTree } from '../../../api/structures';
import type { Violation } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useGridHouseholds } from '../useGridHouseholds';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { ActivateButton } from '../components/ActivateButton';
import type { EditorContext } from '../components/editorContext';
import { NodePanel } from '../components/NodePanel';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { StructureTreeView } from '../components/StructureTreeView';
import { StructureStatusTag } from '../../components/Tags';
import { ViolationsPanel } from '../components/ViolationsPanel';

export default function StructureEditorPage() {
  const { t } = useTranslation();
  const { structureId = '' } = useParams();
  const { village } = useVillage();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('node');
  const [filter, setFilter] = useState('');
  const me = useMe();

  const tree = useQuery({ queryKey: keys.tree(village, structureId), queryFn: () => getTree(village, structureId) });
  const overview = useQuery({ queryKey: keys.overview(village), queryFn: () => getOverview(village) });
  const status = tree.data?.structure.status;
  const hasActive = !!overview.data?.activeStructure;
  const grids = useGridHouseholds(village, structureId, status === 'active', hasActive && !!status);
  const discard = useApiMutation(() => discardDraft(village, structureId), {
    success: t('structures.discarded'),
    invalidate: [
      ['structures', village],
      ['overview', village],
    ],
    onSuccess: () => navigate('/console/structures'),
  });

  const ctx = useMemo<EditorContext>(
    () => ({
      village,
      structureId,
      nodes: tree.data?.nodes ?? [],
      changed: [
        ['tree', village, structureId],
        ['validation', village, structureId],
        ['diff', village],
        ['structures', village],
        ['overview', village],
      ],
      select: (id) => setParams(id ? { node: id } : {}, { replace: true }),
    }),
    [village, structureId, tree.data, setParams],
  );

  if (tree.isLoading) return <PageLoading />;
  if (tree.error || !tree.data) return <QueryError error={tree.error} onRetry={() => tree.refetch()} />;
  const { structure, nodes } = tree.data;
  const mayWrite = can(me.data, 'structure.write');
  const readOnly = structure.status !== 'draft' || !mayWrite;
  const selected = nodes.find((n) => n.id === selectedId) ?? null;
  const pick = (v: Violation) => v.nodeId && nodes.some((n) => n.id === v.nodeId) && ctx.select(v.nodeId);

  const treeCard = (
    <Card
      size="small"
      title={t('overview.tree')}
      styles={{ body: { maxHeight: phone ? '50vh' : 'calc(100vh - 230px)', overflow: 'auto' } }}
    >
      <Input.Search
        allowClear
        placeholder={t('editor.searchTree')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        style={{ marginBottom: 8 }}
        data-testid="tree-filter"
      />
      <StructureTreeView
        nodes={nodes}
        filter={filter}
        showUnits={structure.coverage === 'all'}
        selectedId={selectedId}
        onSelect={(n) => ctx.select(n.id)}
        compact
        expandDepth={phone ? 1 : 3}
      />
    </Card>
  );

  return (
    <>
      <PageTitle
        title={
          <span>
            <span data-testid="structure-name">{structure.name}</span> <StructureStatusTag status={structure.status} />
          </span>
        }
        sub={`${t(`coverage.${structure.coverage}`)} · ${t('structures.size')} ${structure.sizeMin}–${structure.sizeMax}`}
        extra={
          <>
            <Button onClick={() => navigate('/console/structures')}>{t('common.back')}</Button>
            {!readOnly && (
              <Popconfirm
                title={t('structures.discardConfirm', { name: structure.name })}
                onConfirm={() => discard.mutate()}
                okButtonProps={{ danger: true, 'data-testid': 'discard-confirm' } as ButtonProps}
              >
                <Button danger loading={discard.isPending} data-testid="discard">
                  {t('editor.discard')}
                </Button>
              </Popconfirm>
            )}
            {!readOnly && (
              <ActivateButton village={village} structureId={structure.id} onActivated={() => navigate('/console')} />
            )}
          </>
        }
      />
      {structure.status !== 'draft' && (
        <Alert
          type="info"
          showIcon
          title={t('editor.readOnly', { status: t(`structureStatus.${structure.status}`) })}
          style={{ marginBottom: 12 }}
          data-testid="read-only"
        />
      )}
      <Row gutter={[16, 16]}>
        {phone && (
          <Col xs={24}>
            <ViolationsPanel village={village} structureId={structure.id} onPick={pick} />
          </Col>
        )}
        <Col xs={24} lg={10} xl={9}>
          {treeCard}
        </Col>
        <Col xs={24} lg={14} xl={15}>
          {!phone && (
            <div style={{ marginBottom: 16 }}>
              <ViolationsPanel village={village} structureId={structure.id} onPick={pick} />
            </div>
          )}
          {selected ? (
            <NodePanel
              ctx={ctx}
              node={selected}
              readOnly={readOnly}
              households={grids.byCode.get(selected.code) ?? []}
              householdsLoading={grids.isLoading}
            />
          ) : (
            <Card size="small">
              <Empty description={t('editor.selectNode')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
