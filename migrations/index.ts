import { InitialSchema1735689600000 } from './1735689600000-InitialSchema.js';
import { AddTranscriptionStatusFields1736035200000 } from './1736035200000-AddTranscriptionStatusFields.js';
import { RunnerQueue1764028800000 } from './1764028800000-RunnerQueue.js';
import { UploadAttempts1764201600000 } from './1764201600000-UploadAttempts.js';

/** Every migration, oldest first. Listed by class (not a file glob) so any build layout finds them. */
export const MIGRATIONS = [
  InitialSchema1735689600000,
  AddTranscriptionStatusFields1736035200000,
  RunnerQueue1764028800000,
  UploadAttempts1764201600000,
];
