import { ownerFacingMessage } from './owner-facing-message.js';

const SERVER = 'http://10.0.4.2:8000';

describe('ownerFacingMessage', () => {
  it.each([
    [
      'ffmpeg could not decode the audio: /tmp/whisper-runner/gpu-1/0f6c2a52-47a5-4f4e-9b1e-2c7f3b1c9a10-a1b2c3d4/audio: Invalid data found when processing input',
      'ffmpeg could not decode the audio: audio: Invalid data found when processing input',
    ],
    [
      'whisper-cli failed (exit 1): failed to load model from /srv/models/ggml-large-v3-turbo.bin',
      'whisper-cli failed (exit 1): failed to load model from ggml-large-v3-turbo.bin',
    ],
    [
      `server ${SERVER} unavailable: ECONNREFUSED connect ECONNREFUSED 10.0.4.2:8000`,
      'the server unavailable: ECONNREFUSED connect ECONNREFUSED <address>',
    ],
    ['summary failed: request to https://llm.internal:4000/v1/chat failed', 'summary failed: request to <address> failed'],
    ['connect ECONNREFUSED [::1]:5432', 'connect ECONNREFUSED <address>'],
    ['the job took longer than JOB_TIMEOUT_SECONDS (3600 s)', 'the job took longer than JOB_TIMEOUT_SECONDS (3600 s)'],
    ['16 kHz/mono and 1/2 of the audio', '16 kHz/mono and 1/2 of the audio'],
  ])('%s', (raw, expected) => {
    expect(ownerFacingMessage(raw, SERVER)).toBe(expected);
  });
});
