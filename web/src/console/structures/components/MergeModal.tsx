/** Merge other grids into this one. */
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { mergeGrids } from '../../../api/structures';
import type { TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { GridSelect } from './GridSelect';
import type { EditorContext } from './editorContext';

interface Values {
  others: string[];
  name?: string;
}

export function MergeModal({
  ctx,
  grid,
  onClose,
}: {
  ctx: EditorContext;
  grid: TreeNode;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const merge = useApiMutation(
    (v: Values) =>
      mergeGrids(ctx.village, ctx.structureId, { nodeIds: [grid.id, ...v.others], name: v.name?.trim() || undefined }),
    {
      success: (n) => t('editor.msg.merged', { code: n.code }),
      invalidate: ctx.changed,
      onSuccess: () => onClose(true),
    },
  );
  return (
    <Modal
      open
      title={`${t('editor.action.merge')} · ${grid.code} ${grid.name}`}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: merge.isPending }}
    >
      <Alert
        type="info"
        showIcon
        title={t('editor.form.mergeHint', { code: grid.code })}
        style={{ marginBottom: 12 }}
      />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => merge.mutate(v)}>
        <Form.Item
          name="others"
          label={t('editor.form.mergeWith')}
          rules={[{ required: true, message: t('editor.form.required') }]}
        >
          <GridSelect nodes={ctx.nodes} exclude={[grid.id]} multiple />
        </Form.Item>
        <Form.Item name="name" label={t('editor.form.mergeName')} rules={[{ max: 100 }]}>
          <Input placeholder={grid.name} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
