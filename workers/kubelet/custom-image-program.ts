// The process of a custom image (custom-images.ts): it prints the definition's log lines at their
// seconds, a repeated line on its period, serves its one HTTP answer (with Go's net/http reason
// phrases, net/http/status.go) and exits when the definition says. It handles SIGTERM by exiting
// 0 at once, so deleting its pod takes no grace period.

import type { HttpResponse } from '../client/protocol.ts';
import type { ImageDefinition, LogStream } from './custom-images.ts';
import type { Listener, Program, ProcessIO, ProgramRun } from './process.ts';
import { httpDate } from './programs-http-servers.ts';
import { strftime } from './shell-builtins.ts';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  418: "I'm a teapot",
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** net/http's StatusText, or what its server writes for a code it has no text for. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `status code ${status}`;
}

interface Happening {
  at: number;
  act: (io: ProcessIO) => void;
}

function line(stream: LogStream | undefined, text: string): (io: ProcessIO) => void {
  return (io) => {
    const output = text.endsWith('\n') ? text : `${text}\n`;
    if (stream === 'stderr') io.stderr(output);
    else io.stdout(output);
  };
}

function site(http: NonNullable<ImageDefinition['http']>, io: ProcessIO): Listener {
  return {
    protocol: 'http',
    status: () => http.status,
    respond(request, client) {
      const now = io.now();
      const body = request.method === 'HEAD' ? '' : http.body;
      const response: HttpResponse = {
        status: http.status,
        reason: statusText(http.status),
        headers: [
          ['Content-Length', String(http.body.length)],
          ['Content-Type', http.contentType ?? 'text/plain; charset=utf-8'],
          ['Date', httpDate(now)],
        ],
        body,
      };
      if (http.accessLog)
        io.stdout(
          `${client} - - [${strftime('%d/%b/%Y:%H:%M:%S +0000', now)}] "${request.method} ${request.path} HTTP/1.1" ${http.status} ${body.length}\n`,
        );
      return response;
    },
  };
}

export class CustomImageProgram implements Program {
  constructor(private readonly definition: ImageDefinition) {}

  /** The listener opening and the log lines, in time order (listening first at an instant). */
  private happenings(): Happening[] {
    const { logs = [], http } = this.definition;
    const happenings: Happening[] = [];
    if (http)
      happenings.push({
        at: (http.afterSeconds ?? 0) * 1000,
        act: (io) => io.listen?.(http.port, site(http, io)),
      });
    for (const log of logs)
      happenings.push({ at: log.afterSeconds * 1000, act: line(log.stream, log.text) });
    // A stable sort keeps the definition's order among lines printed at the same second.
    return happenings.sort((a, b) => a.at - b.at);
  }

  *run(io: ProcessIO): ProgramRun {
    const pending = this.happenings();
    const { repeat, exit } = this.definition;
    const period = repeat ? repeat.everySeconds * 1000 : null;
    const exitAt = exit ? exit.afterSeconds * 1000 : null;
    let nextRepeat = period;
    let elapsed = 0;
    for (;;) {
      const candidates = [pending[0]?.at, nextRepeat, exitAt].filter(
        (at): at is number => at !== undefined && at !== null,
      );
      if (candidates.length === 0) {
        yield null;
        return 0;
      }
      const next = Math.min(...candidates);
      if (next > elapsed) yield next - elapsed;
      elapsed = next;
      while (pending[0]?.at === elapsed) pending.shift()?.act(io);
      if (repeat && period !== null && nextRepeat === elapsed) {
        line(repeat.stream, repeat.text)(io);
        nextRepeat += period;
      }
      if (exit && exitAt === elapsed) return exit.code;
    }
  }

  stop(): number {
    return 0;
  }
}
