import { parseEventBlock, readEventStream } from './sse';

describe('server-sent events', () => {
  it('reads id, event and multi-line data; drops comments and retry-only blocks', () => {
    expect(parseEventBlock('id: 7\nevent: transcription\ndata: {"a":\ndata: 1}')).toEqual({
      id: '7',
      event: 'transcription',
      data: '{"a":\n1}',
    });
    expect(parseEventBlock(': ping')).toBeUndefined();
    expect(parseEventBlock('retry: 2000')).toBeUndefined();
  });

  it('splits a stream into events however the bytes arrive', async () => {
    const chunks = ['retry: 2000\n\nid: 1\nevent: ready\nda', 'ta: {}\n\n: ping\n\nid: 2\r\ndata: x\r\n\r\n'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const events: unknown[] = [];
    await readEventStream(new Response(body), (event) => events.push(event));
    expect(events).toEqual([
      { id: '1', event: 'ready', data: '{}' },
      { id: '2', event: 'message', data: 'x' },
    ]);
  });
});
