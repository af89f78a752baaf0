/**
 * Import the roster from a spreadsheet: templates, choose a file, dry run (problems table), then
 * import (only after a clean dry run of the same file); export the roster and the assignments.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Row, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { exportUrl, importFile, templateUrl } from '../../../api/imports';
import type { ImportProblem, ImportReport } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useVillage } from '../../../lib/village';
import { ImportCounts } from '../components/ImportCounts';
import { ImportProblemsTable } from '../components/ImportProblemsTable';
import { PageTitle } from '../../components/PageTitle';

export default function ImportPage() {
  const { t } = useTranslation();
  const { village } = useVillage();
  const qc = useQueryClient();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const file = files[0]?.originFileObj as File | undefined;

  const run = useApiMutation((dryRun: boolean) => importFile(village, file!, dryRun), {
    onSuccess: (r) => {
      setReport(r);
      setProblems(r.problems);
      if (!r.dryRun) void qc.invalidateQueries();
    },
    onError: (err) => {
      // A real import with problems: 400 IMPORT_INVALID, details = problems.
      if (err instanceof ApiError && err.code === 'IMPORT_INVALID' && Array.isArray(err.details)) {
        setReport(null);
        setProblems(err.details as ImportProblem[]);
      }
      return false;
    },
  });

  const dryRunClean = !!report && report.dryRun && report.problems.length === 0;
  const imported = !!report && !report.dryRun && report.problems.length === 0;

  return (
    <>
      <PageTitle title={t('import.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={t('import.importTitle')} size="small">
            <Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>
            <Upload
              data-testid="import-upload"
              accept=".xlsx,.csv"
              maxCount={1}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => {
                setFiles(fileList.slice(-1));
                setReport(null);
                setProblems([]);
              }}
            >
              <Button icon={<UploadOutlined />}>{t('import.pick')}</Button>
            </Upload>
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              <Button
                data-testid="dry-run"
                disabled={!file}
                loading={run.isPending && run.variables === true}
                onClick={() => run.mutate(true)}
              >
                {t('import.dryRun')}
              </Button>
              <Button
                type="primary"
                data-testid="run-import"
                disabled={!file || !dryRunClean}
                loading={run.isPending && run.variables === false}
                onClick={() => run.mutate(false)}
                title={t('import.runHint')}
              >
                {t('import.run')}
              </Button>
            </Flex>
            <div style={{ marginTop: 16 }}>
              {report && report.dryRun && dryRunClean && (
                <Alert
                  type="success"
                  showIcon
                  title={t('import.dryRunOk', { rows: report.rows })}
                  data-testid="dry-run-ok"
                  style={{ marginBottom: 12 }}
                />
              )}
              {imported && (
                <Alert
                  type="success"
                  showIcon
                  title={t('import.imported', { rows: report!.rows })}
                  data-testid="import-done"
                  style={{ marginBottom: 12 }}
                />
              )}
              {problems.length > 0 && (
                <Alert
                  type="error"
                  showIcon
                  title={t('import.dryRunProblems', { n: problems.length })}
                  data-testid="problems-alert"
                  style={{ marginBottom: 12 }}
                />
              )}
              {report && <ImportCounts report={report} />}
              {problems.length > 0 && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('import.problems')}
                  </Typography.Title>
                  <ImportProblemsTable problems={problems} />
                </>
              )}
              {report?.warnings && report.warnings.length > 0 && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('import.warnings')}
                  </Typography.Title>
                  <ImportProblemsTable problems={report.warnings} testId="import-warnings" />
                </>
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Card title={t('import.templates')} size="small">
              <Flex gap={8} wrap>
                <Button icon={<DownloadOutlined />} href={templateUrl('xlsx')} data-testid="template-xlsx">
                  {t('import.templateXlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} href={templateUrl('csv')} data-testid="template-csv">
                  {t('import.templateCsv')}
                </Button>
              </Flex>
            </Card>
            <Card title={t('import.export')} size="small">
              <Typography.Paragraph type="secondary">{t('import.exportHint')}</Typography.Paragraph>
              <Flex gap={8} wrap>
                <Button icon={<DownloadOutlined />} href={exportUrl(village, 'roster')} data-testid="export-roster">
                  {t('import.exportRoster')}
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  href={exportUrl(village, 'assignments')}
                  data-testid="export-assignments"
                >
                  {t('import.exportAssignments')}
                </Button>
              </Flex>
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}
