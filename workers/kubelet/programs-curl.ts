// curl 8.11.1 (lib/connect.c, lib/multi.c, lib/progress.c, src/tool_operate.c,
// src/tool_writeout.c) for one plain-HTTP URL: the body to stdout or -o, -I/-i headers, -f,
// -w's variables, -m/--connect-timeout, errors as `curl: (N) text` with N the exit status, and
// the progress meter that stderr gets when stdout is not a terminal. Virtual transfers take no
// time, so the meter's average speed is what curl computes for zero microseconds. Left out:
// TLS, redirects (-L is accepted), uploads, several URLs, and -v's per-socket failure line.

import type { ConnectionResult, HttpResponse } from '../client/protocol.ts';
import {
  SYN_GIVE_UP_MS,
  awaited,
  headerBlock,
  parseUrl,
  resolveAll,
  type Steps,
  type Url,
} from './programs-net.ts';
import type { Builtin, BuiltinContext } from './shell-builtins.ts';

const VERSION = '8.11.1';
/** lib/connect.h DEFAULT_CONNECT_TIMEOUT: five minutes. */
const DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  noProgress: boolean;
  output?: string;
  writeOut?: string;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  userAgent: string;
  urls: string[];
}

const SHORT_FLAGS: Record<string, keyof CurlOptions | null> = {
  s: 'silent',
  S: 'showError',
  v: 'verbose',
  I: 'head',
  i: 'include',
  f: 'fail',
  L: null,
  k: null,
  '4': null,
};
const SHORT_WITH_VALUE = new Set(['o', 'w', 'm', 'A', 'H', 'X']);
const LONG_NAMES: Record<string, string> = {
  silent: 's',
  'show-error': 'S',
  verbose: 'v',
  head: 'I',
  include: 'i',
  fail: 'f',
  location: 'L',
  insecure: 'k',
  output: 'o',
  'write-out': 'w',
  'max-time': 'm',
  'user-agent': 'A',
  header: 'H',
  request: 'X',
  'connect-timeout': 'connect-timeout',
  'no-progress-meter': 'no-progress-meter',
};

type Parsed = { options: CurlOptions } | { unknown: string };

function seconds(value: string): number {
  return Math.round(Number(value) * 1000);
}

function parseOptions(args: string[]): Parsed {
  const options: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    noProgress: false,
    userAgent: `curl/${VERSION}`,
    urls: [],
  };
  const setValue = (flag: string, value: string): void => {
    if (flag === 'o') options.output = value;
    else if (flag === 'w') options.writeOut = value;
    else if (flag === 'm') options.maxTimeMs = seconds(value);
    else if (flag === 'A') options.userAgent = value;
    else if (flag === 'connect-timeout') options.connectTimeoutMs = seconds(value);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      const flag = LONG_NAMES[arg.slice(2)];
      if (flag === undefined) return { unknown: arg };
      if (flag === 'no-progress-meter') options.noProgress = true;
      else if (SHORT_WITH_VALUE.has(flag) || flag === 'connect-timeout')
        setValue(flag, args[++i] ?? '');
      else {
        const field = SHORT_FLAGS[flag];
        if (field) Object.assign(options, { [field]: true });
      }
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.urls.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j] ?? '';
      if (SHORT_WITH_VALUE.has(flag)) {
        setValue(flag, j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
        break;
      }
      if (!(flag in SHORT_FLAGS)) return { unknown: `-${flag}` };
      const field = SHORT_FLAGS[flag];
      if (field) Object.assign(options, { [field]: true });
    }
  }
  return { options };
}

/** lib/progress.c max5data: a size or speed in at most five columns. */
function max5(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  if (bytes < 100_000) return String(bytes).padStart(5);
  if (bytes < 10_000 * KB) return `${String(Math.floor(bytes / KB)).padStart(4)}k`;
  if (bytes < 100 * MB)
    return `${String(Math.floor(bytes / MB)).padStart(2)}.${String(Math.floor((bytes % MB) / (MB / 10)))}M`;
  return `${String(Math.floor(bytes / MB)).padStart(4)}M`;
}

/** lib/progress.c time2str for the meter's time columns. */
function time2str(secs: number): string {
  if (secs <= 0) return '--:--:--';
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const METER_HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

interface Meter {
  total: number;
  received: number;
  percent: number;
  speed: number;
  spentSecs: number;
  current: number;
}

function meterLine(meter: Meter): string {
  const percent = String(meter.percent).padStart(3);
  return (
    `\r${percent} ${max5(meter.total)}  ${percent} ${max5(meter.received)}    0     0  ` +
    `${max5(meter.speed)}      0 --:--:-- ${time2str(meter.spentSecs)} --:--:-- ${max5(meter.current)}`
  );
}

/** The meter's first update, before any byte: nothing known yet. */
const idle = (spentSecs: number): string =>
  meterLine({ total: 0, received: 0, percent: 0, speed: 0, spentSecs, current: 0 });

class Curl {
  private readonly started: number;
  private code = 0;
  private ip = '';
  private port = 0;
  private response: HttpResponse | null = null;

  constructor(
    private readonly context: BuiltinContext,
    private readonly options: CurlOptions,
    private readonly target: Url,
  ) {
    this.started = context.now();
  }

  private get meter(): boolean {
    return !this.options.silent && !this.options.noProgress;
  }

  private info(line: string): void {
    if (this.options.verbose) this.context.write(2, `* ${line}\n`);
  }

  /** The elapsed virtual time, as curl's timediffs print it. */
  private elapsed(): number {
    return this.context.now() - this.started;
  }

  private fail(code: number, message: string): number {
    this.code = code;
    this.info(message);
    if (!this.options.silent || this.options.showError)
      this.context.write(2, `curl: (${String(code)}) ${message}\n`);
    return code;
  }

  *run(): Steps<number> {
    if (this.meter) this.context.write(2, METER_HEADER + idle(0));
    const status = yield* this.transfer();
    this.writeOut();
    return status;
  }

  private *transfer(): Steps<number> {
    const { host, port } = this.target;
    const addresses = yield* resolveAll(this.context, host);
    if (addresses.length === 0) return this.fail(6, `Could not resolve host: ${host}`);
    const ip = addresses[0] ?? '';
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      this.info(`Host ${host}:${String(port)} was resolved.`);
      this.info('IPv6: (none)');
      this.info(`IPv4: ${addresses.join(', ')}`);
    }
    this.info(`  Trying ${ip}:${String(port)}...`);
    const result = this.context.network
      ? yield* awaited(
          this.context.network.connect(ip, port, {
            method: this.options.head ? 'HEAD' : 'GET',
            path: this.target.path,
            host: this.target.authority,
            userAgent: this.options.userAgent,
          }),
        )
      : ({ kind: 'unanswered' } as const);
    return yield* this.connected(result, ip);
  }

  private *connected(result: ConnectionResult, ip: string): Steps<number> {
    const { host, port } = this.target;
    switch (result.kind) {
      case 'refused':
        return this.fail(
          7,
          `Failed to connect to ${host} port ${String(port)} after ${String(this.elapsed())} ms: Could not connect to server`,
        );
      case 'unanswered':
        return yield* this.timedOut();
      case 'closed':
        this.connectedTo(ip);
        return this.fail(52, 'Empty reply from server');
      case 'response':
        this.connectedTo(ip);
        return this.received(result.response);
    }
  }

  private connectedTo(ip: string): void {
    this.ip = ip;
    this.port = this.target.port;
    this.info(`Connected to ${this.target.host} (${ip}) port ${String(this.target.port)}`);
    this.info('using HTTP/1.x');
    if (!this.options.verbose) return;
    const request = [
      `${this.options.head ? 'HEAD' : 'GET'} ${this.target.path} HTTP/1.1`,
      `Host: ${this.target.authority}`,
      `User-Agent: ${this.options.userAgent}`,
      'Accept: */*',
      '',
    ];
    this.context.write(2, request.map((line) => `> ${line}\r\n`).join(''));
    this.info('Request completely sent off');
  }

  /** Nothing answered the SYN: curl's own timeout, or the kernel's, ends the wait. */
  private *timedOut(): Steps<number> {
    const limits = [this.options.connectTimeoutMs, this.options.maxTimeMs].filter(
      (limit): limit is number => limit !== undefined && limit > 0,
    );
    const curlLimit = limits.length > 0 ? Math.min(...limits) : DEFAULT_CONNECT_TIMEOUT_MS;
    // Curl_timeleft goes negative one millisecond past the limit.
    const waitMs = curlLimit < SYN_GIVE_UP_MS ? curlLimit + 1 : SYN_GIVE_UP_MS;
    for (let second = 1; second * 1000 <= waitMs; second++) {
      yield 1000;
      if (this.meter) this.context.write(2, idle(second));
    }
    yield waitMs % 1000;
    const { host, port } = this.target;
    if (curlLimit < SYN_GIVE_UP_MS)
      return this.fail(28, `Connection timed out after ${String(this.elapsed())} milliseconds`);
    return this.fail(
      28,
      `Failed to connect to ${host} port ${String(port)} after ${String(this.elapsed())} ms: Could not connect to server`,
    );
  }

  private received(response: HttpResponse): number {
    this.response = response;
    this.code = 0;
    const headers = [...headerBlock(response), ''].map((line) => `${line}\r\n`).join('');
    if (this.options.verbose)
      this.context.write(2, [...headerBlock(response), ''].map((line) => `< ${line}\r\n`).join(''));
    if (this.options.fail && response.status >= 400)
      return this.fail(22, `The requested URL returned error: ${String(response.status)}`);
    const shown = this.options.head || this.options.include ? headers : '';
    const body = this.options.head ? '' : response.body;
    if (this.options.verbose && body.length > 0)
      this.context.write(2, `{ [${String(body.length)} bytes data]\n`);
    this.deliver(shown + body);
    this.closeMeter(body.length);
    this.info(`Connection #0 to host ${this.target.host} left intact`);
    return 0;
  }

  private deliver(text: string): void {
    const output = this.options.output;
    if (output === undefined || output === '-') this.context.write(1, text);
    else if (output !== '/dev/null') this.context.files.set(output, text);
  }

  /** Curl_pgrsDone: the forced last update, at zero elapsed microseconds, and its newline. */
  private closeMeter(bytes = 0): void {
    if (!this.meter) return;
    const known = this.response !== null && bytes > 0;
    this.context.write(
      2,
      meterLine({
        total: bytes,
        received: bytes,
        percent: known ? 100 : 0,
        // trspeed(size, 0 µs) is size * 1000000; the current speed spans at least 1 ms.
        speed: bytes * 1_000_000,
        spentSecs: 0,
        current: bytes * 1000,
      }) + '\n',
    );
  }

  /** -w FORMAT: tool_writeout.c's variables and backslash escapes. */
  private writeOut(): void {
    const format = this.options.writeOut;
    if (format === undefined) return;
    const status = this.response?.status ?? 0;
    const variables: Record<string, string> = {
      http_code: String(status).padStart(3, '0'),
      response_code: String(status).padStart(3, '0'),
      remote_ip: this.ip,
      remote_port: String(this.port),
      size_download: String(this.options.head ? 0 : (this.response?.body.length ?? 0)),
      exitcode: String(this.code),
      num_connects: String(this.response ? 1 : 0),
      url_effective: `http://${this.target.authority}${this.target.path}`,
      content_type:
        this.response?.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '',
      time_total: (this.elapsed() / 1000).toFixed(6),
    };
    const out = format.replace(
      /%\{([^}]*)\}|%%|\\([nrt])/g,
      (whole, name?: string, escape?: string) => {
        if (whole === '%%') return '%';
        if (escape !== undefined) return { n: '\n', r: '\r', t: '\t' }[escape] ?? whole;
        const value = variables[name ?? ''];
        if (value === undefined) {
          this.context.write(2, `curl: unknown --write-out variable: '${name ?? ''}'\n`);
          return '';
        }
        return value;
      },
    );
    this.context.write(1, out);
  }
}

function* curlMain(context: BuiltinContext, args: string[]): Steps<number> {
  const parsed = parseOptions(args);
  if ('unknown' in parsed) {
    context.write(
      2,
      `curl: option ${parsed.unknown}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
    );
    return 2;
  }
  const { options } = parsed;
  const [url] = options.urls;
  if (url === undefined) {
    context.write(
      2,
      "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    return 2;
  }
  const target = parseUrl(url);
  if (!target) {
    context.write(2, `curl: (1) Protocol "${url.split('://')[0] ?? ''}" not supported\n`);
    return 1;
  }
  return yield* new Curl(context, options, target).run();
}

export const curl: Builtin = (context, args) => ({ steps: curlMain(context, args) });
