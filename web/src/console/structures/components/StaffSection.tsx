/** The posts on a node: replace or remove their holders, appoint someone (drafts only). */
import { Button, Empty, Flex, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endPost } from '../../../api/structures';
import type { StaffEntry, TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { AppointModal } from './AppointModal';
import type { EditorContext } from './editorContext';
import { StaffTag } from '../../components/StaffTag';

export function StaffSection({ ctx, node, readOnly }: { ctx: EditorContext; node: TreeNode; readOnly: boolean }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<{ replacing?: StaffEntry } | null>(null);
  const end = useApiMutation((postId: string) => endPost(ctx.village, ctx.structureId, postId), {
    success: t('editor.msg.ended'),
    invalidate: [...ctx.changed, ['people']],
  });
  return (
    <div data-testid="staff-section">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('editor.staff')}</Typography.Text>
        {!readOnly && (
          <Button size="small" onClick={() => setDialog({})} data-testid="appoint">
            {t('editor.action.appoint')}
          </Button>
        )}
      </Flex>
      {node.staff.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noStaff')} style={{ margin: 8 }} />
      )}
      <Flex vertical gap={6}>
        {node.staff.map((s) => (
          <Flex key={s.postId} justify="space-between" align="center" wrap gap={4}>
            <span>
              <StaffTag role={s.role} name={s.name} partyMember={s.partyMember} />
              {s.phone && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.phone}
                </Typography.Text>
              )}
              {s.dutyTags.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  · {s.dutyTags.join(t('common.listSep'))}
                </Typography.Text>
              )}
            </span>
            {!readOnly && (
              <Flex gap={4}>
                <Button size="small" type="link" onClick={() => setDialog({ replacing: s })}>
                  {t('editor.action.replace')}
                </Button>
                <Popconfirm
                  title={t('editor.form.endConfirm', { name: s.name, role: t(`role.${s.role}`) })}
                  onConfirm={() => end.mutate(s.postId)}
                >
                  <Button size="small" type="link" danger>
                    {t('editor.action.end')}
                  </Button>
                </Popconfirm>
              </Flex>
            )}
          </Flex>
        ))}
      </Flex>
      {dialog && <AppointModal ctx={ctx} node={node} replacing={dialog.replacing} onClose={() => setDialog(null)} />}
    </div>
  );
}
