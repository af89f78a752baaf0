/** Split the selected households off into a new grid next to this one. */
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { splitGrid } from '../../../api/structures';
import type { TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import type { EditorContext } from './editorContext';

interface Values {
  name: string;
  code?: string;
}

export function SplitModal({
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
  const [form] = Form.useForm<Values>();
  const split = useApiMutation(
    (v: Values) =>
      splitGrid(ctx.village, ctx.structureId, {
        nodeId: grid.id,
        householdIds,
        name: v.name.trim(),
        code: v.code?.trim() || undefined,
      }),
    {
      success: (n) => t('editor.msg.split', { code: n.code }),
      invalidate: ctx.changed,
      onSuccess: (n) => {
        onClose(true);
        ctx.select(n.id);
      },
    },
  );
  return (
    <Modal
      open
      title={`${t('editor.action.split')} · ${grid.code} · ${t('editor.selected', { n: householdIds.length })}`}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: split.isPending }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => split.mutate(v)}
        initialValues={{ name: `${grid.name}（二）` }}
      >
        <Form.Item
          name="name"
          label={t('editor.form.newGridName')}
          rules={[{ required: true, whitespace: true, message: t('editor.form.required') }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('editor.form.code')} rules={[{ pattern: /^[A-Za-z0-9_-]{1,32}$/ }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
