// The WebSocket side of `kubectl exec`: the channel framing, and a raw v5.channel.k8s.io session
// against the test cluster (the handshake, the ready frame, the output, the status, the closure).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StreamChannel } from '../workers/client/protocol.ts';
import { channelFrame, readFrame, messageBytes } from './http-upgrade.ts';
import {
  ADMIN_TOKEN,
  KUBECTL_AVAILABLE,
  kubectl,
  ok,
  startTestCluster,
  type TestCluster,
} from './testing.ts';

describe('the channel framing', () => {
  it.each<[StreamChannel, string, number[]]>([
    ['stdin', 'ls\n', [0, 0x6c, 0x73, 0x0a]],
    ['stdout', 'é', [1, 0xc3, 0xa9]],
    ['stderr', '', [2]],
    ['error', '{}', [3, 0x7b, 0x7d]],
    ['resize', '', [4]],
  ])('puts %s’s number before its bytes', (channel, data, bytes) => {
    expect([...channelFrame(channel, data)]).toEqual(bytes);
  });

  it.each<[string, number[], ReturnType<typeof readFrame>]>([
    ['stdin data', [0, 0x61], { channel: 'stdin', data: Buffer.from('a') }],
    ['a resize', [4, 0x7b, 0x7d], { channel: 'resize', data: Buffer.from('{}') }],
    ['v5’s close of stdin', [255, 0], { closed: 'stdin' }],
    ['an unknown channel', [9, 0x61], null],
    ['a close of an unknown channel', [255, 7], null],
    ['nothing at all', [], null],
  ])('reads %s', (_name, bytes, frame) => {
    expect(readFrame(Buffer.from(bytes))).toEqual(frame);
  });
});

let target: TestCluster;

interface Session {
  protocol: string;
  frames: number[][];
  closeCode: number;
}

/** Runs one exec over a raw WebSocket and collects what the server sent. */
function session(query: string, input: Buffer[] = []): Promise<Session> {
  const url = `${target.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/web/exec?${query}`;
  const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
    ca: target.caCert,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const frames: number[][] = [];
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      for (const frame of input) ws.send(frame, { binary: true });
    });
    ws.on('message', (data) => frames.push([...messageBytes(data)]));
    ws.on('error', reject);
    ws.on('close', (closeCode) => {
      resolve({ protocol: ws.protocol, frames, closeCode });
    });
  });
}

const text = (frame: number[] | undefined): string => Buffer.from(frame ?? []).toString('utf8');

describe.skipIf(!KUBECTL_AVAILABLE)('a raw v5.channel.k8s.io session', () => {
  beforeAll(async () => {
    target = await startTestCluster(1);
    await ok(kubectl(target, ['run', 'web', '--image=busybox', '--', 'sh', '-c', 'sleep 3600']));
    await ok(kubectl(target, ['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']));
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it('says it is ready, sends the output and the status, and closes normally', async () => {
    const result = await session('command=sh&command=-c&command=echo+hi%3B+exit+3&stdout=true');
    expect(result.protocol).toBe('v5.channel.k8s.io');
    expect(result.frames[0]).toEqual([1]);
    expect(text(result.frames[1])).toBe('\x01hi\n');
    expect(result.frames[2]?.[0]).toBe(3);
    expect(JSON.parse(text(result.frames[2]).slice(1))).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(result.frames).toHaveLength(3);
    expect(result.closeCode).toBe(1000);
  });

  it('reads stdin until the client closes it', async () => {
    const result = await session('command=cat&stdin=true&stdout=true', [
      Buffer.from([0, ...Buffer.from('one\n')]),
      Buffer.from([255, 0]),
    ]);
    expect(result.frames.map(text)).toEqual([
      '\x01',
      '\x01one\n',
      '\x03{"metadata":{},"status":"Success"}',
    ]);
  });
});
