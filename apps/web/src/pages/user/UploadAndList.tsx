import { useServerConfig } from '../../api/server-config';
import { TranscriptionList } from './TranscriptionList';
import { UploadPanel } from './UploadPanel';

/** The page's body: new recordings in, then the list of transcriptions. */
export function UploadAndList() {
  const config = useServerConfig().data;
  return (
    <>
      {config && <UploadPanel config={config} />}
      <TranscriptionList />
    </>
  );
}
