import { TranscriptionStatus, WebhookEventType } from '@app/contracts';
import { type DueDelivery, eventBody, retryDelaySeconds } from './webhook-event.js';

describe('webhook events', () => {
  it('waits 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then 8 h between attempts by default', () => {
    const delays = Array.from({ length: 11 }, (_, n) => retryDelaySeconds(n + 1, 10));
    expect(delays).toEqual([10, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800, 28_800]);
  });

  it('scales the whole schedule with the base', () => {
    expect(retryDelaySeconds(1, 0.5)).toBe(0.5);
    expect(retryDelaySeconds(3, 0.5)).toBe(6);
  });

  it('writes the same body, fields in a fixed order, for every attempt', () => {
    const delivery: DueDelivery = {
      id: 'delivery-1',
      leaseId: 'lease',
      attempts: 1,
      webhookId: null,
      enabled: true,
      url: 'https://example.com/hook',
      secret: 'whsec_x',
      eventType: WebhookEventType.Completed,
      eventCreatedAt: new Date('2026-01-02T03:04:05.678Z'),
      retryFrom: new Date('2026-01-02T03:04:05.678Z'),
      // As jsonb gives it back: keys in its own order.
      data: {
        summary: 'S',
        id: 't-1',
        text: 'T',
        status: TranscriptionStatus.Completed,
        language: 'en',
        file_name: 'a.wav',
        created_at: '2026-01-02T03:00:00.000Z',
        completed_at: '2026-01-02T03:04:05.000Z',
        error_message: null,
        duration_seconds: 4.5,
      },
    };
    const body = eventBody(delivery);
    expect(body).toBe(
      '{"id":"delivery-1","type":"transcription.completed","created_at":"2026-01-02T03:04:05.678Z","data":' +
        '{"id":"t-1","file_name":"a.wav","status":"completed","language":"en","duration_seconds":4.5,"text":"T","summary":"S",' +
        '"error_message":null,"created_at":"2026-01-02T03:00:00.000Z","completed_at":"2026-01-02T03:04:05.000Z"}}',
    );
    expect(eventBody({ ...delivery, attempts: 2, leaseId: 'another' })).toBe(body);
  });
});
