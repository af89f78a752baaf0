/** Create a draft structure as a copy of the active one. */
import type { ButtonProps } from 'antd';
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { createDraft } from '../../../api/structures';
import type { Structure } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useVillage } from '../../../lib/village';

interface Values {
  name: string;
  note?: string;
}

export function CreateDraftModal({
  open,
  activeName,
  onClose,
  onCreated,
}: {
  open: boolean;
  activeName: string;
  onClose: () => void;
  onCreated: (s: Structure) => void;
}) {
  const { t } = useTranslation();
  const { village } = useVillage();
  const [form] = Form.useForm<Values>();
  const create = useApiMutation(
    (v: Values) => createDraft(village, { name: v.name.trim(), note: v.note?.trim() || null }),
    {
      success: t('structures.draftCreated'),
      invalidate: [
        ['structures', village],
        ['overview', village],
      ],
      onSuccess: (s) => {
        form.resetFields();
        onCreated(s);
      },
    },
  );
  return (
    <Modal
      open={open}
      title={t('structures.newDraft')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'create-draft-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ name: t('structures.draftNameDefault', { name: activeName }) }}
        onFinish={(v) => create.mutate(v)}
        preserve={false}
      >
        <Form.Item
          name="name"
          label={t('structures.draftName')}
          rules={[{ required: true, whitespace: true, message: t('editor.form.required') }, { max: 100 }]}
        >
          <Input data-testid="draft-name" />
        </Form.Item>
        <Form.Item name="note" label={t('structures.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
