import { describe, expect, it } from 'vitest';
import type { Envelope, Message } from '../client/protocol.ts';
import { AttemptHistory } from './framework.ts';
import { SchedulerServer } from './server.ts';

function ask(url: string, verb: 'GET' | 'POST' = 'GET') {
  const sent: Message[] = [];
  const server = new SchedulerServer(new AttemptHistory(), (_to, message) => sent.push(message));
  const envelope: Envelope = {
    from: 'kubectl',
    to: 'kube-scheduler',
    seq: 0,
    message: { type: 'kubelet-request', id: 7, request: { verb, url } },
  };
  return { handled: server.handle(envelope), sent };
}

describe('SchedulerServer', () => {
  it.each([
    ['https://127.0.0.1:10259/healthz', 'GET', 200, 'ok'],
    ['https://127.0.0.1:10259/readyz', 'GET', 200, 'ok'],
    ['https://127.0.0.1:10259/metrics/resources', 'GET', 404, '404 page not found'],
    ['https://127.0.0.1:10259/schedulingAttempts/default', 'GET', 404, '404 page not found'],
    ['https://127.0.0.1:10259/schedulingAttempts/a/b/c', 'GET', 404, '404 page not found'],
    ['https://127.0.0.1:10259/healthz', 'POST', 405, 'Method Not Allowed'],
  ] as const)('%s (%s) → %i', (url, verb, code, body) => {
    const { handled, sent } = ask(url, verb);
    expect(handled).toBe(true);
    expect(sent).toEqual([
      {
        type: 'kubelet-response',
        id: 7,
        response: { code, body, contentType: 'text/plain; charset=utf-8' },
      },
    ]);
  });

  it('answers an empty list for a pod it never tried', () => {
    const { sent } = ask('https://127.0.0.1:10259/schedulingAttempts/default/web-1');
    expect(sent[0]).toMatchObject({
      response: { code: 200, body: '{"pod":"default/web-1","attempts":[]}' },
    });
  });

  it('leaves other messages to the API client', () => {
    const server = new SchedulerServer(new AttemptHistory(), () => undefined);
    expect(
      server.handle({
        from: 'kube-apiserver',
        to: 'kube-scheduler',
        seq: 0,
        message: { type: 'watch-end', id: 1 },
      }),
    ).toBe(false);
  });
});
