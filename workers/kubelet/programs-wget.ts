// busybox 1.37's wget (networking/wget.c): `Connecting to host (ip:port)`, the request with
// `User-Agent: Wget` and `Connection: close`, -S's response headers, the file or stdout, the
// non-tty progress line of libbb/progress.c and `written to stdout`; errors as bb_error_msg
// words them, each ending wget with status 1. Left out: FTP, proxies, redirects, -c, --post-*.

import type { HttpResponse } from '../client/protocol.ts';
import {
  SYN_GIVE_UP_MS,
  connect,
  headerBlock,
  parseUrl,
  resolveHost,
  type Steps,
} from './programs-net.ts';
import type { Builtin, BuiltinContext } from './shell-builtins.ts';

interface WgetOptions {
  quiet: boolean;
  serverResponse: boolean;
  spider: boolean;
  output?: string;
  userAgent: string;
  timeoutSeconds: number;
  urls: string[];
}

/** The statuses download_one_url goes on with (redirects are not followed here). */
const ACCEPTED = new Set([200, 201, 202, 203, 204, 300, 301, 302, 303, 307, 308]);

const WITH_ARGUMENT = new Set(['O', 'o', 'P', 'Y', 'U', 'T', 't']);
const LONG_NAMES: Record<string, string> = {
  quiet: 'q',
  'server-response': 'S',
  'output-document': 'O',
  'output-file': 'o',
  'directory-prefix': 'P',
  proxy: 'Y',
  'user-agent': 'U',
  timeout: 'T',
  tries: 't',
  spider: 'spider',
};

/** getopt32's "cqSO:o:P:Y:U:T:+t:n::" and the long options wget.c lists. */
function parseOptions(args: string[]): WgetOptions {
  const options: WgetOptions = {
    quiet: false,
    serverResponse: false,
    spider: false,
    userAgent: 'Wget',
    timeoutSeconds: 900,
    urls: [],
  };
  const set = (flag: string, value: string): void => {
    if (flag === 'q') options.quiet = true;
    else if (flag === 'S') options.serverResponse = true;
    else if (flag === 'spider') options.spider = true;
    else if (flag === 'O') options.output = value;
    else if (flag === 'U') options.userAgent = value;
    else if (flag === 'T') options.timeoutSeconds = Number(value);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      options.urls.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
      const flag = LONG_NAMES[name] ?? name;
      set(flag, inline ?? (WITH_ARGUMENT.has(flag) ? (args[++i] ?? '') : ''));
    } else if (arg.startsWith('-') && arg !== '-') {
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j] ?? '';
        if (!WITH_ARGUMENT.has(flag)) {
          set(flag, '');
          continue;
        }
        set(flag, j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
        break;
      }
    } else options.urls.push(arg);
  }
  return options;
}

/** libbb's progress line as a non-tty stderr gets it: the final update only. */
export function progressLine(file: string, bytes: number): string {
  // The bar is as wide as the terminal (80 columns without one) less 48.
  const bar = '*'.repeat(32);
  return `${file.padEnd(20).slice(0, 20)} 100% |${bar}| ${String(bytes).padStart(5)}  0:00:00 ETA\n`;
}

function basename(path: string): string {
  const clean = path.replace(/[?#].*$/, '');
  return clean.slice(clean.lastIndexOf('/') + 1);
}

class Wget {
  constructor(
    private readonly context: BuiltinContext,
    private readonly options: WgetOptions,
  ) {}

  private say(text: string): void {
    if (!this.options.quiet) this.context.write(2, text);
  }

  private die(text: string): number {
    this.context.write(2, `wget: ${text}\n`);
    return 1;
  }

  *run(): Steps<number> {
    for (const url of this.options.urls) {
      const status = yield* this.download(url);
      if (status !== 0) return status;
    }
    return 0;
  }

  private *download(url: string): Steps<number> {
    const target = parseUrl(url);
    if (!target) return this.die(`not an http or ftp url: ${url}`);
    const ip = yield* resolveHost(this.context, target.host);
    if (!ip) return this.die(`bad address '${target.authority}'`);
    this.say(`Connecting to ${target.authority} (${ip}:${String(target.port)})\n`);
    const result = yield* connect(this.context.network, ip, target.port, {
      method: 'GET',
      path: target.path,
      host: target.authority,
      userAgent: this.options.userAgent,
      close: true,
    });
    switch (result.kind) {
      case 'refused':
        return this.die(`can't connect to remote host (${ip}): Connection refused`);
      case 'closed':
        return this.die('error getting response');
      case 'unanswered': {
        const alarmMs = this.options.timeoutSeconds * 1000;
        if (alarmMs > 0 && alarmMs < SYN_GIVE_UP_MS) {
          yield alarmMs;
          return this.die('download timed out');
        }
        yield SYN_GIVE_UP_MS;
        return this.die(`can't connect to remote host (${ip}): Connection timed out`);
      }
      case 'response':
        return this.received(result.response, target.path);
    }
  }

  private received(response: HttpResponse, path: string): number {
    const [statusLine = '', ...headers] = headerBlock(response);
    if (this.options.serverResponse) this.context.write(2, `  ${statusLine}\n`);
    if (!ACCEPTED.has(response.status)) return this.die(`server returned error: ${statusLine}`);
    if (this.options.serverResponse)
      this.context.write(2, [...headers, ''].map((line) => `  ${line}\n`).join(''));
    if (this.options.spider) {
      this.say('remote file exists\n');
      return 0;
    }
    const output = this.options.output ?? (basename(path) || 'index.html');
    const toStdout = output === '-';
    if (!toStdout && this.options.output === undefined && this.context.files.has(output))
      return this.die(`can't open '${output}': File exists`);
    this.say(toStdout ? 'writing to stdout\n' : `saving to '${output}'\n`);
    if (toStdout) this.context.write(1, response.body);
    else if (output !== '/dev/null') this.context.files.set(output, response.body);
    // A body that was over in the first second is drawn once, at its end; an empty one never.
    if (response.body.length > 0) this.say(progressLine(basename(output), response.body.length));
    this.say(toStdout ? 'written to stdout\n' : `'${output}' saved\n`);
    return 0;
  }
}

export const wget: Builtin = (context, args) => ({
  steps: new Wget(context, parseOptions(args)).run(),
});
