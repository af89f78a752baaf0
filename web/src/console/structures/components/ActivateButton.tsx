/** Activate a draft; when the server refuses (409 STRUCTURE_INVALID) list its violations. */
import type { ButtonProps } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { activateStructure } from '../../../api/structures';
import type { ActivateResult, Violation } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { ViolationList } from './ViolationsPanel';

export function ActivateButton({
  village,
  structureId,
  onActivated,
}: {
  village: string;
  structureId: string;
  onActivated: (r: ActivateResult) => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const activate = useApiMutation(() => activateStructure(village, structureId), {
    success: (r) => t('editor.activated', { grids: r.grids, households: r.households }),
    onSuccess: (r) => {
      void qc.invalidateQueries();
      onActivated(r);
    },
    onError: (err) => {
      if (!(err instanceof ApiError) || err.code !== 'STRUCTURE_INVALID') return false;
      modal.error({
        title: t('editor.activateFailed'),
        width: 640,
        content: (
          <div data-testid="activate-error">
            <p>{err.text()}</p>
            {Array.isArray(err.details) && <ViolationList violations={err.details as Violation[]} pageSize={6} />}
          </div>
        ),
      });
      return true;
    },
  });
  return (
    <Popconfirm
      title={t('editor.activateConfirm')}
      onConfirm={() => activate.mutate()}
      okButtonProps={{ 'data-testid': 'activate-confirm' } as ButtonProps}
    >
      <Button type="primary" icon={<CheckCircleOutlined />} loading={activate.isPending} data-testid="activate">
        {t('editor.activate')}
      </Button>
    </Popconfirm>
  );
}
