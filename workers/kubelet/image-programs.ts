// What the catalog's server images print when they start and when their stop signal arrives:
// nginx 1.27.3 behind docker-entrypoint.sh (nginxinc/docker-nginx entrypoint/), redis 7.4.1,
// httpd 2.4.62 and postgres 17.2 from their official images, and agnhost's `liveness`
// and `grpc-health-checking` servers (test/images/agnhost). Each listens on its port once up;
// the web servers answer and log requests from pods (programs-http-servers.ts).

import type { Program, ProcessEnvironment, ProcessIO, ProgramRun } from './process.ts';
import { httpdSite, nginxSite, phpApacheSite } from './programs-http-servers.ts';
import { strftime } from './shell-builtins.ts';

/** nginx's error log time: `2024/11/26 10:00:00`. */
function nginxTime(ms: number): string {
  return strftime('%Y/%m/%d %H:%M:%S', ms);
}

/** nginx's first worker pid once docker-entrypoint.sh has run its scripts. */
const FIRST_WORKER_PID = 29;

const ENTRYPOINT = '/docker-entrypoint.sh';

/** docker-entrypoint.sh's configuration steps: one line each, a few milliseconds apart. */
const ENTRYPOINT_STEPS: string[][] = [
  [
    `${ENTRYPOINT}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
    `${ENTRYPOINT}: Looking for shell scripts in /docker-entrypoint.d/`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
  ],
  ['10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf'],
  [
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  ],
  [`${ENTRYPOINT}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`],
  [`${ENTRYPOINT}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`],
  [`${ENTRYPOINT}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`],
  [`${ENTRYPOINT}: Configuration complete; ready for start up`],
];
const ENTRYPOINT_STEP_MS = 4;

export class Nginx implements Program {
  private readonly workers: number[];

  constructor(
    private readonly environment: ProcessEnvironment,
    /** Started through docker-entrypoint.sh, which logs its configuration first. */
    private readonly entrypoint: boolean,
  ) {
    this.workers = Array.from(
      { length: Math.max(1, environment.cpus) },
      (_, i) => FIRST_WORKER_PID + i,
    );
  }

  *run(io: ProcessIO): ProgramRun {
    if (this.entrypoint && !this.environment.env.NGINX_ENTRYPOINT_QUIET_LOGS) {
      for (const step of ENTRYPOINT_STEPS) {
        io.stdout(step.map((line) => `${line}\n`).join(''));
        yield ENTRYPOINT_STEP_MS;
      }
    }
    const notices = [
      'using the "epoll" event method',
      'nginx/1.27.3',
      'built by gcc 12.2.0 (Debian 12.2.0-14) ',
      `OS: Linux ${this.environment.kernelVersion}`,
      'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      'start worker processes',
      ...this.workers.map((pid) => `start worker process ${pid}`),
    ];
    io.stderr(notices.map((notice) => this.notice(io, 1, notice)).join(''));
    io.listen?.(80, nginxSite(io, this.workers[0] ?? FIRST_WORKER_PID));
    yield null;
    return 0;
  }

  private notice(io: ProcessIO, pid: number, text: string): string {
    return `${nginxTime(io.now())} [notice] ${pid}#${pid}: ${text}\n`;
  }

  /** STOPSIGNAL SIGQUIT: a graceful shutdown of every worker, then the master. */
  stop(io: ProcessIO): number {
    const lines = [this.notice(io, 1, 'signal 3 (SIGQUIT) received, shutting down')];
    for (const pid of this.workers) {
      for (const text of ['gracefully shutting down', 'exiting', 'exit'])
        lines.push(this.notice(io, pid, text));
    }
    for (const pid of this.workers) {
      lines.push(this.notice(io, 1, `signal 17 (SIGCHLD) received from ${pid}`));
      lines.push(this.notice(io, 1, `worker process ${pid} exited with code 0`));
    }
    lines.push(this.notice(io, 1, 'exit'));
    io.stderr(lines.join(''));
    return 0;
  }
}

/** redis's log time: `26 Nov 2024 10:00:00.123`. */
function redisTime(ms: number): string {
  return strftime('%d %b %Y %H:%M:%S', ms) + `.${String(ms % 1000).padStart(3, '0')}`;
}

export class Redis implements Program {
  *run(io: ProcessIO): ProgramRun {
    const log = (role: 'C' | 'M', level: '*' | '#', text: string): string =>
      `1:${role} ${redisTime(io.now())} ${level} ${text}\n`;
    io.stdout(
      log('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo') +
        log(
          'C',
          '*',
          'Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started',
        ) +
        log(
          'C',
          '#',
          'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
        ),
    );
    yield 1;
    io.stdout(
      log('M', '*', 'monotonic clock: POSIX clock_gettime') +
        log('M', '*', 'Running mode=standalone, port=6379.') +
        log('M', '*', 'Server initialized') +
        log('M', '*', 'Ready to accept connections tcp'),
    );
    io.listen?.(6379, { protocol: 'tcp' });
    yield null;
    return 0;
  }

  stop(io: ProcessIO): number {
    const now = io.now();
    const log = (level: '*' | '#', text: string): string =>
      `1:M ${redisTime(now)} ${level} ${text}\n`;
    io.stdout(
      `1:signal-handler (${Math.floor(now / 1000)}) Received SIGTERM scheduling shutdown...\n` +
        log('*', 'User requested shutdown...') +
        log('*', 'Saving the final RDB snapshot before exiting.') +
        log('*', 'DB saved on disk') +
        log('#', 'Redis is now ready to exit, bye bye...'),
    );
    return 0;
  }
}

/** httpd's error log time: `Tue Nov 26 10:00:00.123000 2024`. */
function httpdTime(ms: number): string {
  const micros = `${String(ms % 1000).padStart(3, '0')}000`;
  return strftime(`%a %b %d %H:%M:%S.${micros} %Y`, ms);
}

export class Httpd implements Program {
  constructor(private readonly environment: ProcessEnvironment) {}

  *run(io: ProcessIO): ProgramRun {
    const servername = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${this.environment.ip}. Set the 'ServerName' directive globally to suppress this message\n`;
    io.stderr(servername + servername);
    yield 2;
    io.stderr(
      `[${httpdTime(io.now())}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations\n` +
        `[${httpdTime(io.now())}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n`,
    );
    io.listen?.(80, httpdSite(io));
    yield null;
    return 0;
  }

  /** STOPSIGNAL SIGWINCH: a graceful stop. */
  stop(io: ProcessIO): number {
    io.stderr(
      `[${httpdTime(io.now())}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully\n`,
    );
    return 0;
  }
}

/**
 * The HPA walkthrough's php-apache (registry.k8s.io/hpa-example: Apache 2.4 prefork with PHP 5),
 * answering "OK!" on port 80 once it has burned the CPU its index.php costs.
 */
export class PhpApache implements Program {
  constructor(private readonly environment: ProcessEnvironment) {}

  *run(io: ProcessIO): ProgramRun {
    const servername = `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${this.environment.ip}. Set the 'ServerName' directive globally to suppress this message\n`;
    io.stderr(servername + servername);
    yield 2;
    io.stderr(
      `[${httpdTime(io.now())}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.14 configured -- resuming normal operations\n` +
        `[${httpdTime(io.now())}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'\n`,
    );
    io.listen?.(80, phpApacheSite(io));
    yield null;
    return 0;
  }

  /** apache2 stops gracefully on SIGTERM. */
  stop(io: ProcessIO): number {
    io.stderr(
      `[${httpdTime(io.now())}] [mpm_prefork:notice] [pid 1] AH00169: caught SIGTERM, shutting down\n`,
    );
    return 0;
  }
}

/** postgres's log prefix: `2024-11-26 10:00:00.123 UTC [1] `. */
function postgresPrefix(ms: number, pid: number): string {
  return `${strftime('%Y-%m-%d %H:%M:%S', ms)}.${String(ms % 1000).padStart(3, '0')} UTC [${pid}] `;
}

const NO_PASSWORD = `Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
`;

const INITDB = `The files belonging to this database system will be owned by user "postgres".
This user must also own the server process.

The database cluster will be initialized with locale "en_US.utf8".
The default database encoding has accordingly been set to "UTF8".
The default text search configuration will be set to "english".

Data page checksums are disabled.

fixing permissions on existing directory /var/lib/postgresql/data ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default "max_connections" ... 100
selecting default "shared_buffers" ... 128MB
selecting default time zone ... Etc/UTC
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... ok
syncing data to disk ... ok


Success. You can now start the database server using:

    pg_ctl -D /var/lib/postgresql/data -l logfile start

`;

export class Postgres implements Program {
  constructor(private readonly environment: ProcessEnvironment) {}

  *run(io: ProcessIO): ProgramRun {
    const env = this.environment.env;
    if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
      io.stderr(NO_PASSWORD);
      return 1;
    }
    io.stdout(INITDB);
    yield 1200;
    const log = (pid: number, text: string): string =>
      `${postgresPrefix(io.now(), pid)}LOG:  ${text}\n`;
    io.stdout('\nPostgreSQL init process complete; ready for start up.\n\n');
    io.stderr(
      log(
        1,
        'starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit',
      ) +
        log(1, 'listening on IPv4 address "0.0.0.0", port 5432') +
        log(1, 'listening on IPv6 address "::", port 5432') +
        log(1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
    );
    yield 6;
    io.stderr(
      log(62, `database system was shut down at ${strftime('%Y-%m-%d %H:%M:%S', io.now())} UTC`) +
        log(1, 'database system is ready to accept connections'),
    );
    io.listen?.(5432, { protocol: 'tcp' });
    yield null;
    return 0;
  }

  /** STOPSIGNAL SIGINT: a fast shutdown. */
  stop(io: ProcessIO): number {
    const log = (pid: number, text: string): string =>
      `${postgresPrefix(io.now(), pid)}LOG:  ${text}\n`;
    io.stderr(
      log(1, 'received fast shutdown request') +
        log(1, 'aborting any active transactions') +
        log(60, 'shutting down') +
        log(1, 'database system is shut down'),
    );
    return 0;
  }
}

/** agnhost liveness: /healthz answers 200 for its first 10 seconds, then 500. */
export class AgnhostLiveness implements Program {
  *run(io: ProcessIO): ProgramRun {
    const started = io.now();
    io.listen?.(8080, {
      protocol: 'http',
      status: (path, now) => {
        if (path === '/healthz') return now - started > 10_000 ? 500 : 200;
        return path === '/started' || path === '/redirect' ? 200 : 404;
      },
    });
    yield null;
    return 0;
  }

  /**
   * A Go program without a SIGTERM handler re-raises the signal to die of it; as PID 1 that does
   * nothing, so the runtime's fallback exits with status 2.
   */
  stop(): number {
    return 2;
  }
}

/** A `--name=value` flag of an agnhost subcommand, as a number. */
function numberFlag(args: string[], name: string, fallback: number): number {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined || Number.isNaN(Number(value)) ? fallback : Number(value);
}

/**
 * agnhost grpc-health-checking: gRPC health on --port (5000), SERVING until a request to
 * /make-not-serving on --http-port (8080), and again after /make-serving.
 */
export class AgnhostGrpcHealth implements Program {
  constructor(private readonly args: string[]) {}

  *run(io: ProcessIO): ProgramRun {
    const health = { protocol: 'grpc' as const, serving: true };
    io.listen?.(numberFlag(this.args, 'port', 5000), health);
    io.listen?.(numberFlag(this.args, 'http-port', 8080), {
      protocol: 'http',
      status: (path) => {
        if (path === '/make-serving') health.serving = true;
        else if (path === '/make-not-serving') health.serving = false;
        else return 404;
        return 200;
      },
    });
    yield null;
    return 0;
  }

  /** As agnhost liveness: a Go program as PID 1 ends with status 2 on SIGTERM. */
  stop(): number {
    return 2;
  }
}

/** A process the simulation knows nothing about: silent until stopped. */
export class Silent implements Program {
  constructor(private readonly stopStatus: number) {}

  *run(): ProgramRun {
    yield null;
    return 0;
  }

  stop(): number {
    return this.stopStatus;
  }
}
