import { describe, expect, it } from 'vitest';
import { CLIENT_IP, WEB_IP, runNetworked, testNetwork } from './programs-testing.ts';
import { NGINX_WELCOME } from './simulated-request.ts';

const BAR = '*'.repeat(32);
const NGINX_HEADERS = [
  '  HTTP/1.1 200 OK',
  '  Server: nginx/1.27.3',
  '  Date: Wed, 01 Jan 2025 10:00:00 GMT',
  '  Content-Type: text/html',
  '  Content-Length: 615',
  '  Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT',
  '  Connection: close',
  '  ETag: "6745ef54-267"',
  '  Accept-Ranges: bytes',
  '  ',
]
  .map((line) => `${line}\n`)
  .join('');

describe('busybox wget in a pod', () => {
  it.each<[string, string, string, string, number]>([
    ['prints the page quietly with -q -O-', 'wget -q -O- http://web', NGINX_WELCOME, '', 0],
    ['takes -qO- as one cluster of flags', 'wget -qO- web', NGINX_WELCOME, '', 0],
    [
      'reports the connection, progress and end on stderr',
      'wget -O- http://web/',
      NGINX_WELCOME,
      `Connecting to web (${WEB_IP}:80)\nwriting to stdout\n-                    100% |${BAR}|   615  0:00:00 ETA\nwritten to stdout\n`,
      0,
    ],
    [
      'saves index.html and says so',
      'wget http://web && test -s index.html',
      '',
      `Connecting to web (${WEB_IP}:80)\nsaving to 'index.html'\nindex.html           100% |${BAR}|   615  0:00:00 ETA\n'index.html' saved\n`,
      0,
    ],
    [
      'will not overwrite a file it did not name',
      'wget -q http://web; wget -q http://web',
      '',
      "wget: can't open 'index.html': File exists\n",
      1,
    ],
    [
      'prints the server’s headers with -S',
      'wget -S -q -O /dev/null http://web',
      '',
      NGINX_HEADERS,
      0,
    ],
    [
      'checks with --spider',
      'wget --spider http://web',
      '',
      `Connecting to web (${WEB_IP}:80)\nremote file exists\n`,
      0,
    ],
    [
      'says bad address for an unknown name',
      'wget -q http://nope',
      '',
      "wget: bad address 'nope'\n",
      1,
    ],
    [
      'stops at a 404 with the status line',
      'wget -q -O- http://web/missing',
      '',
      'wget: server returned error: HTTP/1.1 404 Not Found\n',
      1,
    ],
    [
      'is refused where nothing listens',
      'wget -q -O- http://web:8080',
      '',
      `wget: can't connect to remote host (${WEB_IP}): Connection refused\n`,
      1,
    ],
    [
      'times out after -T seconds when nothing answers',
      'wget -q -T 5 -O- http://dropped',
      '',
      'wget: download timed out\n',
      1,
    ],
    [
      'gives up with the kernel after 127 s by default',
      'wget -q -O- http://dropped',
      '',
      "wget: can't connect to remote host (10.96.0.13): Connection timed out\n",
      1,
    ],
    [
      'reads a closed connection as no response',
      'wget -q -O- closed',
      '',
      'wget: error getting response\n',
      1,
    ],
  ])('%s', async (_name, script, stdout, stderr, status) => {
    const run = await runNetworked(script, testNetwork());
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({
      stdout,
      stderr,
      status,
    });
  });

  it.each<[string, string, number]>([
    ['times out after -T', 'wget -q -T 5 -O- http://dropped', 5000],
    ['waits out the kernel’s SYN retries', 'wget -q -O- http://dropped', 127_000],
  ])('%s on the virtual clock', async (_name, script, elapsed) => {
    expect((await runNetworked(script, testNetwork())).elapsed).toBe(elapsed);
  });

  it('is logged by nginx as Wget with its client address', async () => {
    const network = testNetwork();
    await runNetworked('wget -q -O /dev/null http://web', network);
    expect(network.connections).toEqual([`${WEB_IP}:80 GET /`]);
    expect(network.serverLog).toEqual([
      `${CLIENT_IP} - - [01/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"\n`,
    ]);
  });

  it.each([
    ['an image without wget', 'wget -q http://web', []],
    ['a path outside the image', '/opt/wget -q http://web', ['wget']],
  ])('is not found in %s', async (_name, script, tools) => {
    const run = await runNetworked(script, testNetwork(), tools);
    expect({ stderr: run.stderr, status: run.status }).toEqual({
      stderr: `sh: ${script.split(' ')[0] ?? ''}: not found\n`,
      status: 127,
    });
  });
});
