/** Evidence photos as thumbnails (click to enlarge); references that are not photos as text. */
import { Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { evidenceUrl } from '../../../api/points';

export function Evidence({ village, refs }: { village: string; refs: string[] }) {
  const { t } = useTranslation();
  if (refs.length === 0) return <Typography.Text type="secondary">{t('points.review.noEvidence')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} data-testid="evidence">
        {refs.map((ref) => {
          const url = evidenceUrl(village, ref);
          return url ? (
            <Image
              key={ref}
              src={url}
              width={88}
              height={88}
              style={{ objectFit: 'cover', borderRadius: 6 }}
              alt={t('points.review.photo')}
              data-testid="evidence-thumb"
            />
          ) : (
            <Typography.Text key={ref} code>
              {ref}
            </Typography.Text>
          );
        })}
      </Space>
    </Image.PreviewGroup>
  );
}
