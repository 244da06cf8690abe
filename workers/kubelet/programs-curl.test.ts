import { describe, expect, it } from 'vitest';
import { CLIENT_IP, WEB_IP, runNetworked, testNetwork } from './programs-testing.ts';
import { NGINX_WELCOME } from './simulated-request.ts';

const METER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const METER_DONE =
  '\r100   615  100   615    0     0   586M      0 --:--:-- --:--:-- --:--:--  600k\n';
const HEADERS = [
  'HTTP/1.1 200 OK',
  'Server: nginx/1.27.3',
  'Date: Wed, 01 Jan 2025 10:00:00 GMT',
  'Content-Type: text/html',
  'Content-Length: 615',
  'Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT',
  'Connection: keep-alive',
  'ETag: "6745ef54-267"',
  'Accept-Ranges: bytes',
  '',
];
const crlf = (lines: string[], prefix = ''): string =>
  lines.map((line) => `${prefix}${line}\r\n`).join('');

describe('curl in a pod', () => {
  it.each<[string, string, string, string, number]>([
    ['prints the body silently with -s', 'curl -s http://web', NGINX_WELCOME, '', 0],
    [
      'draws its progress meter on stderr without -s',
      'curl http://web',
      NGINX_WELCOME,
      METER + METER_DONE,
      0,
    ],
    ['prints the headers of a HEAD with -I', 'curl -sI web', crlf(HEADERS), '', 0],
    [
      'prints the headers before the body with -i',
      'curl -si web',
      crlf(HEADERS) + NGINX_WELCOME,
      '',
      0,
    ],
    [
      'writes the status code with -w',
      "curl -s -o /dev/null -w '%{http_code}\\n' http://web/missing",
      '404\n',
      '',
      0,
    ],
    [
      'writes 000 when nothing answered',
      "curl -s -o /dev/null -w '%{http_code} %{exitcode}' http://nope",
      '000 6',
      '',
      6,
    ],
    ['fails quietly on a 404 with -sf', 'curl -sf http://web/missing', '', '', 22],
    [
      'says why with -sSf',
      'curl -sSf http://web/missing',
      '',
      'curl: (22) The requested URL returned error: 404\n',
      22,
    ],
    [
      'cannot resolve an unknown name',
      'curl http://nope',
      '',
      METER + 'curl: (6) Could not resolve host: nope\n',
      6,
    ],
    ['says nothing with -s alone', 'curl -s http://nope', '', '', 6],
    [
      'is refused where nothing listens',
      'curl -sS http://web:8080/',
      '',
      'curl: (7) Failed to connect to web port 8080 after 0 ms: Could not connect to server\n',
      7,
    ],
    [
      'times out after -m',
      'curl -sS -m 5 http://dropped',
      '',
      'curl: (28) Connection timed out after 5001 milliseconds\n',
      28,
    ],
    [
      'times out after --connect-timeout',
      'curl -sS --connect-timeout 2 http://dropped',
      '',
      'curl: (28) Connection timed out after 2001 milliseconds\n',
      28,
    ],
    [
      'gives up with the kernel after 127 s',
      'curl -sS http://dropped',
      '',
      'curl: (28) Failed to connect to dropped port 80 after 127000 ms: Could not connect to server\n',
      28,
    ],
    [
      'updates the meter each second it waits',
      'curl -m 2 http://dropped',
      '',
      METER +
        '\r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0' +
        '\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0' +
        'curl: (28) Connection timed out after 2001 milliseconds\n',
      28,
    ],
    [
      'reads a closed connection as an empty reply',
      'curl -sS closed',
      '',
      'curl: (52) Empty reply from server\n',
      52,
    ],
    [
      'rejects an unknown option',
      'curl --bogus http://web',
      '',
      "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      2,
    ],
    [
      'needs a URL',
      'curl -s',
      '',
      "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      2,
    ],
    [
      'tells what it does with -v',
      'curl -sv http://web',
      NGINX_WELCOME,
      '* Host web:80 was resolved.\n* IPv6: (none)\n' +
        `* IPv4: ${WEB_IP}\n*   Trying ${WEB_IP}:80...\n* Connected to web (${WEB_IP}) port 80\n` +
        '* using HTTP/1.x\n' +
        crlf(['GET / HTTP/1.1', 'Host: web', 'User-Agent: curl/8.11.1', 'Accept: */*', ''], '> ') +
        '* Request completely sent off\n' +
        crlf(HEADERS, '< ') +
        '{ [615 bytes data]\n* Connection #0 to host web left intact\n',
      0,
    ],
  ])('%s', async (_name, script, stdout, stderr, status) => {
    const run = await runNetworked(script, testNetwork());
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({
      stdout,
      stderr,
      status,
    });
  });

  it('writes the body to the -o file and is logged as curl', async () => {
    const network = testNetwork();
    const run = await runNetworked('curl -s -o page.html http://web', network);
    expect(run.files.get('page.html')).toBe(NGINX_WELCOME);
    expect(network.serverLog).toEqual([
      `${CLIENT_IP} - - [01/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.11.1" "-"\n`,
    ]);
  });

  it('is not found in an image without curl', async () => {
    const run = await runNetworked('curl -s http://web', testNetwork(), ['wget', 'nslookup']);
    expect({ stderr: run.stderr, status: run.status }).toEqual({
      stderr: 'sh: curl: not found\n',
      status: 127,
    });
  });
});
