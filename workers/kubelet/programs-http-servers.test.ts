import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../client/protocol.ts';
import type { Listener } from './process.ts';
import { AgnhostServeHostname } from './programs-http-servers.ts';
import { ENVIRONMENT, T0 } from './testing.ts';

function serveHostname(args: string[]): { listeners: Map<number, Listener>; log: string[] } {
  const listeners = new Map<number, Listener>();
  const log: string[] = [];
  const io = {
    now: () => T0,
    stdout: (text: string) => log.push(text),
    stderr: (text: string) => log.push(text),
    listen: (port: number, listener: Listener) => listeners.set(port, listener),
  };
  new AgnhostServeHostname(ENVIRONMENT, args).run(io).next();
  return { listeners, log };
}

const GET: HttpRequest = {
  method: 'GET',
  path: '/anything',
  host: 'hostnames',
  userAgent: 'Wget',
  close: true,
};

describe('agnhost serve-hostname', () => {
  it.each<[string, string[], number]>([
    ['listens on 9376 by default', [], 9376],
    ['listens on --port', ['--port=8080'], 8080],
    ['reads --port with its value apart', ['--port', '8081'], 8081],
  ])('%s', (_name, args, port) => {
    const { listeners, log } = serveHostname(args);
    expect([...listeners.keys()]).toEqual([port]);
    expect(log).toEqual([`2025/01/01 10:00:00 Serving on port ${String(port)}.\n`]);
  });

  it('answers any path with the hostname and logs the remote address', () => {
    const { listeners, log } = serveHostname([]);
    const listener = listeners.get(9376);
    if (listener?.protocol !== 'http') throw new Error('no HTTP listener');
    expect(listener.respond?.(GET, '10.244.1.5', 40000)).toEqual({
      status: 200,
      reason: 'OK',
      headers: [
        ['Connection', 'close'],
        ['Content-Length', '5'],
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Date', 'Wed, 01 Jan 2025 10:00:00 GMT'],
      ],
      body: 'web-0',
    });
    expect(log[1]).toBe('2025/01/01 10:00:00 HTTP request from 10.244.1.5:40000\n');
  });
});
