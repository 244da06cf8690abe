import { describe, expect, it } from 'vitest';
import type { ComponentId, Envelope, Message } from '../client/protocol.ts';
import type { ActorContext } from '../host/runtime.ts';
import { ActorKubeletClient, KubeletDialError } from './kubelet-client.ts';

const KUBELET: ComponentId = 'kubelet/node-1';
const REQUEST = {
  verb: 'GET' as const,
  url: 'https://172.18.0.3:10250/containerLogs/default/web/web?follow=true',
};

function connect() {
  const sent: { to: ComponentId; message: Message }[] = [];
  const context = {
    send: (to: ComponentId, message: Message) => sent.push({ to, message }),
  } as unknown as ActorContext;
  const client = new ActorKubeletClient(context);
  const deliver = (message: Message) =>
    client.handle({ from: KUBELET, to: 'kube-apiserver', message } as Envelope);
  deliver({ type: 'stream-end', id: 0 });
  const received: string[] = [];
  const receiver = {
    data: (chunk: string) => received.push(chunk),
    end: () => received.push('<end>'),
  };
  return { client, sent, deliver, received, receiver };
}

const streamHead = (id: number): Message => ({
  type: 'kubelet-response',
  id,
  response: { code: 200, body: 'first\n', stream: true },
});

describe('ActorKubeletClient', () => {
  it('refuses a kubelet it has never heard from', async () => {
    const { client, receiver } = connect();
    await expect(client.open('node-2', REQUEST, receiver).response).rejects.toThrow(
      new KubeletDialError(
        'Get "https://172.18.0.3:10250/containerLogs/default/web/web?follow=true": dial tcp 172.18.0.3:10250: connect: connection refused',
      ),
    );
  });

  it('passes a streamed answer on until its end', async () => {
    const { client, deliver, received, receiver } = connect();
    const exchange = client.open('node-1', REQUEST, receiver);
    deliver(streamHead(1));
    await expect(exchange.response).resolves.toMatchObject({ code: 200, body: 'first\n' });
    deliver({ type: 'stream-data', id: 1, data: 'second\n' });
    deliver({ type: 'stream-end', id: 1 });
    expect(received).toEqual(['second\n', '<end>']);
  });

  it('settles a request left before its head came, and passes nothing after', async () => {
    const { client, sent, deliver, received, receiver } = connect();
    const exchange = client.open('node-1', REQUEST, receiver);
    exchange.cancel();
    expect(sent.map(({ message }) => message.type)).toEqual(['kubelet-request', 'stream-cancel']);
    deliver(streamHead(1));
    await expect(exchange.response).resolves.toMatchObject({ code: 200 });
    deliver({ type: 'stream-data', id: 1, data: 'late\n' });
    expect(received).toEqual([]);
  });

  it('tells the kubelet once when a stream is left', () => {
    const { client, sent, deliver, receiver } = connect();
    const exchange = client.open('node-1', REQUEST, receiver);
    deliver(streamHead(1));
    exchange.cancel();
    exchange.cancel();
    expect(sent.filter(({ message }) => message.type === 'stream-cancel')).toHaveLength(1);
  });
});
