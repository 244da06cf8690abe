import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../client/protocol.ts';
import { CustomImageProgram, statusText } from './custom-image-program.ts';
import type { ImageDefinition } from './custom-images.ts';
import type { Listener } from './process.ts';
import { runProgram, T0 } from './testing.ts';

const GET: HttpRequest = { method: 'GET', path: '/hello', host: 'hello', userAgent: 'Wget' };

describe('a custom image process', () => {
  it.each<[string, Omit<ImageDefinition, 'image'>, string[], number | null]>([
    [
      'prints its lines at their seconds, in definition order within a second',
      {
        logs: [
          { afterSeconds: 2, text: 'ready' },
          { afterSeconds: 0, text: 'starting' },
          { afterSeconds: 2, text: 'warning: cache cold', stream: 'stderr' },
        ],
      },
      ['0s:starting\n', '2s:ready\n', '2s:warning: cache cold\n'],
      null,
    ],
    [
      'repeats a line on its period and exits with the code, after a line due then',
      {
        repeat: { everySeconds: 5, text: 'tick' },
        logs: [{ afterSeconds: 15, text: 'giving up' }],
        exit: { afterSeconds: 15, code: 3 },
      },
      ['5s:tick\n', '10s:tick\n', '15s:giving up\n', '15s:tick\n'],
      3,
    ],
    ['exits at once with code 0', { exit: { afterSeconds: 0, code: 0 } }, [], 0],
  ])('%s', (_name, definition, timeline, status) => {
    const run = runProgram(new CustomImageProgram({ image: 'app', ...definition }), 20_000);
    expect(run.timeline).toEqual(timeline);
    expect(run.status).toBe(status);
  });

  function serve(http: NonNullable<ImageDefinition['http']>): {
    at: (ms: number) => Listener | undefined;
    log: string[];
  } {
    const listening: [number, Listener][] = [];
    const log: string[] = [];
    let now = T0;
    const io = {
      now: () => now,
      stdout: (text: string) => log.push(text),
      stderr: (text: string) => log.push(text),
      listen: (_port: number, listener: Listener) => listening.push([now - T0, listener]),
    };
    const run = new CustomImageProgram({ image: 'app', http }).run(io);
    let wait = run.next();
    return {
      log,
      at: (ms) => {
        while (typeof wait.value === 'number' && now - T0 + wait.value <= ms) {
          now += wait.value;
          wait = run.next();
        }
        return listening.find(([since]) => since <= ms)?.[1];
      },
    };
  }

  it('answers every path with its status and body once its port opens, logging if asked', () => {
    const server = serve({
      port: 8080,
      status: 503,
      body: 'busy',
      afterSeconds: 3,
      accessLog: true,
    });
    expect(server.at(2000)).toBeUndefined();
    const listener = server.at(3000);
    if (listener?.protocol !== 'http') throw new Error('not listening');
    expect(listener.status('/healthz', T0)).toBe(503);
    expect(listener.respond?.(GET, '10.244.1.5', 40000)).toEqual({
      status: 503,
      reason: 'Service Unavailable',
      headers: [
        ['Content-Length', '4'],
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Date', 'Wed, 01 Jan 2025 10:00:03 GMT'],
      ],
      body: 'busy',
    });
    expect(server.log).toEqual([
      '10.244.1.5 - - [01/Jan/2025:10:00:03 +0000] "GET /hello HTTP/1.1" 503 4\n',
    ]);
  });

  it.each([
    [200, 'OK'],
    [418, "I'm a teapot"],
    [299, 'status code 299'],
  ])('names status %d "%s" as Go net/http does', (status, text) => {
    expect(statusText(status)).toBe(text);
  });

  it('exits 0 on its stop signal', () => {
    expect(new CustomImageProgram({ image: 'app' }).stop()).toBe(0);
  });
});
