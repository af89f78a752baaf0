/** Move the selected households to another grid of the draft. */
import type { ButtonProps } from 'antd';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { moveHouseholds } from '../../../api/structures';
import type { TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { GridSelect } from './GridSelect';
import type { EditorContext } from './editorContext';

export function MoveModal({
  ctx,
  grid,
  householdIds,
  onClose,
}: {
  ctx: EditorContext;
  grid: TreeNode;
  householdIds: string[];
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ toNodeId: string }>();
  const move = useApiMutation(
    (toNodeId: string) => moveHouseholds(ctx.village, ctx.structureId, { householdIds, toNodeId }),
    {
      success: (r) => t('editor.msg.moved', { n: r.moved }),
      invalidate: ctx.changed,
      onSuccess: () => onClose(true),
    },
  );
  return (
    <Modal
      open
      title={`${t('editor.action.move')} · ${t('editor.selected', { n: householdIds.length })}`}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: move.isPending, 'data-testid': 'move-ok' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v.toNodeId)}>
        <Form.Item
          name="toNodeId"
          label={t('editor.form.targetGrid')}
          rules={[{ required: true, message: t('editor.form.required') }]}
        >
          <GridSelect nodes={ctx.nodes} exclude={[grid.id]} testId="move-target" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
