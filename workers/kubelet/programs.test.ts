import { describe, expect, it } from 'vitest';
import type { ContainerConfig } from './cri.ts';
import { containerArgv, programFor } from './programs.ts';
import { ENVIRONMENT, runProgram, T0 } from './testing.ts';

describe('containerArgv', () => {
  it.each<[string, ContainerConfig, string[]]>([
    [
      "runs the image's entrypoint with its cmd",
      { name: 'web', image: 'nginx' },
      ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'],
    ],
    [
      'replaces the cmd with args',
      { name: 'web', image: 'nginx', args: ['nginx-debug'] },
      ['/docker-entrypoint.sh', 'nginx-debug'],
    ],
    [
      'replaces entrypoint and cmd with command',
      { name: 'db', image: 'redis', command: ['redis-server'] },
      ['redis-server'],
    ],
    [
      'runs command with args',
      { name: 'nap', image: 'busybox', command: ['sleep'], args: ['5'] },
      ['sleep', '5'],
    ],
    ['runs the cmd of an image without entrypoint', { name: 'sh', image: 'alpine' }, ['/bin/sh']],
    [
      'runs only what it is told for an unknown image',
      { name: 'app', image: 'example.com/app', args: ['serve'] },
      ['serve'],
    ],
  ])('%s', (_name, config, argv) => {
    expect(containerArgv(config)).toEqual(argv);
  });
});

/** The first `limitMs` of a container's output, stdout then stderr, and how it ended. */
function output(config: ContainerConfig, limitMs = 10_000) {
  const run = runProgram(programFor(config, ENVIRONMENT), limitMs);
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

const NGINX_ENTRYPOINT = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

const NGINX_NOTICES = [
  '2025/01/01 10:00:00 [notice] 1#1: using the "epoll" event method',
  '2025/01/01 10:00:00 [notice] 1#1: nginx/1.27.3',
  '2025/01/01 10:00:00 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
  '2025/01/01 10:00:00 [notice] 1#1: OS: Linux 6.8.0-49-generic',
  '2025/01/01 10:00:00 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  '2025/01/01 10:00:00 [notice] 1#1: start worker processes',
  '2025/01/01 10:00:00 [notice] 1#1: start worker process 29',
  '2025/01/01 10:00:00 [notice] 1#1: start worker process 30',
];

const lines = (text: string[]): string => text.map((line) => `${line}\n`).join('');

describe('what the images print', () => {
  it.each<[string, ContainerConfig, { stdout: string; stderr: string; status: number | null }]>([
    [
      'nginx logs its entrypoint to stdout and its notices, one worker per CPU, to stderr',
      { name: 'web', image: 'nginx:1.27' },
      { stdout: lines(NGINX_ENTRYPOINT), stderr: lines(NGINX_NOTICES), status: null },
    ],
    [
      'nginx run directly skips the entrypoint',
      { name: 'web', image: 'nginx', command: ['nginx', '-g', 'daemon off;'] },
      { stdout: '', stderr: lines(NGINX_NOTICES), status: null },
    ],
    [
      'redis logs its start to stdout',
      { name: 'cache', image: 'redis:7' },
      {
        stdout: lines([
          '1:C 01 Jan 2025 10:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
          '1:C 01 Jan 2025 10:00:00.000 * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started',
          '1:C 01 Jan 2025 10:00:00.000 # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
          '1:M 01 Jan 2025 10:00:00.001 * monotonic clock: POSIX clock_gettime',
          '1:M 01 Jan 2025 10:00:00.001 * Running mode=standalone, port=6379.',
          '1:M 01 Jan 2025 10:00:00.001 * Server initialized',
          '1:M 01 Jan 2025 10:00:00.001 * Ready to accept connections tcp',
        ]),
        stderr: '',
        status: null,
      },
    ],
    [
      'httpd names the pod IP it falls back to',
      { name: 'web', image: 'httpd' },
      {
        stdout: '',
        stderr: lines([
          "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.2. Set the 'ServerName' directive globally to suppress this message",
          "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.2. Set the 'ServerName' directive globally to suppress this message",
          '[Wed Jan 01 10:00:00.002000 2025] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations',
          "[Wed Jan 01 10:00:00.002000 2025] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
        ]),
        status: null,
      },
    ],
    [
      'busybox runs the applet it is given',
      { name: 'hi', image: 'busybox', command: ['echo', 'hello', 'world'] },
      { stdout: 'hello world\n', stderr: '', status: 0 },
    ],
    [
      'busybox runs a script given as args',
      { name: 'hi', image: 'busybox', args: ['sh', '-c', 'echo "$0 $1"', 'me', 'you'] },
      { stdout: 'me you\n', stderr: '', status: 0 },
    ],
    [
      'a shell without a script exits at once',
      { name: 'sh', image: 'busybox' },
      { stdout: '', stderr: '', status: 0 },
    ],
    [
      'a command the simulation does not know runs silently',
      { name: 'app', image: 'example.com/app', command: ['/app/server', '--port=8080'] },
      { stdout: '', stderr: '', status: null },
    ],
  ])('%s', (_name, config, expected) => {
    expect(output(config)).toEqual(expected);
  });

  it('postgres without a password explains itself and exits 1', () => {
    const result = output({ name: 'db', image: 'postgres:17' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([
      'Error: Database is uninitialized and superuser password is not specified.',
      '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
      '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
    ]);
  });

  it('postgres with a password initializes and accepts connections', () => {
    const result = runProgram(
      programFor(
        { name: 'db', image: 'postgres:17' },
        { ...ENVIRONMENT, env: { POSTGRES_PASSWORD: 'secret' } },
      ),
      10_000,
    );
    expect(result.status).toBeNull();
    expect(result.stdout).toContain('PostgreSQL init process complete; ready for start up.\n');
    expect(result.stderr.split('\n').at(-2)).toBe(
      '2025-01-01 10:00:01.206 UTC [1] LOG:  database system is ready to accept connections',
    );
  });

  it('nginx shuts its workers down on SIGQUIT and exits 0', () => {
    const program = programFor({ name: 'web', image: 'nginx' }, ENVIRONMENT);
    let stderr = '';
    const status = program.stop({
      now: () => T0 + 60_000,
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
    });
    expect(status).toBe(0);
    expect(stderr).toBe(
      lines([
        '2025/01/01 10:01:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down',
        '2025/01/01 10:01:00 [notice] 29#29: gracefully shutting down',
        '2025/01/01 10:01:00 [notice] 29#29: exiting',
        '2025/01/01 10:01:00 [notice] 29#29: exit',
        '2025/01/01 10:01:00 [notice] 30#30: gracefully shutting down',
        '2025/01/01 10:01:00 [notice] 30#30: exiting',
        '2025/01/01 10:01:00 [notice] 30#30: exit',
        '2025/01/01 10:01:00 [notice] 1#1: signal 17 (SIGCHLD) received from 29',
        '2025/01/01 10:01:00 [notice] 1#1: worker process 29 exited with code 0',
        '2025/01/01 10:01:00 [notice] 1#1: signal 17 (SIGCHLD) received from 30',
        '2025/01/01 10:01:00 [notice] 1#1: worker process 30 exited with code 0',
        '2025/01/01 10:01:00 [notice] 1#1: exit',
      ]),
    );
  });
});
