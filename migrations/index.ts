import { InitialSchema1735689600000 } from './1735689600000-InitialSchema.js';
import { AddTranscriptionStatusFields1736035200000 } from './1736035200000-AddTranscriptionStatusFields.js';
import { RunnerQueue1764028800000 } from './1764028800000-RunnerQueue.js';
import { UploadAttempts1764201600000 } from './1764201600000-UploadAttempts.js';
import { UserActivation1764288000000 } from './1764288000000-UserActivation.js';
import { Summaries1764288060000 } from './1764288060000-Summaries.js';
import { Channels1764288120000 } from './1764288120000-Channels.js';
import { ShareLinks1764288180000 } from './1764288180000-ShareLinks.js';
import { ChatMessages1764288240000 } from './1764288240000-ChatMessages.js';
import { EditsAndSummaryJobs1764288300000 } from './1764288300000-EditsAndSummaryJobs.js';
import { NotebookLmGuides1764288360000 } from './1764288360000-NotebookLmGuides.js';
import { Events1764374300000 } from './1764374300000-Events.js';
import { Webhooks1764374400000 } from './1764374400000-Webhooks.js';
import { AudioTickets1764460800000 } from './1764460800000-AudioTickets.js';
import { JobOptions1764500000000 } from './1764500000000-JobOptions.js';
import { ApiKeys1764500100000 } from './1764500100000-ApiKeys.js';
import { JobModel1764500300000 } from './1764500300000-JobModel.js';
import { SummaryTemplates1764500400000 } from './1764500400000-SummaryTemplates.js';
import { SearchIndex1764500450000 } from './1764500450000-SearchIndex.js';
import { JobTemperature1764500460000 } from './1764500460000-JobTemperature.js';
import { VoiceActivity1764500500000 } from './1764500500000-VoiceActivity.js';

/** Every migration, oldest first. Listed by class (not a file glob) so any build layout finds them. */
export const MIGRATIONS = [
  InitialSchema1735689600000,
  AddTranscriptionStatusFields1736035200000,
  RunnerQueue1764028800000,
  UploadAttempts1764201600000,
  UserActivation1764288000000,
  Summaries1764288060000,
  Channels1764288120000,
  ShareLinks1764288180000,
  ChatMessages1764288240000,
  EditsAndSummaryJobs1764288300000,
  NotebookLmGuides1764288360000,
  Events1764374300000,
  Webhooks1764374400000,
  AudioTickets1764460800000,
  JobOptions1764500000000,
  ApiKeys1764500100000,
  JobModel1764500300000,
  SummaryTemplates1764500400000,
  SearchIndex1764500450000,
  JobTemperature1764500460000,
  VoiceActivity1764500500000,
];
