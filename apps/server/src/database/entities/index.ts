import { RunnerEntity } from './runner.entity.js';
import { TranscriptionEntity } from './transcription.entity.js';
import { UserEntity } from './user.entity.js';

export { RunnerEntity, TranscriptionEntity, UserEntity };
export type { TranscriptSegment } from './transcription.entity.js';

export const ENTITIES = [UserEntity, TranscriptionEntity, RunnerEntity];
