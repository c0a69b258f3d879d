import { Stack, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/PageLoader';

// The page's body starts downloading with the app, while the app still asks the server for its
// settings and the user: no extra round trip, and the first bundle stays within its budget.
const body = import('./UploadAndList');
const UploadAndList = lazy(async () => ({ default: (await body).UploadAndList }));

/** `/`: add recordings (upload or record) and follow them to their transcripts. */
export default function TranscriptionsPage() {
  const { t } = useTranslation('transcriptions');
  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
      <Suspense fallback={<PageLoader />}>
        <UploadAndList />
      </Suspense>
    </Stack>
  );
}
