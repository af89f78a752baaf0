/** Add a child node, or rename a node (name and code). */
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { addNode, updateNode } from '../../../api/structures';
import type { AddNodeBody, NodeKind, TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import type { EditorContext } from './editorContext';

/** The kinds of node an editor adds (the server's request schema). */
type ChildKind = AddNodeBody['kind'];
interface Values {
  kind?: ChildKind;
  name: string;
  code?: string;
}

const childKinds: Record<NodeKind, ChildKind[]> = {
  root: ['zone', 'patch', 'grid'],
  zone: ['patch', 'grid'],
  patch: ['grid'],
  grid: [],
};

export function NodeFormModal({
  ctx,
  node,
  mode,
  onClose,
}: {
  ctx: EditorContext;
  node: TreeNode;
  mode: 'add' | 'rename';
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useApiMutation(
    (v: Values) =>
      mode === 'add'
        ? addNode(ctx.village, ctx.structureId, {
            parentId: node.id,
            kind: v.kind!,
            name: v.name.trim(),
            code: v.code?.trim() || undefined,
          })
        : updateNode(ctx.village, ctx.structureId, node.id, {
            name: v.name.trim(),
            code: v.code?.trim() && v.code.trim() !== node.code ? v.code.trim() : undefined,
          }),
    {
      success: (n) => (mode === 'add' ? t('editor.msg.added', { code: n.code }) : t('editor.msg.renamed')),
      invalidate: ctx.changed,
      onSuccess: (n) => {
        onClose(true);
        ctx.select(n.id);
      },
    },
  );
  const kinds = childKinds[node.kind];
  return (
    <Modal
      open
      title={
        mode === 'add'
          ? `${t('editor.action.addChild')} · ${node.code} ${node.name}`
          : `${t('editor.action.rename')} · ${node.code}`
      }
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={
          mode === 'add' ? { kind: kinds[kinds.length - 1], name: '' } : { name: node.name, code: node.code }
        }
      >
        {mode === 'add' && (
          <Form.Item name="kind" label={t('editor.form.kind')} rules={[{ required: true }]}>
            <Select options={kinds.map((k) => ({ value: k, label: t(`nodeKind.${k}`) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('editor.form.name')}
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
