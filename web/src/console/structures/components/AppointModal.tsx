/** Appoint someone to a node (role fitting the node's kind), or replace a post's holder. */
import { Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { appoint, replacePost } from '../../../api/structures';
import type { NodeKind, Role, StaffEntry, TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import type { EditorContext } from './editorContext';
import { PersonSelect } from './PersonSelect';

/** Which roles a node of each kind takes (server: structures/rules.ts leaderRoles, plus root-only roles). */
export const rolesFor: Record<NodeKind, Role[]> = {
  root: ['chief', 'evaluator', 'reserve'],
  zone: ['branchLeader', 'subLeader'],
  patch: ['gridLeader', 'subLeader'],
  grid: ['gridMember'],
};

interface Values {
  role?: Role;
  personId: string;
}

export function AppointModal({
  ctx,
  node,
  replacing,
  onClose,
}: {
  ctx: EditorContext;
  node: TreeNode;
  replacing?: StaffEntry;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useApiMutation(
    (v: Values) =>
      replacing
        ? replacePost(ctx.village, ctx.structureId, replacing.postId, v.personId)
        : appoint(ctx.village, ctx.structureId, { nodeId: node.id, personId: v.personId, role: v.role! }),
    {
      success: replacing ? t('editor.msg.replaced') : t('editor.msg.appointed'),
      invalidate: [...ctx.changed, ['people']],
      onSuccess: () => onClose(true),
    },
  );
  const roles = rolesFor[node.kind];
  return (
    <Modal
      open
      title={
        replacing
          ? `${t('editor.action.replace')} · ${t(`role.${replacing.role}`)} ${replacing.name}`
          : `${t('editor.action.appoint')} · ${node.code} ${node.name}`
      }
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ role: roles[0] }}>
        {!replacing && (
          <Form.Item name="role" label={t('editor.form.role')} rules={[{ required: true }]}>
            <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="personId"
          label={t('editor.form.person')}
          rules={[{ required: true, message: t('editor.form.required') }]}
        >
          <PersonSelect exclude={replacing ? [replacing.personId] : []} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
