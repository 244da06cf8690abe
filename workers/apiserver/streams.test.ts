import { describe, expect, it } from 'vitest';
import type { Message } from '../client/protocol.ts';
import { ResponseStreams } from './streams.ts';

function streams(): { streams: ResponseStreams; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    streams: new ResponseStreams((to, message: Message) => {
      sent.push(`${to} ${JSON.stringify(message)}`);
    }),
  };
}

const STREAMED = { code: 200, body: 'head\n', stream: true };

describe('ResponseStreams', () => {
  it('holds what is written until the head has left, then sends it on', () => {
    const { streams: s, sent } = streams();
    const body = s.begin('kubectl', 4);
    body.write('a\n');
    body.write('b\n');
    expect(sent).toEqual([]);
    s.answered('kubectl', 4, STREAMED);
    body.write('c\n');
    body.end();
    body.write('late\n');
    expect(sent).toEqual([
      'kubectl {"type":"stream-data","id":4,"data":"a\\nb\\n"}',
      'kubectl {"type":"stream-data","id":4,"data":"c\\n"}',
      'kubectl {"type":"stream-end","id":4}',
    ]);
  });

  it('ends after the head a stream that ended before it', () => {
    const { streams: s, sent } = streams();
    const body = s.begin('kubectl', 1);
    body.write('all\n');
    body.end();
    s.answered('kubectl', 1, STREAMED);
    expect(sent).toEqual([
      'kubectl {"type":"stream-data","id":1,"data":"all\\n"}',
      'kubectl {"type":"stream-end","id":1}',
    ]);
  });

  it('passes the client’s cancel to the producer, once, and sends nothing more', () => {
    const { streams: s, sent } = streams();
    const body = s.begin('kubectl', 2);
    let cancels = 0;
    body.onCancel(() => cancels++);
    s.answered('kubectl', 2, STREAMED);
    s.cancel('kubectl', 2);
    s.cancel('kubectl', 2);
    body.write('more\n');
    expect(cancels).toBe(1);
    expect(sent).toEqual([]);
  });

  it('cancels a producer at once when the client left before it registered', () => {
    const { streams: s } = streams();
    const body = s.begin('kubectl', 3);
    s.cancel('kubectl', 3);
    let cancels = 0;
    body.onCancel(() => cancels++);
    expect(cancels).toBe(1);
  });

  it('drops the body of an answer that is not a stream, stopping its producer', () => {
    const { streams: s, sent } = streams();
    const body = s.begin('kubectl', 5);
    let cancels = 0;
    body.onCancel(() => cancels++);
    s.answered('kubectl', 5, { code: 400, body: {} });
    body.write('ignored\n');
    expect(cancels).toBe(1);
    expect(sent).toEqual([]);
  });

  it('sends an upgraded stream’s chunks on their channels, joining runs of one channel', () => {
    const { streams: s, sent } = streams();
    const body = s.begin('kubectl', 6);
    body.write('', 'stdout');
    body.write('a', 'stdout');
    body.write('b', 'stderr');
    s.answered('kubectl', 6, { code: 101, body: '', stream: true });
    body.write('{"status":"Success"}', 'error');
    expect(sent).toEqual([
      'kubectl {"type":"stream-data","id":6,"data":"a","channel":"stdout"}',
      'kubectl {"type":"stream-data","id":6,"data":"b","channel":"stderr"}',
      'kubectl {"type":"stream-data","id":6,"data":"{\\"status\\":\\"Success\\"}","channel":"error"}',
    ]);
  });

  it('holds the client’s input until someone listens, then passes it on in order', () => {
    const { streams: s } = streams();
    const body = s.begin('kubectl', 7);
    s.answered('kubectl', 7, { code: 101, body: '', stream: true });
    s.input('kubectl', 7, 'one\n', 'stdin');
    const heard: string[] = [];
    body.onInput({
      data: (chunk, channel) => heard.push(`${channel}:${chunk}`),
      end: () => heard.push('<end>'),
    });
    s.input('kubectl', 7, '{"Width":80,"Height":24}', 'resize');
    s.inputEnd('kubectl', 7);
    expect(heard).toEqual(['stdin:one\n', 'resize:{"Width":80,"Height":24}', '<end>']);
  });
});
